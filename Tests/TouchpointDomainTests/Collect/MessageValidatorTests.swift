import XCTest
@testable import TouchpointDomain

final class MessageValidatorTests: XCTestCase {
    func rejection(_ json: String, type: MessageType? = nil) -> MessageRejection? {
        if case .failure(let rejection) = Messages.validate(json, type: type) { return rejection }
        return nil
    }

    func testClockSkewIsCorrectedWithSentAt() throws {
        // The client's clock is 1 hour fast: sentAt says 11:00 while the server received it at receivedAt.
        let sentAt = Messages.receivedAt.addingTimeInterval(3600)
        let happened = sentAt.addingTimeInterval(-30)
        let json = #"{"type":"track","userId":"u1","event":"E","timestamp":"\#(Timestamps.format(happened))","sentAt":"\#(Timestamps.format(sentAt))"}"#
        let message = try Messages.validate(json).get()
        XCTAssertEqual(message.timestamp.timeIntervalSince1970, Messages.receivedAt.timeIntervalSince1970 - 30, accuracy: 0.001)
    }

    func testImportKeepsHistoricalTimestamps() throws {
        let json = #"{"type":"track","userId":"u1","event":"E","timestamp":"2020-01-01T00:00:00Z","sentAt":"2026-11-01T00:00:00Z"}"#
        let message = try Messages.validate(json, correctsClockSkew: false).get()
        XCTAssertEqual(Timestamps.format(message.timestamp), "2020-01-01T00:00:00.000Z")
    }

    func testMissingTimestampMeansReceivedAt() throws {
        let message = try Messages.validate(#"{"type":"page","anonymousId":"a"}"#).get()
        XCTAssertEqual(message.timestamp, Messages.receivedAt)
        XCTAssertEqual(message.channel, .web)
    }

    func testRejectsWhatSegmentRejects() {
        XCTAssertEqual(rejection(#"{"type":"track","event":"E"}"#)?.code, "missing_identity")
        XCTAssertEqual(rejection(#"{"type":"track","userId":"u"}"#)?.code, "missing_field")
        XCTAssertEqual(rejection(#"{"type":"explode","userId":"u"}"#)?.code, "unknown_type")
        XCTAssertEqual(rejection(#"{"type":"track","userId":"u","event":"E","timestamp":"noon"}"#)?.code, "invalid_timestamp")
        XCTAssertEqual(rejection(#"{"type":"track","userId":{"a":1},"event":"E"}"#)?.code, "invalid_field")
        XCTAssertEqual(rejection(#"{"type":"track","userId":"u","event":"E","properties":[1]}"#)?.code, "invalid_field")
        XCTAssertEqual(rejection(#"{"type":"alias","userId":"u"}"#)?.code, "missing_identity")
        XCTAssertEqual(rejection(#"{"type":"group","userId":"u"}"#)?.code, "missing_field")
        XCTAssertEqual(rejection(#"[1,2]"#)?.code, "invalid_message")
        XCTAssertEqual(rejection(#"{"userId":"u","event":"E"}"#)?.code, "missing_type")
        XCTAssertEqual(rejection(#"{"type":"page","userId":"u"}"#, type: .track)?.code, "type_mismatch")
    }

    func testCollectsEveryIdentifierNormalised() throws {
        let json = #"""
        {"type":"identify","userId":"u1","anonymousId":"a1","traits":{"email":"Ann@Example.com","phone":"601 234 567"},
         "context":{"externalIds":[{"id":"C-9","type":"crm_id","collection":"users","encoding":"none"}]}}
        """#
        let message = try Messages.validate(json).get()
        XCTAssertEqual(Set(message.identifiers.map(\.key)),
                       ["user_id:u1", "anonymous_id:a1", "email:ann@example.com", "phone:+48601234567", "crm_id:C-9"])
    }

    func testChannelFromContextOrType() throws {
        XCTAssertEqual(try Messages.validate(#"{"type":"track","userId":"u","event":"Call","context":{"channel":"phone"}}"#).get().channel, .phone)
        XCTAssertEqual(try Messages.validate(#"{"type":"track","userId":"u","event":"Buy","context":{"channel":"pos"}}"#).get().channel, .store)
        XCTAssertEqual(try Messages.validate(#"{"type":"screen","userId":"u"}"#).get().channel, .mobile)
        XCTAssertEqual(try Messages.validate(#"{"type":"track","userId":"u","event":"E"}"#).get().channel, .server)
    }

    func testNumericUserIdsAreKeptAsText() throws {
        XCTAssertEqual(try Messages.validate(#"{"type":"track","userId":42,"event":"E"}"#).get().userID, "42")
    }
}

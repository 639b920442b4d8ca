import XCTest
@testable import TouchpointDomain

final class JSONCodecTests: XCTestCase {
    func testRoundTripsNestedValuesWithStableKeyOrder() throws {
        let text = #"{"b":[1,2.5,"x",true,null],"a":{"z":"\u00e9\n\"q\""}}"#
        let value = try JSONCodec.parse(text.utf8)
        XCTAssertEqual(JSONCodec.serialize(value), #"{"a":{"z":"é\n\"q\""},"b":[1,2.5,"x",true,null]}"#)
    }

    func testDecodesSurrogatePairs() throws {
        let value = try JSONCodec.parse(#""\ud83d\ude00""#.utf8)
        XCTAssertEqual(value, .string("😀"))
    }

    func testRejectsInvalidUTF8WithOffset() {
        let bytes: [UInt8] = Array(#"{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        XCTAssertThrowsError(try JSONCodec.parse(bytes)) { error in
            XCTAssertTrue("\(error)".contains("invalid UTF-8"), "\(error)")
        }
    }

    func testRejectsTrailingGarbageAndBadLiterals() {
        XCTAssertThrowsError(try JSONCodec.parse(#"{"a":1} x"#.utf8))
        XCTAssertThrowsError(try JSONCodec.parse(#"{"a":tru}"#.utf8))
        XCTAssertThrowsError(try JSONCodec.parse(#"{"a":01}"#.utf8))
        XCTAssertThrowsError(try JSONCodec.parse(#"{"a" 1}"#.utf8))
        XCTAssertThrowsError(try JSONCodec.parse("".utf8))
    }

    func testRefusesHostileNesting() {
        let deep = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        XCTAssertThrowsError(try JSONCodec.parse(deep.utf8)) { error in
            XCTAssertTrue("\(error)".contains("nested deeper"))
        }
    }

    func testTimestampsAcceptClientForms() {
        XCTAssertEqual(Timestamps.parse("2026-01-02T03:04:05Z")?.timeIntervalSince1970, 1767323045)
        XCTAssertEqual(Timestamps.parse("2026-01-02T03:04:05.250Z")?.timeIntervalSince1970, 1767323045.25)
        // Python's isoformat: microseconds and +00:00
        XCTAssertEqual(Timestamps.parse("2026-01-02T03:04:05.123456+00:00")!.timeIntervalSince1970, 1767323045.123456, accuracy: 0.0001)
        XCTAssertEqual(Timestamps.parse("2026-01-02T05:04:05+02:00")?.timeIntervalSince1970, 1767323045)
        XCTAssertNil(Timestamps.parse("yesterday"))
        XCTAssertNil(Timestamps.parse("2026-02-30T00:00:00Z"))
    }
}

final class TimestampFormatTests: XCTestCase {
    func testFormatKeepsTheMillisecondsAClientSent() {
        for text in ["2026-11-27T20:43:46.336Z", "1999-12-31T23:59:59.999Z", "2024-02-29T00:00:00.001Z", "1970-01-01T00:00:00.000Z"] {
            XCTAssertEqual(Timestamps.format(Timestamps.parse(text)!), text)
        }
    }
}

final class TimeOrderedIDTests: XCTestCase {
    func testIdsAreUniqueAndSortByTime() {
        let ids = (0..<10_000).map { _ in TimeOrderedID.make(at: Date(timeIntervalSince1970: 1_790_000_000)) }
        XCTAssertEqual(Set(ids).count, ids.count)
        XCTAssertLessThan(TimeOrderedID.make(at: Date(timeIntervalSince1970: 1)), TimeOrderedID.make(at: Date(timeIntervalSince1970: 2)))
        XCTAssertEqual(ids[0].count, 36)
    }
}

final class JSONMemberTests: XCTestCase {
    /// A stored track payload: the wanted member after and before others that hold every kind of value.
    func testOneMemberIsReadPastEveryKindOfValue() {
        let payload = #"""
        {"anonymousId": null, "context": {"page": {"title": "Sklep \"Dom\" {sale} [1]", "path": "/a\\b"}, "ip": "10.0.0.1",
          "tags": [1, -2.5e3, true, false, null, {"x": [[]]}], "empty": {}}, "event": "Order Completed",
          "properties": {"category": "tv", "revenue": 1299.5, "items": [{"sku": "A-1"}]}, "sentAt": "2026-12-06T10:00:00Z"}
        """#
        XCTAssertEqual(JSONCodec.member("properties", ofObject: payload.utf8),
                       JSONValue.parse(payload)?["properties"])
        XCTAssertEqual(JSONCodec.member("event", ofObject: payload.utf8), .string("Order Completed"))
        XCTAssertEqual(JSONCodec.member("anonymousId", ofObject: payload.utf8), .null)
        XCTAssertEqual(JSONCodec.member("sentAt", ofObject: payload.utf8), .string("2026-12-06T10:00:00Z"))
        XCTAssertNil(JSONCodec.member("traits", ofObject: payload.utf8))
    }

    func testNothingIsReadFromWhatIsNotAnObject() {
        XCTAssertNil(JSONCodec.member("properties", ofObject: #"["properties", {"properties": 1}]"#.utf8))
        XCTAssertNil(JSONCodec.member("properties", ofObject: "".utf8))
        XCTAssertNil(JSONCodec.member("properties", ofObject: #"{"context": {"a": "unterminated}"#.utf8))
        XCTAssertNil(JSONCodec.member("properties", ofObject: #"{"context": [1, 2"#.utf8))
        XCTAssertEqual(JSONCodec.member("properties", ofObject: #"{"properties": {}}"#.utf8), .object([:]))
    }
}

import Foundation
import XCTVapor
import TouchpointApp
import TouchpointDomain
import TouchpointStorage
@testable import TouchpointWeb

/// Hostile input on every route family: numbers far outside Int64, fractions, huge query parameters. A trap here
/// would stop the whole process (and this test run); every answer must be a 4xx or a success, and the server must
/// still answer `/health` afterwards.
final class HardeningHTTPTests: XCTestCase {
    static let extremeNumbers = ["1e30", "-1e30", "1e300", "-1e300", "9.3e18", "-9.3e18", "18446744073709551616", "2.5", "-0.0", "1e-300"]

    func testExtremeNumbersOnCollectionAreRefusedByName() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            for number in Self.extremeNumbers {
                for field in ["userId", "anonymousId", "previousId", "groupId"] {
                    let response = try await app.collect("/v1/track", #"{"\#(field)":\#(number),"anonymousId":"a-extreme","event":"E"}"#)
                    XCTAssertLessThan(response.status.code, 500, "\(database): \(field)=\(number): \(response.body.string)")
                }
                let batch = try await app.collect("/v1/batch", #"{"batch":[{"type":"identify","userId":\#(number)}]}"#)
                XCTAssertLessThan(batch.status.code, 500, "\(database): batch userId=\(number)")
                let external = try await app.collect("/v1/identify", #"{"userId":"x1","context":{"externalIds":[{"id":\#(number),"type":"crm_id","collection":"users","encoding":"none"}]}}"#)
                XCTAssertLessThan(external.status.code, 500, "\(database): externalIds id=\(number)")
                let revenue = try await app.collect("/v1/track", #"{"userId":"buyer","event":"Order Completed","properties":{"revenue":\#(number)}}"#)
                XCTAssertLessThan(revenue.status.code, 500, "\(database): revenue=\(number)")
            }
            let huge = try await app.collect("/v1/track", #"{"userId":1e30,"event":"E"}"#)
            XCTAssertEqual(huge.status, .badRequest, database)
            XCTAssertTrue(huge.body.string.contains("userId"), "\(database): the error names the field: \(huge.body.string)")
            let exact = try await app.collect("/v1/identify", #"{"userId":9007199254740992}"#)
            XCTAssertEqual(exact.status, .ok, "\(database): a whole number JSON carries exactly is an identifier")
            let parsed = try await app.collect("/v1/track", #"{"userId":"u","event":"E","timestamp":"9999-12-31T23:59:59+99:99"}"#)
            XCTAssertLessThan(parsed.status.code, 500, database)
            let refit = try await app.send(.POST, "/api/v1/value/refresh", body: "{}")
            XCTAssertLessThan(refit.status.code, 500, "\(database): a refit over absurd order amounts: \(refit.body.string)")
            let health = try await app.get("/health")
            XCTAssertEqual(health.status, .ok, database)
        }
    }

    func testExtremeNumbersOnServiceRoutesAndQueries() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let opened = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"store","customer":{"email":"extreme@example.com"},"subject":"Numbers","message":"hi"}"#)
            XCTAssertEqual(opened.status, .created, "\(database): \(opened.body.string)")
            let id = try XCTUnwrap(opened.json["id"]?.stringValue)
            let agent = try await ServiceHTTPTests.agent(app, email: "numbers@example.com")
            for number in Self.extremeNumbers {
                let requests: [(HTTPMethod, String, String)] = [
                    (.POST, "/api/v1/cases/\(id)/merge", #"{"into":\#(number)}"#),
                    (.POST, "/api/v1/service/calls", #"{"caseNumber":\#(number),"waitSeconds":1}"#),
                    (.POST, "/api/v1/service/calls", #"{"phone":"600100200","waitSeconds":\#(number),"talkSeconds":\#(number)}"#),
                    (.POST, "/api/v1/cases/\(id)/csat", #"{"score":\#(number)}"#),
                    (.POST, "/api/v1/cases/\(id)/handle-time", #"{"seconds":\#(number)}"#),
                    (.POST, "/api/v1/cases/\(id)/messages", #"{"body":"x","handleSeconds":\#(number)}"#),
                    (.PATCH, "/api/v1/service/agents/\(agent.id)", #"{"capacity":\#(number)}"#),
                    (.PUT, "/api/v1/service/settings", #"{"recontactWindowHours":\#(number),"defaultCapacity":\#(number)}"#),
                    (.PATCH, "/api/v1/cases/\(id)", #"{"priority":\#(number)}"#),
                ]
                for (method, path, body) in requests {
                    let response = try await app.send(method, path, body: body)
                    XCTAssertLessThan(response.status.code, 500, "\(database): \(method) \(path) \(body): \(response.body.string)")
                }
            }
            let paths = [
                "/api/v1/cases/99999999999999999999999", "/api/v1/cases/-9223372036854775808", "/api/v1/cases/%239223372036854775807",
                "/api/v1/cases?limit=99999999999999999999&offset=-99999999999999999999", "/api/v1/cases?offset=9223372036854775807",
                "/api/v1/profiles?q=x&limit=1e30", "/api/v1/profiles/user_id:1/timeline?before=99999999999999999999:99999999999999999999",
                "/api/v1/profiles/user_id:1/timeline?before=-9223372036854775808:-1", "/api/v1/service/alerts?limit=1e300",
                "/api/v1/journeys/funnel?from=0001-01-01&to=9999-12-31", "/api/v1/journeys/funnel?from=99999-01-01",
                "/api/v1/service/metrics?from=0001-01-01&to=9999-12-31", "/api/v1/service/sla-report?from=9999-12-31&to=0001-01-01",
                "/api/v1/profiles?tier=gold&offset=9223372036854775807", "/api/v1/profiles?churnRisk=high&offset=9223372036854775807&limit=500",
            ]
            for path in paths {
                let response = try await app.get(path)
                XCTAssertLessThan(response.status.code, 500, "\(database): GET \(path): \(response.body.string)")
            }
            // Well-formed cursors no page ever gave, on a person who exists: counting what they say was shown once
            // trapped the whole server (`-Int64.min`).
            for (time, sequence) in [(Int64(0), Int64.min), (0, -Int64.max), (Int64.max, Int64.min + 1), (Int64.min, -(Int64(1) << 32)), (0, Int64.max)] {
                let path = "/api/v1/profiles/email:extreme@example.com/timeline?before=\(TimelineCursor.encode(time: time, sequence: sequence))"
                let response = try await app.get(path)
                XCTAssertEqual(response.status, .ok, "\(database): GET \(path): \(response.body.string)")
            }
            // A sender's Date header from year 0 once opened a case whose SLA clock ran backwards over the calendar.
            let ancient = try await app.send(.POST, "/api/v1/service/email/inbound", body: #"{"from":"old@example.com","subject":"Old","text":"x","messageId":"<old1@mail>","date":"0000-06-01T12:00:00Z"}"#)
            XCTAssertEqual(ancient.status, .badRequest, "\(database): \(ancient.body.string)")
            let health = try await app.get("/health")
            XCTAssertEqual(health.status, .ok, database)
        }
    }

    /// A person who touched every area (events, a social case with notes, an e-mail thread, a call, a CSAT answer):
    /// the export holds all of it; after erasure nothing of it is found anywhere, reports no longer count it, the
    /// collection API answers their messages as if stored, and no new case is opened for them until the suppression is lifted.
    /// Request bodies are decoded into DTOs: a field of the wrong type is a 400 that names it (or the route's own code
    /// for it), a field a PATCH does not change is refused, and nothing is stored.
    func testRequestBodiesNameTheFieldOfTheWrongType() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let cases: [(HTTPMethod, String, String, String, String)] = [
                (.POST, "/api/v1/cases", #"{"customer":{"email":"dto@example.com"},"subject":"S","tags":"vip"}"#, "invalid_field", "tags"),
                (.POST, "/api/v1/cases", #"{"customer":{"email":["dto@example.com"]},"subject":"S"}"#, "missing_customer", "customer"),
                (.POST, "/api/v1/cases", #"{"customer":{"email":"dto@example.com"},"subject":"S","channel":7}"#, "invalid_channel", "channel"),
                (.POST, "/api/v1/cases", #"{"customer":{"email":"dto@example.com"},"subject":"S","at":false}"#, "invalid_timestamp", "ISO-8601"),
                (.POST, "/api/v1/cases", #"[1,2]"#, "invalid_body", "object"),
                (.POST, "/api/v1/service/email/inbound", #"{"from":42,"text":"x"}"#, "missing_sender", "from"),
                (.POST, "/api/v1/service/calls", #"{"phone":"600100200","notes":{"a":1}}"#, "invalid_field", "notes"),
            ]
            for (method, path, body, code, named) in cases {
                let response = try await app.send(method, path, body: body)
                XCTAssertEqual(response.status.code / 100, 4, "\(database): \(path) \(body): \(response.body.string)")
                XCTAssertEqual(response.json["error"]?["code"]?.stringValue, code, "\(database): \(body): \(response.body.string)")
                XCTAssertTrue(response.body.string.contains(named), "\(database): the error names \(named): \(response.body.string)")
            }
            let listed = try await app.send(.GET, "/api/v1/cases?q=dto%40example.com")
            XCTAssertEqual(listed.json["total"]?.doubleValue, 0, "\(database): nothing refused was stored: \(listed.body.string)")
            let opened = try await app.send(.POST, "/api/v1/cases", body: #"{"customer":{"email":"dto@example.com"},"subject":"Kept","category":"billing"}"#)
            let id = try XCTUnwrap(opened.json["id"]?.stringValue, opened.body.string)
            let unknown = try await app.send(.PATCH, "/api/v1/cases/\(id)", body: #"{"status":"closed"}"#)
            XCTAssertEqual(unknown.status, .badRequest, database)
            XCTAssertTrue(unknown.body.string.contains("'status' cannot be changed here"), unknown.body.string)
            let cleared = try await app.send(.PATCH, "/api/v1/cases/\(id)", body: #"{"category":null,"tags":["a","b"]}"#)
            XCTAssertEqual(cleared.status, .ok, "\(database): \(cleared.body.string)")
            XCTAssertEqual(cleared.json["category"], .null, "\(database): null clears an optional field")
            XCTAssertEqual(cleared.json["subject"]?.stringValue, "Kept", "\(database): absent fields stay as they were")
            let nullSubject = try await app.send(.PATCH, "/api/v1/cases/\(id)", body: #"{"subject":null}"#)
            XCTAssertEqual(nullSubject.status, .badRequest, "\(database): a case always has a subject")
        }
    }

    func testEraseAndExportCoverTheServiceDesk() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            _ = try await app.collect("/v1/identify", #"{"userId":"zofia","traits":{"email":"zofia@example.pl","name":"Zofia Nowak","phone":"+48 600 111 222"}}"#)
            let social = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"social","customer":{"email":"zofia@example.pl","name":"Zofia Nowak"},"subject":"Zofia's broken fridge","message":"My fridge stopped cooling"}"#)
            XCTAssertEqual(social.status, .created, "\(database): \(social.body.string)")
            let number = try XCTUnwrap(social.json["number"]?.doubleValue).formatted(.number.grouping(.never))
            _ = try await app.send(.POST, "/api/v1/cases/\(number)/messages", body: #"{"direction":"note","body":"Zofia called twice"}"#)
            _ = try await app.send(.POST, "/api/v1/cases/\(number)/status", body: #"{"status":"resolved"}"#)
            let rated = try await app.send(.POST, "/api/v1/cases/\(number)/csat", body: #"{"score":2,"comment":"slow"}"#)
            XCTAssertEqual(rated.status, .ok, "\(database): \(rated.body.string)")
            let mail = try await app.send(.POST, "/api/v1/service/email/inbound", body: #"{"from":{"email":"zofia@example.pl","name":"Zofia Nowak"},"subject":"Invoice for the fridge","text":"Please send it","messageId":"<z1@mail>"}"#)
            XCTAssertEqual(mail.status, .created, "\(database): \(mail.body.string)")
            let call = try await app.send(.POST, "/api/v1/service/calls", body: #"{"phone":"600111222","waitSeconds":10,"talkSeconds":60,"subject":"Fridge call"}"#)
            XCTAssertEqual(call.status, .created, "\(database): \(call.body.string)")

            let export = try await app.get("/api/v1/profiles/user_id:zofia/export")
            XCTAssertEqual(export.status, .ok, database)
            let cases = export.json["cases"]?.arrayValue ?? []
            XCTAssertEqual(cases.count, 3, "\(database): every case of the person is exported: \(export.body.string.prefix(400))")
            let bodies = cases.flatMap { $0["messages"]?.arrayValue ?? [] }.compactMap { $0["body"]?.stringValue }
            XCTAssertTrue(bodies.contains("Zofia called twice"), "\(database): internal notes are exported: \(bodies)")
            XCTAssertTrue(bodies.contains("Please send it"), database)
            XCTAssertEqual(cases.flatMap { $0["calls"]?.arrayValue ?? [] }.count, 1, database)
            XCTAssertTrue(cases.contains { $0["csat"]?["score"]?.doubleValue == 2 }, database)
            XCTAssertTrue(cases.allSatisfy { ($0["statusHistory"]?.arrayValue?.count ?? 0) >= 1 }, database)

            let before = try await app.get("/api/v1/service/metrics?from=2000-01-01&to=2100-01-01")
            let erase = try await app.send(.DELETE, "/api/v1/profiles/user_id:zofia")
            XCTAssertEqual(erase.status, .ok, "\(database): \(erase.body.string)")

            for query in ["Zofia", "fridge", "zofia@example.pl"] {
                let found = try await app.get("/api/v1/cases?q=\(query)&status=new,open,pending,resolved,closed")
                XCTAssertEqual(found.json["total"], .number(0), "\(database): search for \(query) after erasure: \(found.body.string)")
            }
            let byNumber = try await app.get("/api/v1/cases/\(number)")
            XCTAssertEqual(byNumber.status, .notFound, database)
            let after = try await app.get("/api/v1/service/metrics?from=2000-01-01&to=2100-01-01")
            XCTAssertNotEqual(before.body.string, after.body.string, "\(database): service reports no longer count the erased cases")

            let again = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"social","customer":{"email":"Zofia@Example.pl"},"subject":"Hello again"}"#)
            XCTAssertEqual(again.status, .conflict, "\(database): \(again.body.string)")
            XCTAssertEqual(again.errorCode, "erased_customer", database)
            let mailAgain = try await app.send(.POST, "/api/v1/service/email/inbound", body: #"{"from":"zofia@example.pl","subject":"Hi","text":"again","messageId":"<z2@mail>"}"#)
            XCTAssertEqual(mailAgain.status, .conflict, database)
            let callAgain = try await app.send(.POST, "/api/v1/service/calls", body: #"{"phone":"+48600111222","waitSeconds":1}"#)
            XCTAssertEqual(callAgain.status, .conflict, database)

            let tracked = try await app.collect("/v1/track", #"{"userId":"zofia","event":"Came back"}"#)
            let stranger = try await app.collect("/v1/track", #"{"userId":"someone-else","event":"Came back"}"#)
            XCTAssertEqual(tracked.status, stranger.status, database)
            XCTAssertEqual(tracked.json, stranger.json, "\(database): the write key cannot tell an erased person from anyone else")

            let lifted = try await app.send(.DELETE, "/api/v1/suppressions/email:zofia@example.pl")
            XCTAssertEqual(lifted.status, .ok, "\(database): \(lifted.body.string)")
            let notSuppressed = try await app.send(.DELETE, "/api/v1/suppressions/email:nobody@example.pl")
            XCTAssertEqual(notSuppressed.status, .notFound, database)
            let welcomeBack = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"social","customer":{"email":"zofia@example.pl"},"subject":"Hello again"}"#)
            XCTAssertEqual(welcomeBack.status, .created, "\(database): after the suppression is lifted: \(welcomeBack.body.string)")
        }
    }

    /// An undone merge stays undone: the message that made it, sent again, records a conflict; both profiles show the
    /// rule; removing it lets the next such message merge them.
    func testAnUndoneMergeStaysUndoneUntilTheRuleIsRemoved() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            _ = try await app.collect("/v1/page", #"{"anonymousId":"family-tablet","name":"Home"}"#)
            _ = try await app.collect("/v1/identify", #"{"userId":"marek","traits":{"name":"Marek"}}"#)
            _ = try await app.collect("/v1/track", #"{"userId":"marek","anonymousId":"family-tablet","event":"Signed In"}"#)
            let merges = try await app.get("/api/v1/profiles/user_id:marek/merges")
            let mergeID = try XCTUnwrap(merges.json.arrayValue?.first?["id"]?.stringValue ?? merges.json["merges"]?.arrayValue?.first?["id"]?.stringValue,
                                        "\(database): \(merges.body.string)")
            let undo = try await app.send(.POST, "/api/v1/merges/\(mergeID)/undo")
            XCTAssertEqual(undo.status, .ok, "\(database): \(undo.body.string)")

            _ = try await app.collect("/v1/track", #"{"userId":"marek","anonymousId":"family-tablet","event":"Product Viewed"}"#)
            let marek = try await app.get("/api/v1/profiles/user_id:marek")
            let tablet = try await app.get("/api/v1/profiles/anonymous_id:family-tablet")
            let marekID = try XCTUnwrap(marek.json["id"]?.stringValue), tabletID = try XCTUnwrap(tablet.json["id"]?.stringValue)
            XCTAssertNotEqual(marekID, tabletID, "\(database): the undone merge is not made again")
            XCTAssertEqual(marek.json["separatedFrom"], .array([.string(tabletID)]), database)
            XCTAssertEqual(tablet.json["separatedFrom"], .array([.string(marekID)]), database)
            let conflicts = try await app.get("/api/v1/profiles/user_id:marek/conflicts")
            XCTAssertTrue(conflicts.body.string.contains("kept apart"), "\(database): \(conflicts.body.string)")

            let removed = try await app.send(.DELETE, "/api/v1/profiles/user_id:marek/separations/anonymous_id:family-tablet")
            XCTAssertEqual(removed.status, .ok, "\(database): \(removed.body.string)")
            let again = try await app.send(.DELETE, "/api/v1/profiles/user_id:marek/separations/anonymous_id:family-tablet")
            XCTAssertEqual(again.status, .notFound, database)
            _ = try await app.collect("/v1/track", #"{"userId":"marek","anonymousId":"family-tablet","event":"Product Viewed","messageId":"after-rule-removed"}"#)
            let joined = try await app.get("/api/v1/profiles/anonymous_id:family-tablet")
            XCTAssertEqual(joined.json["id"]?.stringValue, marekID, "\(database): without the rule they merge again")
        }
    }

    /// What schemathesis found (scripts/fuzz), each kept fixed: strict types instead of silently ignored fields,
    /// typed SLA targets within a year, and answers the document describes.
    func testFuzzFindingsStayFixed() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            var encoded = HTTPHeaders.writeKey
            encoded.replaceOrAdd(name: .contentEncoding, value: "br")
            let unknownEncoding = try await app.collect("/v1/identify", #"{"userId":"u-1"}"#, headers: encoded)
            XCTAssertEqual(unknownEncoding.status, .unsupportedMediaType, database)

            let policy = #"{"name":"p","calendar":{"name":"c","timeZone":"UTC","weeklyHours":{"monday":[{"start":"00:00","end":"24:00"}]}},"rules":[{"targets":{"firstResponseMinutes":MINUTES}}]}"#
            let huge = try await app.send(.PUT, "/api/v1/service/sla-policy", body: policy.replacingOccurrences(of: "MINUTES", with: "1129997583636165376"))
            XCTAssertEqual(huge.status, .unprocessableEntity, "\(database): \(huge.body.string)")
            XCTAssertTrue(huge.body.string.contains("525600"), "\(database): the error says the range: \(huge.body.string)")
            let fraction = try await app.send(.PUT, "/api/v1/service/sla-policy", body: policy.replacingOccurrences(of: "MINUTES", with: "30.5"))
            XCTAssertEqual(fraction.status, .unprocessableEntity, database)
            XCTAssertTrue(fraction.body.string.contains("firstResponseMinutes"), "\(database): the error names the field: \(fraction.body.string)")

            _ = try await app.send(.POST, "/api/v1/service/email/inbound", body: #"{"from":"dup@example.com","subject":"Dup","text":"hi","messageId":"<dup-1@example.com>"}"#)
            let again = try await app.send(.POST, "/api/v1/service/email/inbound", body: #"{"from":"dup@example.com","subject":"Dup","text":"hi","messageId":"<dup-1@example.com>"}"#)
            XCTAssertEqual(again.status, .ok, database)
            XCTAssertEqual(again.json["duplicate"], .bool(true), database)

            let opened = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"store","customer":{"email":"types@example.com"},"subject":"Types","message":"hi"}"#)
            let id = try XCTUnwrap(opened.json["id"]?.stringValue)
            let agent = try await ServiceHTTPTests.agent(app, email: "types-agent@example.com")
            let team = try await ServiceHTTPTests.team(app, "Types")
            let refused: [(HTTPMethod, String, String)] = [
                (.POST, "/api/v1/cases/\(id)/assign", "not json{"),
                (.POST, "/api/v1/service/agents/\(agent.id)/tokens", "not json{"),
                (.POST, "/api/v1/service/agents/\(agent.id)/tokens", #"{"name":{}}"#),
                (.PATCH, "/api/v1/cases/\(id)", #"{"assigneeId":[]}"#),
                (.PATCH, "/api/v1/cases/\(id)", #"{"language":0}"#),
                (.PATCH, "/api/v1/service/agents/\(agent.id)", #"{"seesAllTeams":{}}"#),
                (.PATCH, "/api/v1/service/agents/\(agent.id)", #"{"skills":[1,2]}"#),
                (.PUT, "/api/v1/service/teams/\(team)/members", #"{"memberIds":[{}]}"#),
            ]
            for (method, path, body) in refused {
                let response = try await app.send(method, path, body: body)
                XCTAssertEqual(response.status, .badRequest, "\(database): \(method) \(path) \(body): \(response.body.string)")
            }
            let longName = try await app.send(.POST, "/api/v1/service/agents/\(agent.id)/tokens", body: "{\"name\":\"\(String(repeating: "x", count: 101))\"}")
            XCTAssertEqual(longName.status, .unprocessableEntity, database)
            let noBody = try await app.send(.POST, "/api/v1/service/agents/\(agent.id)/tokens")
            XCTAssertEqual(noBody.status, .created, "\(database): an empty body still makes a token with the default name")
        }
    }
}

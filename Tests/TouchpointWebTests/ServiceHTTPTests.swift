import Foundation
import XCTVapor
import TouchpointApp
import TouchpointDomain
import TouchpointStorage
@testable import TouchpointWeb

/// The service desk over HTTP in process: channels, cases, access, attachments, rules and reports.
final class ServiceHTTPTests: XCTestCase {
    static func json(_ value: JSONValue) -> String { JSONCodec.serialize(value) }

    /// Creates an agent (through the API) in the given teams and returns their id and a personal token.
    static func agent(_ app: Application, email: String, teams: [String] = [], presence: String = "online") async throws -> (id: String, headers: HTTPHeaders) {
        let created = try await app.send(.POST, "/api/v1/service/agents", body: json(.object([
            "email": .string(email), "password": .string("agent-password"), "name": .string(email), "presence": .string(presence),
            "teamIds": .array(teams.map(JSONValue.string)),
        ])))
        XCTAssertEqual(created.status, .created, created.body.string)
        let id = try XCTUnwrap(created.json["id"]?.stringValue)
        let token = try await app.send(.POST, "/api/v1/service/agents/\(id)/tokens", body: "{}")
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: try XCTUnwrap(token.json["token"]?.stringValue))
        return (id, headers)
    }

    static func team(_ app: Application, _ name: String) async throws -> String {
        let response = try await app.send(.POST, "/api/v1/service/teams", body: json(.object(["name": .string(name)])))
        XCTAssertEqual(response.status, .created, response.body.string)
        return try XCTUnwrap(response.json["id"]?.stringValue)
    }

    func testCasesFromEveryChannelLandOnTheCustomersTimeline() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            _ = try await app.collect("/v1/identify", #"{"userId":"ewa","traits":{"email":"ewa@example.pl","phone":"+48 600 700 800"}}"#)
            // Social (API), e-mail (webhook), phone (call record): all three find Ewa.
            let social = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"social","customer":{"email":"EWA@example.pl"},"subject":"Tweet about delivery","message":"Where is my parcel?"}"#)
            XCTAssertEqual(social.status, .created, "\(database): \(social.body.string)")
            let email = try await app.send(.POST, "/api/v1/service/email/inbound", body: #"{"from":{"email":"ewa@example.pl","name":"Ewa"},"subject":"Invoice","text":"Please send the invoice","messageId":"<a1@mail>"}"#)
            XCTAssertEqual(email.status, .created, "\(database): \(email.body.string)")
            let reply = try await app.send(.POST, "/api/v1/service/email/inbound", body: #"{"from":"ewa@example.pl","subject":"Re: Invoice","text":"Any news?","messageId":"<a2@mail>","inReplyTo":"<a1@mail>"}"#)
            XCTAssertEqual(reply.json["threaded"], .bool(true), database)
            XCTAssertEqual(reply.json["case"]?["id"], email.json["case"]?["id"], "\(database): a reply joins its thread")
            let resent = try await app.send(.POST, "/api/v1/service/email/inbound", body: #"{"from":"ewa@example.pl","subject":"Invoice","text":"Please send the invoice","messageId":"<a1@mail>"}"#)
            XCTAssertEqual(resent.json["duplicate"], .bool(true), "\(database): a re-delivered e-mail opens nothing new")
            let call = try await app.send(.POST, "/api/v1/service/calls", body: #"{"phone":"600700800","direction":"inbound","waitSeconds":30,"talkSeconds":240,"wrapSeconds":60,"outcome":"resolved","subject":"Warranty"}"#)
            XCTAssertEqual(call.status, .created, "\(database): \(call.body.string)")
            XCTAssertEqual(call.json["case"]?["status"]?.stringValue, "resolved", database)

            let cases = try await app.get("/api/v1/profiles/user_id:ewa/cases")
            XCTAssertEqual(cases.json["cases"]?.arrayValue?.count, 3, "\(database): \(cases.body.string)")
            let timeline = try await app.get("/api/v1/profiles/user_id:ewa/timeline?limit=50")
            let names = Set(timeline.json["events"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [])
            for expected in ["Case Created", "Case Message Received", "Call Completed", "Case Status Changed"] {
                XCTAssertTrue(names.contains(expected), "\(database): \(expected) missing from \(names)")
            }
        }
    }

    func testConversationStatusMergeAndSatisfaction() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let opened = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"store","customer":{"name":"Jan","phone":"+48 500 100 200"},"subject":"Broken TV","message":"Screen is black","priority":"high","category":"warranty","tags":["TV","tv"]}"#)
            let number = try XCTUnwrap(opened.json["number"]?.doubleValue).formatted(.number.grouping(.never))
            XCTAssertEqual(opened.json["tags"], .array([.string("tv")]), "\(database): tags are cleaned and de-duplicated")
            let reply = try await app.send(.POST, "/api/v1/cases/\(number)/messages", body: #"{"body":"We will replace it","handleSeconds":120}"#)
            XCTAssertEqual(reply.status, .created, "\(database): \(reply.body.string)")
            XCTAssertEqual(reply.json["case"]?["status"]?.stringValue, "open", database)
            let note = try await app.send(.POST, "/api/v1/cases/\(number)/messages", body: #"{"direction":"note","body":"Check stock"}"#)
            XCTAssertEqual(note.json["message"]?["direction"]?.stringValue, "note", database)
            let early = try await app.send(.POST, "/api/v1/cases/\(number)/csat", body: #"{"score":5}"#)
            XCTAssertEqual(early.status, .conflict, "\(database): CSAT comes after resolution")
            let wrong = try await app.send(.POST, "/api/v1/cases/\(number)/status", body: #"{"status":"new"}"#)
            XCTAssertEqual(wrong.status, .unprocessableEntity, database)
            let resolved = try await app.send(.POST, "/api/v1/cases/\(number)/status", body: #"{"status":"resolved"}"#)
            XCTAssertEqual(resolved.json["status"]?.stringValue, "resolved", database)
            let rated = try await app.send(.POST, "/api/v1/cases/\(number)/csat", body: #"{"score":4,"comment":"quick"}"#)
            XCTAssertEqual(rated.json["csat"]?["score"]?.doubleValue, 4, database)
            let bad = try await app.send(.POST, "/api/v1/cases/\(number)/csat", body: #"{"score":7}"#)
            XCTAssertEqual(bad.status, .unprocessableEntity, database)
            let reopened = try await app.send(.POST, "/api/v1/cases/\(number)/status", body: #"{"status":"open"}"#)
            XCTAssertEqual(reopened.json["reopenCount"]?.doubleValue, 1, database)

            let duplicate = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"phone","customer":{"phone":"500100200"},"subject":"TV again","message":"Called about the TV"}"#)
            let duplicateNumber = try XCTUnwrap(duplicate.json["number"]?.doubleValue).formatted(.number.grouping(.never))
            let merged = try await app.send(.POST, "/api/v1/cases/\(duplicateNumber)/merge", body: "{\"into\":\"\(number)\"}")
            XCTAssertEqual(merged.status, .ok, "\(database): \(merged.body.string)")
            let detail = try await app.get("/api/v1/cases/\(number)")
            XCTAssertEqual(detail.json["messages"]?.arrayValue?.count, 4, "\(database): \(detail.body.string)")
            XCTAssertEqual(detail.json["handleSeconds"]?.doubleValue, 120, database)
            XCTAssertNotNil(detail.json["slaClocks"]?.arrayValue?.first?["metric"]?.stringValue, database)
            let gone = try await app.get("/api/v1/cases/\(duplicateNumber)")
            XCTAssertEqual(gone.json["mergedInto"]?.stringValue, detail.json["id"]?.stringValue, database)
        }
    }

    func testAgentsSeeOnlyTheirTeamsCases() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let returns = try await Self.team(app, "Returns")
            let vip = try await Self.team(app, "VIP")
            let (_, olaHeaders) = try await Self.agent(app, email: "ola@shop.pl", teams: [returns], presence: "offline")
            let vipCase = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"email","customer":{"email":"rich@example.com"},"subject":"VIP order","message":"hi"}"#)
            let vipID = try XCTUnwrap(vipCase.json["id"]?.stringValue)
            _ = try await app.send(.PATCH, "/api/v1/cases/\(vipID)", body: "{\"teamId\":\"\(vip)\"}")
            let hidden = try await app.get("/api/v1/cases/\(vipID)", headers: olaHeaders)
            XCTAssertEqual(hidden.status, .notFound, "\(database): another team's case is not visible")
            let list = try await app.get("/api/v1/cases", headers: olaHeaders)
            XCTAssertFalse(list.body.string.contains(vipID), database)
            let refused = try await app.send(.PUT, "/api/v1/service/routing-rules", headers: olaHeaders, body: #"{"rules":[]}"#)
            XCTAssertEqual(refused.status, .forbidden, "\(database): agents do not change routing")
            let metrics = try await app.get("/api/v1/service/metrics", headers: olaHeaders)
            XCTAssertEqual(metrics.status, .forbidden, database)
            let anonymous = try await app.get("/api/v1/cases", headers: [:])
            XCTAssertEqual(anonymous.status, .unauthorized, database)
            XCTAssertEqual(anonymous.errorCode, "unauthorized", database)
            // Own presence is the agent's to set.
            let presence = try await app.send(.PATCH, "/api/v1/service/agents/me", headers: olaHeaders, body: #"{"presence":"away"}"#)
            XCTAssertEqual(presence.json["presence"]?.stringValue, "away", "\(database): \(presence.body.string)")
            let capacity = try await app.send(.PATCH, "/api/v1/service/agents/me", headers: olaHeaders, body: #"{"capacity":50}"#)
            XCTAssertEqual(capacity.status, .forbidden, "\(database): capacity is a manager's decision")
        }
    }

    func testRoutingRulesAndTheQueue() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let chatTeam = try await Self.team(app, "Chat")
            let unknown = try await app.send(.PUT, "/api/v1/service/routing-rules", body: #"{"rules":[{"id":"r1","name":"Chat","position":1,"conditions":{"channels":["chat"]},"teamID":"nope","strategy":"round_robin","requiredSkills":[]}]}"#)
            XCTAssertEqual(unknown.status, .unprocessableEntity, database)
            let rules = try await app.send(.PUT, "/api/v1/service/routing-rules", body: "{\"rules\":[{\"id\":\"r1\",\"name\":\"Chat\",\"position\":1,\"conditions\":{\"channels\":[\"chat\"]},\"teamID\":\"\(chatTeam)\",\"strategy\":\"round_robin\",\"requiredSkills\":[]}]}")
            XCTAssertEqual(rules.status, .ok, "\(database): \(rules.body.string)")
            // Nobody online: the chat waits in the queue, then drains to the agent who comes online.
            let (agentID, agentHeaders) = try await Self.agent(app, email: "kasia@shop.pl", teams: [chatTeam], presence: "offline")
            let waiting = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"chat","customer":{"anonymousId":"visitor-123456"},"subject":"Help","message":"hello?"}"#)
            XCTAssertEqual(waiting.json["teamId"]?.stringValue, chatTeam, database)
            XCTAssertEqual(waiting.json["assigneeId"], .null, database)
            let queue = try await app.get("/api/v1/service/queue")
            XCTAssertEqual(queue.json["cases"]?.arrayValue?.count, 1, database)
            _ = try await app.send(.PATCH, "/api/v1/service/agents/me", headers: agentHeaders, body: #"{"presence":"online"}"#)
            let mine = try await app.get("/api/v1/cases?assignee=me", headers: agentHeaders)
            XCTAssertEqual(mine.json["cases"]?.arrayValue?.first?["assigneeId"]?.stringValue, agentID, "\(database): \(mine.body.string)")
        }
    }

    func testSLAPolicyWithABusinessCalendar() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let invalid = try await app.send(.PUT, "/api/v1/service/sla-policy", body: #"{"name":"x","calendar":{"name":"c","timeZone":"Mars/Olympus","weeklyHours":{},"holidays":[]},"rules":[],"atRiskFraction":0.8}"#)
            XCTAssertEqual(invalid.status, .unprocessableEntity, "\(database): \(invalid.body.string)")
            let policy = #"{"name":"Standard","atRiskFraction":0.75,"calendar":{"name":"Warsaw","timeZone":"Europe/Warsaw","holidays":["2026-12-24","2026-12-25"],"weeklyHours":{"monday":[{"start":"08:00","end":"12:00"},{"start":"13:00","end":"17:00"}],"tuesday":[{"start":"08:00","end":"17:00"}]}},"rules":[{"priority":"urgent","targets":{"firstResponseMinutes":30,"resolutionMinutes":240}},{"targets":{"firstResponseMinutes":240,"nextResponseMinutes":120,"resolutionMinutes":2400}}]}"#
            let saved = try await app.send(.PUT, "/api/v1/service/sla-policy", body: policy)
            XCTAssertEqual(saved.status, .ok, "\(database): \(saved.body.string)")
            let read = try await app.get("/api/v1/service/sla-policy")
            XCTAssertEqual(read.json["calendar"]?["weeklyHours"]?["monday"]?.arrayValue?.count, 2, database)
            let opened = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"email","customer":{"email":"a@b.pl"},"subject":"Urgent","message":"!!!","priority":"urgent"}"#)
            let id = try XCTUnwrap(opened.json["id"]?.stringValue)
            let sla = try await app.get("/api/v1/cases/\(id)/sla")
            let first = sla.json["clocks"]?.arrayValue?.first { $0["metric"]?.stringValue == "first_response" }
            XCTAssertEqual(first?["targetMinutes"]?.doubleValue, 30, "\(database): \(sla.body.string)")
            let report = try await app.get("/api/v1/service/sla-report")
            XCTAssertEqual(report.json["metrics"]?.arrayValue?.count, 3, database)
        }
    }

    func testMetricsFollowTheirDefinitions() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            for index in 0..<2 {
                let opened = try await app.send(.POST, "/api/v1/cases", body: "{\"channel\":\"chat\",\"customer\":{\"email\":\"m\(index)@b.pl\"},\"subject\":\"Q\",\"message\":\"?\"}")
                let id = try XCTUnwrap(opened.json["id"]?.stringValue)
                _ = try await app.send(.POST, "/api/v1/cases/\(id)/messages", body: #"{"body":"answer","handleSeconds":300}"#)
                _ = try await app.send(.POST, "/api/v1/cases/\(id)/status", body: #"{"status":"resolved"}"#)
                _ = try await app.send(.POST, "/api/v1/cases/\(id)/csat", body: index == 0 ? #"{"score":5}"# : #"{"score":2}"#)
            }
            let metrics = try await app.get("/api/v1/service/metrics?by=channel")
            XCTAssertEqual(metrics.status, .ok, "\(database): \(metrics.body.string)")
            let overall = try XCTUnwrap(metrics.json["overall"])
            XCTAssertEqual(overall["cases"]?.doubleValue, 2, database)
            XCTAssertEqual(overall["csat"]?["satisfiedShare"]?.doubleValue, 0.5, database)
            XCTAssertEqual(overall["firstContactResolutionRate"]?.doubleValue, 1, "\(database): one reply each, not reopened, no re-contact")
            XCTAssertEqual(overall["averageHandleSeconds"]?.doubleValue, 300, database)
            XCTAssertEqual(metrics.json["byChannel"]?.arrayValue?.first?["key"]?.stringValue, "chat", database)
            let badPeriod = try await app.get("/api/v1/service/metrics?from=yesterday")
            XCTAssertEqual(badPeriod.status, .badRequest, database)
        }
    }

    func testAttachmentsAreLimitedInSizeAndType() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let opened = try await app.send(.POST, "/api/v1/cases", body: #"{"channel":"email","customer":{"email":"p@b.pl"},"subject":"Photo","message":"attached"}"#)
            let id = try XCTUnwrap(opened.json["id"]?.stringValue)
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]).base64EncodedString()
            let good = try await app.send(.POST, "/api/v1/cases/\(id)/messages", body: "{\"direction\":\"inbound\",\"body\":\"photo\",\"attachments\":[{\"fileName\":\"../../etc/p.png\",\"contentType\":\"image/png\",\"content\":\"\(png)\"}]}")
            XCTAssertEqual(good.status, .created, "\(database): \(good.body.string)")
            let attachment = try XCTUnwrap(good.json["message"]?["attachments"]?.arrayValue?.first)
            XCTAssertEqual(attachment["fileName"]?.stringValue, ".._.._etc_p.png", "\(database): path characters are replaced")
            let download = try await app.get(try XCTUnwrap(attachment["href"]?.stringValue))
            XCTAssertEqual(download.status, .ok, database)
            XCTAssertEqual(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment"), true, database)
            let exe = Data("MZ\u{90}\u{0}".utf8).base64EncodedString()
            let spoofed = try await app.send(.POST, "/api/v1/cases/\(id)/messages", body: "{\"body\":\"x\",\"attachments\":[{\"fileName\":\"a.pdf\",\"contentType\":\"application/pdf\",\"content\":\"\(exe)\"}]}")
            XCTAssertEqual(spoofed.status, .unsupportedMediaType, database)
            let script = try await app.send(.POST, "/api/v1/cases/\(id)/messages", body: "{\"body\":\"x\",\"attachments\":[{\"fileName\":\"a.html\",\"contentType\":\"text/html\",\"content\":\"PGI+\"}]}")
            XCTAssertEqual(script.status, .unsupportedMediaType, database)
            let big = Data(repeating: 0x41, count: 5 * 1024 * 1024 + 1).base64EncodedString()
            let tooLarge = try await app.send(.POST, "/api/v1/cases/\(id)/messages", body: "{\"body\":\"x\",\"attachments\":[{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\",\"content\":\"\(big)\"}]}")
            XCTAssertEqual(tooLarge.status, .payloadTooLarge, database)
            let count = try await app.get("/api/v1/cases/\(id)").json["messages"]?.arrayValue?.count
            XCTAssertEqual(count, 2, "\(database): refused messages store nothing")
        }
    }

    func testTheWorkspaceEscapesCustomerTextAndHidesOtherTeams() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let payload = "<script>alert('x')</script>"
            let opened = try await app.send(.POST, "/api/v1/cases", body: Self.json(.object([
                "channel": .string("chat"), "customer": .object(["name": .string(payload), "email": .string("x@b.pl")]),
                "subject": .string("Subject " + payload), "message": .string("Body " + payload),
            ])))
            let number = try XCTUnwrap(opened.json["number"]?.doubleValue).formatted(.number.grouping(.never))
            let session = try await ConsoleHTTPTests.signIn(app)
            for path in ["/service", "/service?view=all", "/service/cases/\(number)", "/service/reports"] {
                let page = try await app.get(path, headers: session)
                XCTAssertEqual(page.status, .ok, "\(database) \(path)")
                XCTAssertFalse(page.body.string.contains(payload), "\(database) \(path): customer text must be escaped")
            }
            // Reports: grouping columns say what they group by; a period without cases says what to do instead of empty tables.
            let reports = try await app.get("/service/reports?lang=en", headers: session).body.string
            XCTAssertTrue(reports.contains("<th scope=\"col\">Agent</th>") && reports.contains("<th scope=\"col\">Channel</th>"), database)
            XCTAssertFalse(reports.contains("<th scope=\"col\">—</th>"), database)
            let emptyPeriod = try await app.get("/service/reports?lang=en&from=2030-01-01&to=2030-01-31", headers: session).body.string
            XCTAssertTrue(emptyPeriod.contains("No case was opened between 1 Jan and 31 Jan"), database)
            XCTAssertFalse(emptyPeriod.contains("SLA achievement"), database)
            let workspace = try await app.get("/service/cases/\(number)", headers: session).body.string
            XCTAssertTrue(workspace.contains("&lt;script&gt;"), database)
            // Reply from the workspace form, then the page shows it.
            var form = session
            form.contentType = .urlEncodedForm
            let reply = try await app.send(.POST, "/service/cases/\(number)/reply", headers: form, body: "body=Dzie%C5%84+dobry&kind=reply&handleSeconds=90")
            XCTAssertEqual(reply.status, .seeOther, database)
            let after = try await app.get("/service/cases/\(number)", headers: session).body.string
            XCTAssertTrue(after.contains("Dzień dobry"), database)

            // An agent outside the case's team gets "not found".
            let team = try await Self.team(app, "Mine")
            _ = try await app.send(.PATCH, "/api/v1/cases/\(number)", body: "{\"teamId\":\"\(team)\"}")
            let agentSession = try await ConsoleHTTPTests.signIn(app, role: .agent)
            let hidden = try await app.get("/service/cases/\(number)", headers: agentSession)
            XCTAssertEqual(hidden.status, .notFound, database)
        }
    }
}

/// The service settings page: managers change teams, agents, rules and the policy; agents cannot.
final class ServiceSettingsHTTPTests: XCTestCase {
    func testManagersEditTheDeskInTheConsole() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            let session = try await ConsoleHTTPTests.signIn(app, role: .manager)
            var form = session
            form.contentType = .urlEncodedForm
            let page = try await app.get("/service/settings", headers: session)
            XCTAssertEqual(page.status, .ok, database)
            let team = try await app.send(.POST, "/service/settings/teams", headers: form, body: "name=Reklamacje")
            XCTAssertEqual(team.status, .ok, database)
            XCTAssertTrue(team.body.string.contains("Reklamacje"), database)
            let teams = try await app.touchpoint.store.teams()
            let teamID = try XCTUnwrap(teams.first?.id.rawValue)
            let users = try await app.touchpoint.store.users()
            let agent = try XCTUnwrap(users.first)
            let saved = try await app.send(.POST, "/service/settings/agents/\(agent.id)", headers: form,
                                           body: "presence=online&capacity=7&skills=returns,+vip&languages=pl&teams[]=\(teamID)")
            XCTAssertEqual(saved.status, .ok, "\(database): \(saved.body.string.prefix(300))")
            let found = try await app.touchpoint.store.serviceAgent(AgentID(rawValue: agent.id))
            let updated = try XCTUnwrap(found)
            XCTAssertEqual(updated.capacity, 7, database)
            XCTAssertEqual(updated.skills, ["returns", "vip"], database)
            XCTAssertEqual(updated.teamIDs.map(\.rawValue), [teamID], database)
            let badPolicy = try await app.send(.POST, "/service/settings/sla-policy", headers: form, body: "policy=%7B%22name%22%3A1%7D")
            XCTAssertEqual(badPolicy.status, .unprocessableEntity, database)
            XCTAssertTrue(badPolicy.body.string.contains("role=\"alert\""), "\(database): the reason is shown")
            let general = try await app.send(.POST, "/service/settings/general", headers: form, body: "recontactHours=48&defaultCapacity=4&strategy=round_robin")
            XCTAssertEqual(general.status, .ok, database)
            let settings = try await app.touchpoint.serviceDesk.settings()
            XCTAssertEqual(settings.recontactWindowHours, 48, database)
            XCTAssertEqual(settings.defaultStrategy, .roundRobin, database)

            let agentSession = try await ConsoleHTTPTests.signIn(app, role: .agent)
            let refused = try await app.get("/service/settings", headers: agentSession)
            XCTAssertEqual(refused.status, .forbidden, database)
        }
    }
}

/// Every route the server answers under `/api`, `/v1` and `/chat` is in `/openapi.json`, with its method.
final class OpenAPICoverageTests: XCTestCase {
    func testEveryAPIRouteIsDocumented() async throws {
        try await WebHarness.onEveryDatabase { app, database in
            guard database == "sqlite" else { return }
            let document = try await app.get("/openapi.json", headers: [:]).json
            var missing = [String]()
            for route in app.routes.all {
                let path = "/" + route.path.map { component -> String in
                    switch component {
                    case .parameter(let name): return "{\(name)}"
                    default: return component.description
                    }
                }.joined(separator: "/")
                guard path.hasPrefix("/api/") || path.hasPrefix("/v1/") || path.hasPrefix("/chat/") else { continue }
                if document["paths"]?[path]?[route.method.rawValue.lowercased()] == nil { missing.append("\(route.method.rawValue) \(path)") }
            }
            XCTAssertEqual(missing, [], "routes without an OpenAPI entry")
        }
    }
}

import Foundation
import XCTest
import TouchpointDomain
@testable import TouchpointStorage

/// Cases, their conversations and their effect on the customer's timeline, on SQLite and PostgreSQL.
final class ServiceStorageTests: XCTestCase {
    let sink = ServiceTimelineSink(sourceID: Sample.source, validator: Sample.validator)
    let anna = CustomerContact(email: "Anna.Nowak+shop@gmail.com", name: "Anna Nowak")
    let monday = Timestamps.parse("2026-11-23T09:00:00Z")!

    private func inbound(_ text: String, clientID: String? = nil, at: Date? = nil) -> NewServiceMessage {
        NewServiceMessage(direction: .inbound, authorName: "Anna", body: text, clientID: clientID, at: at)
    }

    func testACaseJoinsTheCustomersProfileAndTimeline() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await Sample.ingest(store, #"{"type":"identify","userId":"u-anna","traits":{"email":"anna.nowak@gmail.com"},"messageId":"m1"}"#)
            let (serviceCase, message) = try await store.createCase(NewCase(customer: anna, channel: .email, subject: "Broken kettle"),
                                                                    firstMessage: inbound("It leaks"), timeline: sink, now: monday)
            XCTAssertEqual(serviceCase.number, 1001, database)
            XCTAssertEqual(message?.sequence, 1, database)
            // E-mail normalisation (case, +tag) finds the profile the identify built.
            let profile = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:u-anna"))
            XCTAssertEqual(serviceCase.profileID, profile, database)
            let names = try await store.timeline(profile, limit: 20, before: nil).entries.compactMap(\.name)
            XCTAssertTrue(names.contains("Case Created"), "\(database): \(names)")
            XCTAssertTrue(names.contains("Case Message Received"), "\(database): \(names)")
        }
    }

    func testRepliesStatusesAndReopen() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let (created, _) = try await store.createCase(NewCase(customer: anna, channel: .chat, subject: "Order?"), firstMessage: inbound("Where is it?"),
                                                          timeline: sink, now: monday)
            let reply = NewServiceMessage(direction: .outbound, authorID: nil, authorName: "Agent", body: "On its way")
            let (_, answered, _, _) = try await store.addMessage(reply, to: created.id, timeline: sink, now: monday.addingTimeInterval(600))
            XCTAssertEqual(answered.status, .open, database)
            XCTAssertEqual(answered.firstResponseAt, monday.addingTimeInterval(600), database)
            XCTAssertEqual(answered.agentReplies, 1, database)

            let resolved = try await store.changeStatus(of: created.id, to: .resolved, actor: "agent", timeline: sink, now: monday.addingTimeInterval(900))
            XCTAssertEqual(resolved.resolvedAt, monday.addingTimeInterval(900), database)
            // A customer writing after resolution re-opens the case.
            let (_, reopened, _, _) = try await store.addMessage(inbound("Still not here"), to: created.id, timeline: sink, now: monday.addingTimeInterval(3600))
            XCTAssertEqual(reopened.status, .open, database)
            XCTAssertEqual(reopened.reopenCount, 1, database)
            XCTAssertEqual(reopened.resolvedAt, monday.addingTimeInterval(900), "\(database): the first resolution is kept for the metrics")

            do {
                _ = try await store.changeStatus(of: created.id, to: .new, actor: "agent", timeline: sink)
                XCTFail("\(database): open → new is not a move a case can make")
            } catch ServiceRuleError.invalid(let message) {
                XCTAssertEqual(message, "an open case cannot become new")
            }
            let history = try await store.statusChanges(of: created.id).map(\.status)
            XCTAssertEqual(history, [.new, .open, .resolved, .open], database)
        }
    }

    func testAMessageSentTwiceIsStoredOnce() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let (created, _) = try await store.createCase(NewCase(customer: anna, channel: .chat, subject: "Hi"), firstMessage: nil, timeline: sink)
            let first = try await store.addMessage(inbound("hello", clientID: "c-1"), to: created.id, timeline: sink)
            let again = try await store.addMessage(inbound("hello", clientID: "c-1"), to: created.id, timeline: sink)
            XCTAssertTrue(first.created, database)
            XCTAssertFalse(again.created, database)
            XCTAssertEqual(again.message.id, first.message.id, database)
            let count = try await store.messages(of: created.id).count
            XCTAssertEqual(count, 1, database)
        }
    }

    func testConcurrentMessagesGetTheirOwnSequenceNumbers() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let (created, _) = try await store.createCase(NewCase(customer: anna, channel: .chat, subject: "Burst"), firstMessage: nil, timeline: sink)
            let sink = self.sink
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        _ = try await store.addMessage(NewServiceMessage(direction: .inbound, authorName: "Anna", body: "message \(index)", clientID: "c-\(index)"),
                                                       to: created.id, timeline: sink)
                    }
                }
                try await group.waitForAll()
            }
            let sequences = try await store.messages(of: created.id).map(\.sequence)
            XCTAssertEqual(sequences, Array(1...40), database)
            let later = try await store.messages(of: created.id, after: 35).map(\.sequence)
            XCTAssertEqual(later, [36, 37, 38, 39, 40], "\(database): a reconnecting chat gets what it missed")
        }
    }

    func testMergingADuplicateMovesItsConversation() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let (original, _) = try await store.createCase(NewCase(customer: anna, channel: .email, subject: "Refund"), firstMessage: inbound("Refund please"),
                                                           timeline: sink, now: monday)
            let (duplicate, _) = try await store.createCase(NewCase(customer: anna, channel: .chat, subject: "Refund?"), firstMessage: inbound("Any news on the refund?"),
                                                            timeline: sink, now: monday.addingTimeInterval(60))
            let merged = try await store.mergeCase(duplicate.id, into: original.id, actor: "agent")
            XCTAssertEqual(merged.id, original.id, database)
            let bodies = try await store.messages(of: original.id).map(\.body)
            XCTAssertEqual(bodies, ["Refund please", "Any news on the refund?"], database)
            let closed = try await unwrapAsync(await store.serviceCase(duplicate.id))
            XCTAssertEqual(closed.status, .closed, database)
            XCTAssertEqual(closed.mergedInto, original.id, database)
            do {
                _ = try await store.addMessage(inbound("more"), to: duplicate.id, timeline: sink)
                XCTFail("\(database): a merged case takes no messages")
            } catch ServiceRuleError.conflict {}
        }
    }

    func testCallsCountAsResponseAndHandleTime() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let (created, _) = try await store.createCase(NewCase(customer: CustomerContact(phone: "600 100 200"), channel: .phone, subject: "Call"),
                                                          firstMessage: nil, timeline: sink, now: monday)
            let call = CallRecord(id: "call-1", caseID: created.id, direction: .inbound, phone: "600 100 200", agentID: nil, startedAt: monday,
                                  waitSeconds: 45, talkSeconds: 300, wrapSeconds: 60, outcome: "resolved")
            let after = try await store.recordCall(call, timeline: sink, now: monday.addingTimeInterval(405))
            XCTAssertEqual(after.handleSeconds, 360, accuracy: 0.001, database)
            XCTAssertEqual(after.firstResponseAt, monday.addingTimeInterval(45), database)
            let profile = try await unwrapAsync(await store.resolveProfileID(reference: "phone:+48600100200"))
            XCTAssertEqual(after.profileID ?? profile, profile, "\(database): the phone number in E.164 finds the caller")
            let names = try await store.timeline(profile, limit: 10, before: nil).entries.compactMap(\.name)
            XCTAssertTrue(names.contains("Call Completed"), "\(database): \(names)")
        }
    }

    func testSatisfactionComesAfterResolution() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let (created, _) = try await store.createCase(NewCase(customer: anna, channel: .email, subject: "Q"), firstMessage: inbound("?"), timeline: sink)
            do {
                _ = try await store.rateCase(created.id, score: 5, comment: nil, timeline: sink)
                XCTFail("\(database): an open case cannot be rated")
            } catch ServiceRuleError.conflict {}
            _ = try await store.changeStatus(of: created.id, to: .resolved, actor: "agent", timeline: sink)
            let rated = try await store.rateCase(created.id, score: 2, comment: "slow", timeline: sink)
            XCTAssertEqual(rated.csatScore, 2, database)
        }
    }

    func testRoutingGivesTheCaseToAnAgentWithRoomOrQueuesIt() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let team = try await store.createTeam(name: "After-sales")
            let ola = try await store.createUser(email: "ola@shop.pl", name: "Ola", passwordHash: "-", role: .agent)
            _ = try await store.updateAgent(AgentID(rawValue: ola.id), AgentUpdate(presence: .online, capacity: 1, teamIDs: [team.id]))
            let rule = RoutingRule(id: "chat", name: "Chat", position: 1, conditions: RoutingConditions(channels: [.chat]), teamID: team.id,
                                   strategy: .leastLoaded, requiredSkills: [], priority: nil)
            let routing = RoutingConfiguration(rules: [rule], defaultStrategy: .leastLoaded)
            let (first, _) = try await store.createCase(NewCase(customer: anna, channel: .chat, subject: "One"), firstMessage: inbound("1"),
                                                        timeline: sink, routing: routing)
            XCTAssertEqual(first.assigneeID?.rawValue, ola.id, database)
            XCTAssertEqual(first.teamID, team.id, database)
            // Ola is full now: the next chat waits in the team's queue.
            let (second, _) = try await store.createCase(NewCase(customer: anna, channel: .chat, subject: "Two"), firstMessage: inbound("2"),
                                                         timeline: sink, routing: routing)
            XCTAssertNil(second.assigneeID, database)
            XCTAssertNotNil(second.queuedAt, database)
            let queued = try await store.queuedCases().map(\.id)
            XCTAssertEqual(queued, [second.id], database)
        }
    }

    func testAgentsSeeTheirTeamsCasesOnly() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let returns = try await store.createTeam(name: "Returns")
            let vip = try await store.createTeam(name: "VIP")
            let user = try await store.createUser(email: "jan@shop.pl", name: "Jan", passwordHash: "-", role: .agent)
            let jan = try await store.updateAgent(AgentID(rawValue: user.id), AgentUpdate(teamIDs: [returns.id]))
            let (mine, _) = try await store.createCase(NewCase(customer: anna, channel: .email, subject: "Return"), firstMessage: nil, timeline: sink)
            _ = try await store.updateCase(mine.id, CaseUpdate(teamID: .some(returns.id)))
            let (theirs, _) = try await store.createCase(NewCase(customer: anna, channel: .email, subject: "VIP"), firstMessage: nil, timeline: sink)
            _ = try await store.updateCase(theirs.id, CaseUpdate(teamID: .some(vip.id)))
            let visible = try await store.cases(CaseFilter(visibleTo: jan)).map(\.subject)
            XCTAssertEqual(visible, ["Return"], database)
            let granted = try await store.updateAgent(jan.id, AgentUpdate(seesAllTeams: true))
            let all = try await store.cases(CaseFilter(visibleTo: granted)).map(\.subject).sorted()
            XCTAssertEqual(all, ["Return", "VIP"], database)
        }
    }

    func testAttachmentsAreStoredWithTheirMessage() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])
            let (created, message) = try await store.createCase(
                NewCase(customer: anna, channel: .email, subject: "Photo"),
                firstMessage: NewServiceMessage(direction: .inbound, authorName: "Anna", body: "see photo",
                                                attachments: [NewAttachment(fileName: "kettle.png", contentType: "image/png", content: png)]),
                timeline: sink)
            let info = try XCTUnwrap(message?.attachments.first)
            let stored = try await unwrapAsync(await store.attachment(info.id))
            XCTAssertEqual(stored.content, png, database)
            XCTAssertEqual(stored.caseID, created.id, database)
            let listed = try await store.messages(of: created.id).first?.attachments.map(\.fileName)
            XCTAssertEqual(listed, ["kettle.png"], database)
        }
    }
}

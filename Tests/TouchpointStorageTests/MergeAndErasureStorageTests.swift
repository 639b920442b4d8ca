import Foundation
import XCTest
import TouchpointDomain
@testable import TouchpointStorage

final class MergeAndErasureStorageTests: XCTestCase {
    func testUndoMergeSplitsIdentifiersAndTheirEventsBack() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await Sample.ingest(store, #"{"type":"track","userId":"ann","event":"Signed Up","timestamp":"2026-01-01T00:00:00Z"}"#)
            try await Sample.ingest(store,
                #"{"type":"page","anonymousId":"shared-tablet","name":"Home","timestamp":"2026-01-02T00:00:00Z"}"#,
                #"{"type":"track","anonymousId":"shared-tablet","event":"Product Viewed","timestamp":"2026-01-03T00:00:00Z","context":{"traits":{"favourite":"tv"}}}"#)
            // a bridging message joins the tablet to Ann: one merge
            try await Sample.ingest(store, #"{"type":"identify","userId":"ann","anonymousId":"shared-tablet","traits":{"name":"Ann"},"timestamp":"2026-01-04T00:00:00Z","messageId":"bridge"}"#)
            let ann = try await unwrapAsync(await store.resolveProfileID(reference: "user_id:ann"))
            let merges = try await store.merges(of: ann)
            XCTAssertEqual(merges.count, 1, database)
            XCTAssertEqual(merges[0].messageID, "bridge", database)
            let merged = try await store.profile(ann)
            XCTAssertEqual(merged?.eventCount, 4, database)

            let result = try await store.undoMerge(merges[0].id)
            XCTAssertEqual(result.survivor, ann, database)
            let tablet = try await unwrapAsync(await store.resolveProfileID(reference: "anonymous_id:shared-tablet"))
            XCTAssertNotEqual(tablet, ann, database)
            XCTAssertEqual(tablet, result.restored, database)
            let annAfter = try await store.profile(ann)
            let tabletAfter = try await store.profile(tablet)
            XCTAssertEqual(annAfter?.eventCount, 2, "\(database): Ann keeps her own event and the bridging identify")
            XCTAssertEqual(tabletAfter?.eventCount, 2, "\(database): the tablet's own events leave with it")
            XCTAssertEqual(tabletAfter?.traits["favourite"], .string("tv"), database)
            XCTAssertNil(annAfter?.traits["favourite"], "\(database): traits are rebuilt from the events that stayed")
            XCTAssertEqual(annAfter?.identities.map(\.key), ["user_id:ann"], database)
            let undone = try await store.merge(merges[0].id)
            XCTAssertNotNil(undone?.undoneAt, database)
            do {
                _ = try await store.undoMerge(merges[0].id)
                XCTFail("a merge cannot be undone twice")
            } catch StorageError.conflict {}
        }
    }

    func testEraseThenResendIsNotStored() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            try await Sample.ingest(store, #"{"type":"identify","userId":"gone","anonymousId":"gone-device","traits":{"email":"Gone@Example.com"}}"#)
            try await Sample.ingest(store, #"{"type":"track","userId":"gone","event":"Order Completed"}"#)
            let id = try await unwrapAsync(await store.resolveProfileID(reference: "email:gone@example.com"))
            let erased = try await store.erase(id)
            XCTAssertEqual(erased, 2, database)
            let lookedUp = try await store.resolveProfileID(reference: "user_id:gone")
            XCTAssertNil(lookedUp, database)
            let events = try await store.countEvents()
            XCTAssertEqual(events, 0, database)

            // later messages carrying any erased identifier are acknowledged but not stored
            let resent = try await Sample.ingest(store,
                #"{"type":"track","userId":"gone","event":"Again"}"#,
                #"{"type":"track","anonymousId":"new-device","event":"E","context":{"traits":{"email":"gone@example.com"}}}"#,
                #"{"type":"track","userId":"someone-else","event":"Fine"}"#)
            XCTAssertEqual(resent, IngestOutcome(stored: 1, suppressed: 2), database)
            let device = try await store.resolveProfileID(reference: "anonymous_id:new-device")
            XCTAssertNil(device, database)
        }
    }

    func testWriteKeysAndTokensAreStoredHashed() async throws {
        try await StorageHarness.onEveryDatabase { store, database in
            let (source, key) = try await store.createSource(name: "web shop")
            let found = try await store.source(forWriteKey: key)
            XCTAssertEqual(found?.id, source.id, database)
            let missing = try await store.source(forWriteKey: key + "x")
            XCTAssertNil(missing, database)
            try await store.ensureToken("secret-token-123456", name: "t", role: .manager)
            let role = try await store.role(forToken: "secret-token-123456")
            XCTAssertEqual(role, .manager, database)
            let stored = try await store.sql.rows("SELECT token_hash FROM api_tokens").map { try $0.decode(column: "token_hash", as: String.self) }
            XCTAssertFalse(stored.contains("secret-token-123456"), database)
        }
    }
}

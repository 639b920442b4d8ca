import Foundation
import Crypto
import SQLKit
import TouchpointDomain

/// Validated messages from one request, for one source.
public struct IngestSubmission: Sendable {
    public let sourceID: SourceID
    public let messages: [InboundMessage]
    /// The parts of each message's event row that do not depend on the identity graph, worked out where the request
    /// is handled: the writer, the one serial step of collection, then only looks them up.
    let prepared: [PreparedEvent]

    public init(sourceID: SourceID, messages: [InboundMessage]) {
        self.sourceID = sourceID
        self.messages = messages
        self.prepared = messages.map(PreparedEvent.init)
    }
}

/// A message's event row values that are known before identity resolution.
struct PreparedEvent: Sendable {
    let eventID: String
    let time: Int64
    let receivedAt: Int64
    /// The identifiers the message carries, as stored in `events.identity_keys` when it names no alias target.
    let identityKeys: String
    let dayAndChannel: String

    init(_ message: InboundMessage) {
        eventID = TimeOrderedID.make(at: message.receivedAt)
        time = Timestamps.millis(message.timestamp)
        receivedAt = Timestamps.millis(message.receivedAt)
        identityKeys = message.identifiers.keysJSON
        dayAndChannel = DayKey.of(message.timestamp) + "|" + message.channel.rawValue
    }
}

/// What happened to a submission's messages once committed.
public struct IngestOutcome: Sendable, Equatable {
    public var stored: Int
    public var duplicates: Int
    /// Messages carrying identifiers of an erased person: acknowledged, not stored.
    public var suppressed: Int

    public init(stored: Int = 0, duplicates: Int = 0, suppressed: Int = 0) {
        self.stored = stored
        self.duplicates = duplicates
        self.suppressed = suppressed
    }
}

/// SHA-256 of an identifier key: the only form in which an erased identifier is kept.
func suppressionHash(_ key: String) -> String {
    hexString(SHA256.hash(data: Data(key.utf8)))
}

/// Lower-case hex of bytes, without a formatter per byte.
func hexString<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var text = [UInt8]()
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
}

extension SQLStore {
    /// Rows a multi-row statement carries at most, so binds stay far below PostgreSQL's 65,535.
    static let rowsPerStatement = 500

    /// Event rows an insert statement carries: on SQLite's writer one, since a prepared one-row insert run for each
    /// event beats binding a statement of 500 rows; elsewhere as many as a statement may (one round trip each).
    static func rowsPerEventInsert(on sql: any SQLDatabase) -> Int {
        sql is SQLiteWriterDatabase ? 1 : rowsPerStatement
    }

    /// Appends the messages of several submissions in one transaction: de-duplication, identity resolution,
    /// merges, events and profile updates commit together, and nothing is visible before the commit.
    public func ingest(_ submissions: [IngestSubmission], now: Date = Date()) async throws -> [IngestOutcome] {
        if let postgresIngestCache { return try await ingestOnPostgres(submissions, now: now, cache: postgresIngestCache) }
        return try await write { sql in
            // The body stays on the writer's thread whatever the driver's transaction does with tasks, so that the one
            // serial step of collection never waits behind the decoding of requests on Swift's shared pool.
            try await withTaskExecutorPreference(WriterExecutor.ingest) {
                try await AdvisoryLock.identityGraph.holdForIndexProbes(on: sql)
                let cache = try (sql as? SQLiteWriterDatabase)?.beginIngestCache()
                return try await Self.ingestGroup(submissions, now: now, on: sql, cache: cache)
            }
        }
    }

    /// The collection path's steps inside a transaction another write already holds (`GroupedWriter`: the timeline
    /// events of interactive writes), without the cache. On PostgreSQL the statements go through a `PostgresPipeline`,
    /// which `sql` must be a transaction for.
    static func ingest(_ submissions: [IngestSubmission], now: Date, on sql: any SQLDatabase) async throws -> [IngestOutcome] {
        try await PostgresPipeline.running(on: sql) { sql in try await ingestGroup(submissions, now: now, on: sql, cache: nil) }
    }

    /// `cache`: what the collection path's earlier transactions read and wrote of the identity graph and profiles,
    /// when nothing else changed them since (`IngestCache`).
    static func ingestGroup(_ submissions: [IngestSubmission], now: Date, on sql: any SQLDatabase, cache: IngestCache?) async throws -> [IngestOutcome] {
        var outcomes = Array(repeating: IngestOutcome(), count: submissions.count)
        let nowMillis = Timestamps.millis(now)
        let postgres = SQLDialectKind(sql) == .postgres
        // Look-ups of many keys: one array on PostgreSQL, lists of at most 5,000 on SQLite.
        let lookUpChunk = postgres ? Int.max : 5000

        // The reads that need nothing from one another are started together (in a pipeline: one wait for all): the
        // stored copies of the group's message ids, whether anyone was erased or kept apart, and the identity graph's
        // entries for every identifier the group carries (duplicates' too: they are few and filtered out below).
        var idsBySource = [SourceID: [String]]()
        for submission in submissions {
            idsBySource[submission.sourceID, default: []].append(contentsOf: submission.messages.map(\.messageID))
        }
        var storedCopies = [(source: SourceID, rows: PendingRows)]()
        for (source, ids) in idsBySource {
            for chunk in chunked(Array(Set(ids)), size: lookUpChunk) {
                storedCopies.append((source, try await sql.start(storedMessageIDs(of: source, among: Array(chunk), postgres: postgres))))
            }
        }
        let anyErasure = try await sql.start("SELECT key_hash FROM suppressions LIMIT 1")
        let anySeparationRule = try await sql.start(anySeparationStatement)
        var snapshot = IdentitySnapshot()
        var involvedProfiles = Set<ProfileID>()
        var unknownKeys = [String]()
        for key in Set(submissions.flatMap { $0.messages.flatMap { ($0.identifiers + $0.aliasTargets).map(\.key) } }) {
            if let profile = cache?.profile(forKey: key) {
                snapshot.profileByKey[key] = profile
                involvedProfiles.insert(profile)
            } else {
                unknownKeys.append(key)
            }
        }
        var graphEntries = [PendingRows]()
        for chunk in chunked(unknownKeys, size: lookUpChunk) {
            var statement = SQLStatement("SELECT key, profile_id FROM identities WHERE ")
            statement.isMember("key", of: Array(chunk), postgres: postgres)
            graphEntries.append(try await sql.start(statement))
        }

        // 1. De-duplicate on (source, messageId): against stored events and within the group.
        var seen = Set<String>()
        for (source, copies) in storedCopies {
            for row in try await copies.rows() {
                seen.insert(source.rawValue + "\u{1}" + (try row.decode(column: "message_id", as: String.self)))
            }
        }
        var messages = [InboundMessage]()
        var preparedOfMessage = [PreparedEvent]()
        var sourceOfMessage = [SourceID]()
        var submissionOfMessage = [Int]()
        for (index, submission) in submissions.enumerated() {
            for (position, message) in submission.messages.enumerated() {
                if seen.insert(submission.sourceID.rawValue + "\u{1}" + message.messageID).inserted {
                    messages.append(message)
                    preparedOfMessage.append(submission.prepared[position])
                    sourceOfMessage.append(submission.sourceID)
                    submissionOfMessage.append(index)
                } else {
                    outcomes[index].duplicates += 1
                }
            }
        }
        let anyoneErased = try await !anyErasure.rows().isEmpty
        let anySeparated = try await !anySeparationRule.rows().isEmpty
        // Answers left unread here are still waited for, failures included, by the pipeline's `finish`.
        guard !messages.isEmpty else { return outcomes }

        // 2. What the identity graph already knows about these identifiers, and which are erased. The identifiers
        // the messages carry, then the userIds of the profiles they point to: what resolution decides on. The rest of
        // those profiles' identifiers matter only to the audit of a merge, read below for merges alone.
        let keys = Array(Set(messages.flatMap { ($0.identifiers + $0.aliasTargets).map(\.key) }))
        let wanted = Set(keys)
        snapshot.profileByKey = snapshot.profileByKey.filter { wanted.contains($0.key) }
        involvedProfiles = Set(snapshot.profileByKey.values)
        for entries in graphEntries {
            for row in try await entries.rows() {
                let key = try row.decode(column: "key", as: String.self)
                let profile = ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self))
                cache?.read(key: key, profile: profile)
                guard wanted.contains(key) else { continue }
                snapshot.profileByKey[key] = profile
                involvedProfiles.insert(profile)
            }
        }
        if anyoneErased {
            for chunk in chunked(keys, size: 5000) {
                let hashes = chunk.map { (suppressionHash($0), $0) }
                let keyOfHash = Dictionary(hashes, uniquingKeysWith: { first, _ in first })
                var suppressed = SQLStatement("SELECT key_hash FROM suppressions WHERE key_hash IN ")
                suppressed.bindList(hashes.map(\.0))
                for row in try await sql.rows(suppressed) {
                    if let key = keyOfHash[try row.decode(column: "key_hash", as: String.self)] { snapshot.suppressedKeys.insert(key) }
                }
            }
        }
        var profilesWithoutUserKeys = [String]()
        for profile in involvedProfiles {
            if let userKeys = cache?.userKeys(of: profile) {
                for key in userKeys { snapshot.profileByKey[key] = profile }
            } else {
                profilesWithoutUserKeys.append(profile.rawValue)
            }
        }
        var userKeyLookUps = [(profiles: ArraySlice<String>, rows: PendingRows)]()
        for chunk in chunked(profilesWithoutUserKeys.sorted(), size: lookUpChunk) {
            var statement = SQLStatement("SELECT key, profile_id FROM identities WHERE kind = 'user_id' AND ")
            statement.isMember("profile_id", of: Array(chunk), postgres: postgres)
            userKeyLookUps.append((chunk, try await sql.start(statement)))
        }
        // The states of the profiles found so far: every profile a message or merge involves is one of them or new.
        // Started with the userId look-up, so that both share one wait.
        var statesToLoad = [ProfileID]()
        for profile in involvedProfiles where cache?.profile(profile) == nil { statesToLoad.append(profile) }
        let earlyStates = try await startLoadingStatesWithText(statesToLoad, on: sql)
        for (chunk, rows) in userKeyLookUps {
            var userKeys = Dictionary(uniqueKeysWithValues: chunk.map { (ProfileID(rawValue: $0), Set<String>()) })
            for row in try await rows.rows() {
                let key = try row.decode(column: "key", as: String.self)
                let profile = ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self))
                snapshot.profileByKey[key] = profile
                userKeys[profile, default: []].insert(key)
            }
            for (profile, keys) in userKeys { cache?.read(userKeys: keys, of: profile) }
        }
        let loadedEarly = try await earlyStates.read()

        // Profiles kept apart by an undone merge (rare: read only when any rule exists).
        if anySeparated {
            snapshot.separated = try await separations(involving: Array(Set(snapshot.profileByKey.values)), on: sql)
        }

        // 3. Resolve: a pure function of the messages and the snapshot.
        var plan = IdentityResolver().resolve(messages, snapshot: snapshot, makeID: { TimeOrderedID.make(at: now) })
        // A merge's audit lists everything the absorbed profile held: add its stored identifiers the snapshot left out.
        let absorbedStored = Set(plan.merges.map(\.absorbed)).subtracting(plan.newProfiles).map(\.rawValue).sorted()
        var storedIdentifiers = [ProfileID: [Identifier]]()
        for chunk in chunked(absorbedStored, size: 5000) {
            var statement = SQLStatement("SELECT key, profile_id FROM identities WHERE profile_id IN ")
            statement.bindList(Array(chunk))
            for row in try await sql.rows(statement) {
                let key = try row.decode(column: "key", as: String.self)
                guard snapshot.profileByKey[key] == nil, let identifier = IdentityResolver.identifier(fromKey: key) else { continue }
                storedIdentifiers[ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self)), default: []].append(identifier)
            }
        }
        plan.completeMerges(withStoredIdentifiers: storedIdentifiers)
        cache?.resolved(plan)

        // 4. Current state of every profile involved.
        var involved = Set(plan.profileOfMessage.compactMap { $0 })
        for merge in plan.merges { involved.insert(merge.survivor); involved.insert(merge.absorbed) }
        let created = Set(plan.newProfiles)
        var states = [ProfileID: ProfileState]()
        var storedTexts = [ProfileID: (traits: String, times: String)]()
        var unloaded = [ProfileID]()
        for profile in involved.subtracting(created) {
            if let known = cache?.profile(profile) {
                states[profile] = known.state
                storedTexts[profile] = (known.traitsText, known.timesText)
            } else {
                unloaded.append(profile)
            }
        }
        var loaded = loadedEarly
        let notLoadedEarly = unloaded.filter { loadedEarly.states[$0] == nil }
        if !notLoadedEarly.isEmpty {
            let late = try await loadStatesWithText(notLoadedEarly, on: sql)
            loaded.states.merge(late.states) { _, read in read }
            loaded.texts.merge(late.texts) { _, read in read }
        }
        states.merge(loaded.states) { _, read in read }
        storedTexts.merge(loaded.texts) { _, read in read }
        for profile in created { states[profile] = ProfileState(id: profile) }

        // 5. Merges: the absorbed profile's identifiers, events and earlier merges move to the survivor.
        for merge in plan.merges {
            if let absorbed = states[merge.absorbed] { states[merge.survivor, default: ProfileState(id: merge.survivor)].absorb(absorbed) }
        }
        try await moveMerged(plan.merges, on: sql)
        if anySeparated { try await carrySeparations(over: plan.merges, now: now, on: sql) }
        try await markDirty(plan.merges.flatMap { [$0.survivor.rawValue, $0.absorbed.rawValue] }, on: sql)
        for chunk in chunked(plan.merges, size: rowsPerStatement) {
            var insert = SQLStatement("INSERT INTO merges (id, at, message_id, survivor_id, absorbed_id, identity_keys) VALUES ")
            for (index, merge) in chunk.enumerated() {
                insert.append(index == 0 ? "(" : ", (")
                insert.bind(merge.id.rawValue); insert.append(", ")
                insert.bind(merge.at); insert.append(", ")
                insert.bind(merge.messageID); insert.append(", ")
                insert.bind(merge.survivor.rawValue); insert.append(", ")
                insert.bind(merge.absorbed.rawValue); insert.append(", ")
                insert.bind(merge.identifiers.keysJSON); insert.append(")")
            }
            try await sql.run(insert)
        }

        // 6. New identifiers.
        for chunk in chunked(plan.newIdentities, size: rowsPerStatement) {
            var insert = SQLStatement("INSERT INTO identities (key, kind, value, profile_id, created_at) VALUES ")
            for (index, entry) in chunk.enumerated() {
                insert.append(index == 0 ? "(" : ", (")
                insert.bind(entry.identifier.key); insert.append(", ")
                insert.bind(entry.identifier.kind.rawValue); insert.append(", ")
                insert.bind(entry.identifier.value); insert.append(", ")
                insert.bind(entry.profile.rawValue); insert.append(", ")
                insert.bind(nowMillis); insert.append(")")
            }
            insert.append(" ON CONFLICT (key) DO NOTHING")
            try await sql.run(insert)
        }

        // 7. Events, and the profiles they update.
        var stored = [(message: Int, profile: ProfileID)]()
        stored.reserveCapacity(messages.count)
        var traitsChanged = Set(plan.merges.map(\.survivor))
        for (index, message) in messages.enumerated() {
            guard let profile = plan.profileOfMessage[index] else {
                outcomes[submissionOfMessage[index]].suppressed += 1
                continue
            }
            stored.append((index, profile))
            outcomes[submissionOfMessage[index]].stored += 1
            states[profile, default: ProfileState(id: profile)].apply(
                time: preparedOfMessage[index].time, channel: message.channel, traits: message.traits)
            // Most events carry no traits: such profiles keep the stored trait text instead of writing it anew.
            if !message.traits.isEmpty { traitsChanged.insert(profile) }
        }
        for chunk in chunked(stored, size: rowsPerEventInsert(on: sql)) {
            var insert = SQLStatement("INSERT INTO events (id, source_id, message_id, profile_id, type, name, channel, ts, received_at, identity_keys, payload) VALUES ")
            for (position, row) in chunk.enumerated() {
                let message = messages[row.message]
                let prepared = preparedOfMessage[row.message]
                insert.append(position == 0 ? "(" : ", (")
                insert.bind(prepared.eventID); insert.append(", ")
                insert.bind(sourceOfMessage[row.message].rawValue); insert.append(", ")
                insert.bind(message.messageID); insert.append(", ")
                insert.bind(row.profile.rawValue); insert.append(", ")
                insert.bind(message.type.rawValue); insert.append(", ")
                insert.bind(message.name); insert.append(", ")
                insert.bind(message.channel.rawValue); insert.append(", ")
                insert.bind(prepared.time); insert.append(", ")
                insert.bind(prepared.receivedAt); insert.append(", ")
                if message.aliasTargets.isEmpty {
                    insert.bind(prepared.identityKeys)
                } else {
                    insert.bind((message.identifiers + message.aliasTargets.filter { snapshot.profileByKey[$0.key] != nil }).keysJSON)
                }
                insert.append(", ")
                insert.bind(message.payloadText); insert.append(")")
            }
            // Step 1 left no message already stored, under the identity-graph lock every collection transaction holds;
            // SQLite's unique index also says so (PostgreSQL's partitioned log cannot have one, see `EventPartitions`).
            if SQLDialectKind(sql) == .sqlite { insert.append(" ON CONFLICT (source_id, message_id) DO NOTHING") }
            try await sql.run(insert)
        }

        try await countDaily(stored.map { preparedOfMessage[$0.message].dayAndChannel }, on: sql)

        let absorbed = Set(plan.merges.map(\.absorbed))
        let touched = states.values.filter { !absorbed.contains($0.id) && $0.eventCount > 0 }
        var upserted = touched
        var written = [ProfileID: (traits: String, times: String)]()
        if sql is SQLiteWriterDatabase {
            // On SQLite's writer a prepared one-row UPDATE is cheaper than the multi-row upsert for profiles whose traits
            // did not change (most): only their counters move, and the conflict check of an upsert is not needed.
            upserted = []
            for state in touched {
                guard !traitsChanged.contains(state.id), let texts = storedTexts[state.id] else {
                    upserted.append(state)
                    continue
                }
                var update = SQLStatement("UPDATE profiles SET first_seen = ")
                update.bind(state.firstSeen)
                update.append(", last_seen = ")
                update.bind(state.lastSeen)
                update.append(", seen_hour = ")
                update.bind(seenHour(state.lastSeen))
                update.append(", event_count = ")
                update.bind(state.eventCount)
                update.append(", channels = ")
                update.bind(state.channels.map(\.rawValue).sorted().joined(separator: ","))
                update.append(" WHERE id = ")
                update.bind(state.id.rawValue)
                try await sql.run(update)
                written[state.id] = texts
            }
        }
        written.merge(try await saveStates(upserted, createdAt: nowMillis, unchangedText: storedTexts.filter { !traitsChanged.contains($0.key) }, on: sql)) { _, new in new }
        if let cache {
            for state in touched {
                if let texts = written[state.id] { cache.saved(.init(state: state, traitsText: texts.traits, timesText: texts.times)) }
            }
        }

        // 8. Conflicts, for people to look at.
        for chunk in chunked(plan.conflicts, size: rowsPerStatement) {
            var insert = SQLStatement("INSERT INTO identity_conflicts (id, at, message_id, profile_ids, identity_keys, reason) VALUES ")
            for (index, conflict) in chunk.enumerated() {
                insert.append(index == 0 ? "(" : ", (")
                insert.bind(conflict.id); insert.append(", ")
                insert.bind(conflict.at); insert.append(", ")
                insert.bind(conflict.messageID); insert.append(", ")
                insert.bind(JSONCodec.serialize(.array(conflict.profiles.map { .string($0.rawValue) }))); insert.append(", ")
                insert.bind(conflict.identifiers.keysJSON); insert.append(", ")
                insert.bind(conflict.reason); insert.append(")")
            }
            try await sql.run(insert)
        }
        return outcomes
    }
}

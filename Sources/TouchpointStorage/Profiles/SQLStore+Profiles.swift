import Foundation
import SQLKit
import TouchpointDomain

extension SQLStore {
    /// Finds the profile a reference names: a profile id (merged-away ids follow their merge) or `TYPE:VALUE`.
    public func resolveProfileID(reference: String) async throws -> ProfileID? {
        if reference.contains(":") {
            guard let identifier = Identifier.parse(reference: reference) else { return nil }
            var statement = SQLStatement("SELECT profile_id FROM identities WHERE key = ")
            statement.bind(identifier.key)
            return try await sql.rows(statement).first.map { ProfileID(rawValue: try $0.decode(column: "profile_id", as: String.self)) }
        }
        var statement = SQLStatement("SELECT id, merged_into FROM profiles WHERE id = ")
        statement.bind(reference)
        guard let row = try await sql.rows(statement).first else { return nil }
        if let target = try row.decodeNil(column: "merged_into") ? nil : row.decode(column: "merged_into", as: String.self) {
            return try await resolveProfileID(reference: target)
        }
        return ProfileID(rawValue: try row.decode(column: "id", as: String.self))
    }

    public func profile(_ id: ProfileID) async throws -> ProfileView? {
        var statement = SQLStatement("SELECT id, traits, trait_times, first_seen, last_seen, event_count, channels FROM profiles WHERE id = ")
        statement.bind(id.rawValue)
        guard let row = try await sql.rows(statement).first else { return nil }
        let state = try ProfileState(row: row)
        var identities = SQLStatement("SELECT key FROM identities WHERE profile_id = ")
        identities.bind(id.rawValue)
        identities.append(" ORDER BY key")
        let identifiers = try await sql.rows(identities).compactMap {
            IdentityResolver.identifier(fromKey: try $0.decode(column: "key", as: String.self))
        }
        var merged = SQLStatement("SELECT id FROM profiles WHERE merged_into = ")
        merged.bind(id.rawValue)
        merged.append(" ORDER BY id")
        let mergedIDs = try await sql.rows(merged).map { ProfileID(rawValue: try $0.decode(column: "id", as: String.self)) }
        return ProfileView(
            id: state.id, traits: state.traits, identities: identifiers,
            firstSeen: state.eventCount > 0 ? Timestamps.date(millis: state.firstSeen) : nil,
            lastSeen: state.eventCount > 0 ? Timestamps.date(millis: state.lastSeen) : nil,
            channels: state.channels.sorted { $0.rawValue < $1.rawValue }, eventCount: state.eventCount,
            mergedProfileIDs: mergedIDs)
    }

    /// Newest first, every channel in one stream; `before` is the cursor of the previous page.
    public func timeline(_ id: ProfileID, limit: Int, before cursor: (time: Int64, sequence: Int64)?) async throws -> TimelinePage {
        var statement = SQLStatement("SELECT seq, id, source_id, message_id, type, name, channel, ts, received_at, identity_keys, payload FROM events WHERE profile_id = ")
        statement.bind(id.rawValue)
        if let cursor {
            statement.append(" AND (ts < ")
            statement.bind(cursor.time)
            statement.append(" OR (ts = ")
            statement.bind(cursor.time)
            statement.append(" AND seq < ")
            statement.bind(cursor.sequence)
            statement.append("))")
        }
        statement.append(" ORDER BY ts DESC, seq DESC LIMIT ")
        statement.bind(Int64(limit + 1))
        // The person's decisions, then their segment entries and exits, join the events (see `decisionTimeline` and
        // `segmentTimeline`): within a millisecond after them, in that order.
        var entries = try await sql.rows(statement).map(TimelineEntry.init(row:))
            + (try await decisionTimeline(of: id, count: limit + 1, before: cursor))
            + (try await segmentTimeline(of: id, count: limit + 1, before: cursor))
        entries.sort { (Timestamps.millis($0.timestamp), $0.sequence) > (Timestamps.millis($1.timestamp), $1.sequence) }
        var next: String?
        if entries.count > limit {
            entries.removeLast(entries.count - limit)
            if let last = entries.last { next = TimelineCursor.encode(time: Timestamps.millis(last.timestamp), sequence: last.sequence) }
        }
        return TimelinePage(entries: entries, nextCursor: next)
    }

    /// Everything on a profile's timeline, oldest first (the personal data export): its events, decisions and segment
    /// entries and exits.
    public func allEvents(of id: ProfileID) async throws -> [TimelineEntry] {
        var statement = SQLStatement("SELECT seq, id, source_id, message_id, type, name, channel, ts, received_at, identity_keys, payload FROM events WHERE profile_id = ")
        statement.bind(id.rawValue)
        statement.append(" ORDER BY ts, seq")
        // The decisions and segment entries and exits the timeline shows from their own tables, in the timeline's order
        // reversed.
        var entries = try await sql.rows(statement).map(TimelineEntry.init(row:))
        let kept = try await decisionTimeline(of: id, count: Int(Int32.max), before: nil) + segmentTimeline(of: id, count: Int(Int32.max), before: nil)
        guard !kept.isEmpty else { return entries }
        entries += kept
        entries.sort { (Timestamps.millis($0.timestamp), $0.sequence) < (Timestamps.millis($1.timestamp), $1.sequence) }
        return entries
    }

    /// Search by name, e-mail, phone or any identifier value; newest activity first.
    public func searchProfiles(query: String, limit: Int, offset: Int = 0) async throws -> [ProfileView] {
        let needle = query.trimmingCharacters(in: .whitespaces).lowercased()
        if !needle.isEmpty, offset == 0 {
            // An identifier typed in full (an e-mail, a phone, a userId) is found through the index, not a scan.
            let exact = try await exactIdentityMatches(query.trimmingCharacters(in: .whitespaces))
            if !exact.isEmpty {
                return try await profiles(Array(exact.prefix(limit)))
            }
        }
        var statement: SQLStatement
        if needle.isEmpty {
            statement = SQLStatement("SELECT id FROM profiles WHERE merged_into IS NULL ORDER BY seen_hour DESC, last_seen DESC, id LIMIT ")
        } else {
            let pattern = "%" + needle.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "\\_") + "%"
            var variants = [pattern]
            if let email = EmailAddress.normalize(needle) { variants.append("%" + email + "%") }
            if needle.contains(where: \.isNumber), let phone = PhoneNumber.normalize(needle, defaultCallingCode: "48") { variants.append("%" + phone + "%") }
            statement = SQLStatement("SELECT id FROM profiles WHERE merged_into IS NULL AND (")
            for (index, variant) in variants.enumerated() {
                if index > 0 { statement.append(" OR ") }
                statement.append("search_text LIKE ")
                statement.bind(variant)
                statement.append(" ESCAPE '\\' OR id IN (SELECT profile_id FROM identities WHERE lower(value) LIKE ")
                statement.bind(variant)
                statement.append(" ESCAPE '\\')")
            }
            statement.append(") ORDER BY seen_hour DESC, last_seen DESC, id LIMIT ")
        }
        statement.bind(Int64(limit))
        statement.append(" OFFSET ")
        statement.bind(Int64(offset))
        return try await profiles(try await sql.rows(statement).map { ProfileID(rawValue: try $0.decode(column: "id", as: String.self)) })
    }

    /// The views of these profiles, in order, skipping any that no longer exist.
    func profiles(_ ids: [ProfileID]) async throws -> [ProfileView] {
        var profiles = [ProfileView]()
        for id in ids {
            if let profile = try await profile(id) { profiles.append(profile) }
        }
        return profiles
    }

    /// Profiles holding an identifier whose value is exactly the text (as typed, or normalised as an e-mail or phone).
    func exactIdentityMatches(_ text: String) async throws -> [ProfileID] {
        var values = [text]
        if let email = EmailAddress.normalize(text) { values.append(email) }
        if text.contains(where: \.isNumber), let phone = PhoneNumber.normalize(text, defaultCallingCode: "48") { values.append(phone) }
        let distinct = Array(Set(values)).sorted()
        // Anonymous ids are not in the value index (M016): they are looked up by their key.
        var byValue = SQLStatement("SELECT DISTINCT profile_id FROM identities WHERE kind <> 'anonymous_id' AND value IN ")
        byValue.bindList(distinct)
        var byKey = SQLStatement("SELECT profile_id FROM identities WHERE key IN ")
        byKey.bindList(distinct.map { Identifier(kind: .anonymousID, value: $0).key })
        var found = [ProfileID]()
        for row in try await sql.rows(byValue) + sql.rows(byKey) {
            let id = ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self))
            if !found.contains(id) { found.append(id) }
        }
        return found
    }

    public func countProfiles() async throws -> Int {
        let row = try await sql.rows("SELECT COUNT(*) AS n FROM profiles WHERE merged_into IS NULL").first
        return Int(try row?.decode(column: "n", as: Int64.self) ?? 0)
    }

    public func countEvents() async throws -> Int {
        let row = try await sql.rows("SELECT COUNT(*) AS n FROM events").first
        return Int(try row?.decode(column: "n", as: Int64.self) ?? 0)
    }

    /// The merges that built a profile: into it, and into the profiles it absorbed, oldest first.
    public func merges(of id: ProfileID) async throws -> [MergeAudit] {
        var statement = SQLStatement("SELECT id, at, message_id, survivor_id, absorbed_id, identity_keys, undone_at FROM merges WHERE survivor_id = ")
        statement.bind(id.rawValue)
        statement.append(" OR survivor_id IN (SELECT id FROM profiles WHERE merged_into = ")
        statement.bind(id.rawValue)
        statement.append(") OR absorbed_id = ")
        statement.bind(id.rawValue)
        statement.append(" ORDER BY at, id")
        return try await sql.rows(statement).map(MergeAudit.init(row:))
    }

    public func merge(_ id: MergeID) async throws -> MergeAudit? {
        var statement = SQLStatement("SELECT id, at, message_id, survivor_id, absorbed_id, identity_keys, undone_at FROM merges WHERE id = ")
        statement.bind(id.rawValue)
        return try await sql.rows(statement).first.map(MergeAudit.init(row:))
    }

    /// Conflicts that involve a profile.
    public func conflicts(of id: ProfileID) async throws -> [ConflictAudit] {
        var statement = SQLStatement("SELECT id, at, message_id, profile_ids, identity_keys, reason FROM identity_conflicts WHERE profile_ids LIKE ")
        statement.bind("%\"" + id.rawValue + "\"%")
        statement.append(" ORDER BY at DESC LIMIT 100")
        return try await sql.rows(statement).map(ConflictAudit.init(row:))
    }

    public func recentConflicts(limit: Int) async throws -> [ConflictAudit] {
        var statement = SQLStatement("SELECT id, at, message_id, profile_ids, identity_keys, reason FROM identity_conflicts ORDER BY at DESC LIMIT ")
        statement.bind(Int64(limit))
        return try await sql.rows(statement).map(ConflictAudit.init(row:))
    }

    /// Undoes a merge: the identifiers that joined in it, and the events that carried only them,
    /// become a profile of their own again (the absorbed profile, revived). Both profiles are rebuilt from their events.
    public func undoMerge(_ id: MergeID, now: Date = Date()) async throws -> (survivor: ProfileID, restored: ProfileID) {
        try await write { sql in
            var select = SQLStatement("SELECT id, at, message_id, survivor_id, absorbed_id, identity_keys, undone_at FROM merges WHERE id = ")
            select.bind(id.rawValue)
            guard let merge = try await sql.rows(select).first.map(MergeAudit.init(row:)) else {
                throw StorageError.notFound("no merge with id '\(id.rawValue)'")
            }
            guard merge.undoneAt == nil else { throw StorageError.conflict("merge '\(id.rawValue)' was already undone") }
            let movedKeys = Set(merge.identities.map(\.key))

            // Where the identifiers live now (the survivor may itself have been merged since).
            var current = SQLStatement("SELECT profile_id FROM identities WHERE key IN ")
            current.bindList(Array(movedKeys))
            let holders = Set(try await sql.rows(current).map { try $0.decode(column: "profile_id", as: String.self) })
            let holder = holders.first.map(ProfileID.init(rawValue:)) ?? merge.survivor

            var moveIdentities = SQLStatement("UPDATE identities SET profile_id = ")
            moveIdentities.bind(merge.absorbed.rawValue)
            moveIdentities.append(" WHERE key IN ")
            moveIdentities.bindList(Array(movedKeys))
            try await sql.run(moveIdentities)

            // Events go back when every identifier they carried left with the merge.
            var events = SQLStatement("SELECT seq, identity_keys FROM events WHERE profile_id = ")
            events.bind(holder.rawValue)
            var returning = [Int64]()
            for row in try await sql.rows(events) {
                let keys = identifiers(fromKeysJSON: try row.decode(column: "identity_keys", as: String.self)).map(\.key)
                if !keys.isEmpty && keys.allSatisfy(movedKeys.contains) {
                    returning.append(try row.decode(column: "seq", as: Int64.self))
                }
            }
            for chunk in chunked(returning, size: 5000) {
                var move = SQLStatement("UPDATE events SET profile_id = ")
                move.bind(merge.absorbed.rawValue)
                move.append(" WHERE seq IN (")
                for (index, seq) in chunk.enumerated() {
                    if index > 0 { move.append(", ") }
                    move.bind(seq)
                }
                move.append(")")
                try await sql.run(move)
            }
            var revive = SQLStatement("UPDATE profiles SET merged_into = NULL WHERE id = ")
            revive.bind(merge.absorbed.rawValue)
            try await sql.run(revive)
            var mark = SQLStatement("UPDATE merges SET undone_at = ")
            mark.bind(Timestamps.millis(now))
            mark.append(" WHERE id = ")
            mark.bind(id.rawValue)
            try await sql.run(mark)

            for profile in [holder, merge.absorbed] {
                try await Self.rebuildProfile(profile, now: now, on: sql)
            }
            // An undone merge stays undone: later messages that tie the two record a conflict instead.
            try await Self.addSeparation(ProfilePair(holder, merge.absorbed), mergeID: id, now: now, on: sql)
            try await Self.markDirty([holder.rawValue, merge.absorbed.rawValue], on: sql)
            return (holder, merge.absorbed)
        }
    }

    /// Rebuilds a profile's projection from its events.
    static func rebuildProfile(_ id: ProfileID, now: Date, on sql: any SQLDatabase) async throws {
        var statement = SQLStatement("SELECT ts, channel, type, payload FROM events WHERE profile_id = ")
        statement.bind(id.rawValue)
        var inputs = [(time: Int64, channel: Channel, traits: [String: JSONValue])]()
        for row in try await sql.rows(statement) {
            let payload = JSONValue.parse(try row.decode(column: "payload", as: String.self)) ?? .null
            let traits = MessageValidator.personTraits(
                type: MessageType(rawValue: try row.decode(column: "type", as: String.self)) ?? .track,
                context: payload["context"]?.objectValue ?? [:], traits: payload["traits"]?.objectValue ?? [:])
            inputs.append((try row.decode(column: "ts", as: Int64.self),
                           Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .server, traits))
        }
        let state = ProfileState.rebuild(id: id, events: inputs)
        try await saveStates([state], createdAt: Timestamps.millis(now), on: sql)
    }

    /// Erases a person (GDPR art. 17): events, identifiers, merges, scores, the profile and every area's records of them
    /// (the service desk's cases and conversations) go, and the daily counters lose their events; the identifiers (and
    /// the visitor ids of their chats) are kept only as hashes so later messages carrying them are not stored.
    /// Returns how many events were erased.
    @discardableResult
    public func erase(_ id: ProfileID, now: Date = Date()) async throws -> Int {
        try await write { sql in
            var profiles = SQLStatement("SELECT id FROM profiles WHERE id = ")
            profiles.bind(id.rawValue)
            profiles.append(" OR merged_into = ")
            profiles.bind(id.rawValue)
            let ids = try await sql.rows(profiles).map { try $0.decode(column: "id", as: String.self) }
            guard !ids.isEmpty else { throw StorageError.notFound("no profile '\(id.rawValue)'") }

            var keysStatement = SQLStatement("SELECT key, kind, value FROM identities WHERE profile_id IN ")
            keysStatement.bindList(ids)
            let identityRows = try await sql.rows(keysStatement)
            let keys = try identityRows.map { try $0.decode(column: "key", as: String.self) }
            let identifiers = try identityRows.map {
                Identifier(kind: IdentifierKind(rawValue: try $0.decode(column: "kind", as: String.self)), value: try $0.decode(column: "value", as: String.self))
            }
            // Every area's records of the person go in the same transaction as the profile.
            let cases = try await Self.personalCaseIDs(profiles: ids, identifiers: identifiers, on: sql)
            // The visitor ids of the person's chats identify them too: later chats from that browser are not stored.
            var caseKeys = [String]()
            for chunk in chunked(cases.map(\.rawValue), size: Self.rowsPerStatement) {
                var threads = SQLStatement("SELECT thread_key FROM cases WHERE thread_key IS NOT NULL AND id IN ")
                threads.bindList(Array(chunk))
                for row in try await sql.rows(threads) {
                    let thread = try row.decode(column: "thread_key", as: String.self)
                    if thread.hasPrefix("chat:") { caseKeys.append(Identifier(kind: .anonymousID, value: String(thread.dropFirst(5))).key) }
                }
            }
            try await Self.erasePersonalRecords(cases: cases, on: sql)
            try await Self.subtractFromDailyCounts(profiles: ids, on: sql)
            try await Self.subtractFromEventNameDays(profiles: ids, on: sql)
            for chunk in chunked(Array(Set(keys + caseKeys)), size: Self.rowsPerStatement) {
                var insert = SQLStatement("INSERT INTO suppressions (key_hash, erased_at) VALUES ")
                for (index, key) in chunk.enumerated() {
                    insert.append(index == 0 ? "(" : ", (")
                    insert.bind(suppressionHash(key))
                    insert.append(", ")
                    insert.bind(Timestamps.millis(now))
                    insert.append(")")
                }
                insert.append(" ON CONFLICT (key_hash) DO NOTHING")
                try await sql.run(insert)
            }
            var countStatement = SQLStatement("SELECT COUNT(*) AS n FROM events WHERE profile_id IN ")
            countStatement.bindList(ids)
            let erased = Int(try await sql.rows(countStatement).first?.decode(column: "n", as: Int64.self) ?? 0)
            // Survey answers and their topics go with the events that carried them (and any filed under these ids), and
            // out of the daily roll-ups.
            var erasedAnswers = SQLStatement("SELECT * FROM survey_answers WHERE profile_id IN ")
            erasedAnswers.bindList(ids)
            erasedAnswers.append(" OR id IN (SELECT id FROM events WHERE profile_id IN ")
            erasedAnswers.bindList(ids)
            erasedAnswers.append(")")
            for row in try await sql.rows(erasedAnswers) {
                var answer = try SurveyAnswer(row: row)
                answer.topics = try await sql.rows("SELECT topic FROM survey_answer_topics WHERE answer_id = \(bind: answer.id.rawValue)")
                    .map { try $0.decode(column: "topic", as: String.self) }
                try await Self.rollUp(answer, by: -1, on: sql)
            }
            for table in ["survey_answer_topics", "survey_answers"] {
                let column = table == "survey_answers" ? "id" : "answer_id"
                var delete = SQLStatement("DELETE FROM \(sql: table) WHERE \(sql: column) IN (SELECT id FROM events WHERE profile_id IN ")
                delete.bindList(ids)
                delete.append(")")
                try await sql.run(delete)
            }
            var answerTopics = SQLStatement("DELETE FROM survey_answer_topics WHERE answer_id IN (SELECT id FROM survey_answers WHERE profile_id IN ")
            answerTopics.bindList(ids)
            answerTopics.append(")")
            try await sql.run(answerTopics)
            var answers = SQLStatement("DELETE FROM survey_answers WHERE profile_id IN ")
            answers.bindList(ids)
            try await sql.run(answers)
            // Invitations and the mails that carried them or the person's case replies: addresses and words of theirs.
            var mails = SQLStatement("DELETE FROM mail_outbox WHERE reference IN (SELECT id FROM survey_invitations WHERE profile_id IN ")
            mails.bindList(ids)
            mails.append(")")
            try await sql.run(mails)
            for chunk in chunked(cases.map(\.rawValue), size: Self.rowsPerStatement) {
                var caseMails = SQLStatement("DELETE FROM mail_outbox WHERE reference IN ")
                caseMails.bindList(Array(chunk))
                try await sql.run(caseMails)
            }
            // What they searched for and asked the assistant.
            var selfService = SQLStatement("DELETE FROM self_service_facts WHERE profile_id IN ")
            selfService.bindList(ids)
            selfService.append(" OR id IN (SELECT id FROM events WHERE profile_id IN ")
            selfService.bindList(ids)
            selfService.append(")")
            try await sql.run(selfService)
            // Decisions about them, their offers' outcomes and the segments they were in.
            try await Self.eraseDecisionRecords(profiles: ids, on: sql)
            var invitations = SQLStatement("DELETE FROM survey_invitations WHERE profile_id IN ")
            invitations.bindList(ids)
            try await sql.run(invitations)
            // Their scores leave the value model's totals before the scores go.
            var totals = SQLStatement("UPDATE value_totals SET customers = customers - (SELECT COUNT(*) FROM value_scores WHERE profile_id IN ")
            totals.bindList(ids)
            totals.append("), clv_sum = clv_sum - (SELECT COALESCE(SUM(clv), 0) FROM value_scores WHERE profile_id IN ")
            totals.bindList(ids)
            totals.append("), alive_sum = alive_sum - (SELECT COALESCE(SUM(p_alive), 0) FROM value_scores WHERE profile_id IN ")
            totals.bindList(ids)
            totals.append(")")
            try await sql.run(totals)
            for (table, column) in [("events", "profile_id"), ("identities", "profile_id"), ("merges", "survivor_id"), ("merges", "absorbed_id"),
                                    ("value_scores", "profile_id"), ("profiles", "id")] {
                var delete = SQLStatement("DELETE FROM \(sql: table) WHERE \(sql: column) IN ")
                delete.bindList(ids)
                try await sql.run(delete)
            }
            try await Self.markDirty(ids, on: sql)
            try await Self.deleteSeparations(involving: ids, on: sql)
            for profile in ids {
                var delete = SQLStatement("DELETE FROM identity_conflicts WHERE profile_ids LIKE ")
                delete.bind("%\"" + profile + "\"%")
                try await sql.run(delete)
            }
            return erased
        }
    }
}

extension TimelineEntry {
    init(row: any SQLRow) throws {
        self.init(
            id: EventID(rawValue: try row.decode(column: "id", as: String.self)),
            sequence: try row.decode(column: "seq", as: Int64.self),
            messageID: try row.decode(column: "message_id", as: String.self),
            sourceID: SourceID(rawValue: try row.decode(column: "source_id", as: String.self)),
            type: MessageType(rawValue: try row.decode(column: "type", as: String.self)) ?? .track,
            name: try row.decode(column: "name", as: String?.self),
            channel: Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .server,
            timestamp: Timestamps.date(millis: try row.decode(column: "ts", as: Int64.self)),
            receivedAt: Timestamps.date(millis: try row.decode(column: "received_at", as: Int64.self)),
            identifiers: TouchpointStorage.identifiers(fromKeysJSON: try row.decode(column: "identity_keys", as: String.self)),
            payload: JSONValue.parse(try row.decode(column: "payload", as: String.self)) ?? .null)
    }
}

extension MergeAudit {
    init(row: any SQLRow) throws {
        self.init(
            id: MergeID(rawValue: try row.decode(column: "id", as: String.self)),
            at: Timestamps.date(millis: try row.decode(column: "at", as: Int64.self)),
            messageID: try row.decode(column: "message_id", as: String.self),
            survivor: ProfileID(rawValue: try row.decode(column: "survivor_id", as: String.self)),
            absorbed: ProfileID(rawValue: try row.decode(column: "absorbed_id", as: String.self)),
            identities: identifiers(fromKeysJSON: try row.decode(column: "identity_keys", as: String.self)),
            undoneAt: try row.decode(column: "undone_at", as: Int64?.self).map(Timestamps.date(millis:)))
    }
}

extension ConflictAudit {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: String.self),
            at: Timestamps.date(millis: try row.decode(column: "at", as: Int64.self)),
            messageID: try row.decode(column: "message_id", as: String.self),
            profiles: (JSONValue.parse(try row.decode(column: "profile_ids", as: String.self))?.arrayValue ?? []).compactMap { $0.stringValue.map(ProfileID.init(rawValue:)) },
            identities: identifiers(fromKeysJSON: try row.decode(column: "identity_keys", as: String.self)),
            reason: try row.decode(column: "reason", as: String.self))
    }
}

extension SQLStore {
    public func countMerges() async throws -> Int {
        let row = try await sql.rows("SELECT COUNT(*) AS n FROM merges").first
        return Int(try row?.decode(column: "n", as: Int64.self) ?? 0)
    }
}

import Foundation
import Synchronization
import SQLKit
import TouchpointApp
import Tagged
import TouchpointDomain

/// What segments and actions read about people (``ProfileFacts``), gathered in a few statements for many people at once:
/// the segment projection evaluates thousands a round, a decision one.
extension SQLStore {
    public func facts(of profiles: [ProfileID], historyEvents: Set<String>?, now: Date) async throws -> [ProfileID: ProfileFacts] {
        var found = [ProfileID: ProfileFacts]()
        let since = Timestamps.millis(now.addingTimeInterval(-ProfileFacts.historyDays * 86_400))
        for chunk in chunked(Array(Set(profiles.map(\.rawValue))).sorted(), size: Self.rowsPerStatement) {
            let ids = Array(chunk)
            // The profile, its stage, value scores and open cases in one statement: a decision reads one person, and
            // each statement is a round trip to the database's thread.
            var people = SQLStatement("""
                SELECT p.id AS id, p.traits AS traits, p.event_count AS event_count, l.stage AS stage,
                       v.clv AS clv, v.p_alive AS p_alive, v.churn_risk AS churn_risk, v.value_tier AS value_tier,
                       (SELECT COUNT(*) FROM cases c WHERE c.profile_id = p.id AND c.merged_into IS NULL AND c.status IN ('new', 'open', 'pending')) AS open_cases
                FROM profiles p
                LEFT JOIN lifecycle_states l ON l.profile_id = p.id
                LEFT JOIN value_scores v ON v.profile_id = p.id
                WHERE p.merged_into IS NULL AND p.id IN
                """)
            people.bindList(ids)
            for row in try await sql.rows(people) {
                let facts = try Self.personFacts(row)
                found[facts.profileID] = facts
            }
            let living = ids.filter { found[ProfileID(rawValue: $0)] != nil }
            guard !living.isEmpty else { continue }

            var answers = SQLStatement("SELECT profile_id, survey_type, score, answered_at FROM survey_answers WHERE answered_at >= ")
            answers.bind(since)
            answers.append(" AND profile_id IN ")
            answers.bindList(living)
            for row in try await sql.rows(answers) {
                let id = ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self))
                guard found[id] != nil else { continue }
                Self.addAnswer(type: try row.decode(column: "survey_type", as: String.self), score: Int(try row.decode(column: "score", as: Int64.self)),
                               at: Timestamps.date(millis: try row.decode(column: "answered_at", as: Int64.self)), to: &found[id]!)
            }

            // History: the events conditions count, and the ones that mean a bad experience.
            var history = SQLStatement("SELECT profile_id, name, channel, ts, payload FROM events WHERE type = 'track' AND ts >= ")
            history.bind(since)
            history.append(" AND profile_id IN ")
            history.bindList(living)
            if let historyEvents {
                history.append(" AND LOWER(name) IN ")
                history.bindList(HistoryNames.spellings(reading: historyEvents))
            }
            if SQLDialectKind(sql) == .postgres {
                // Leaves out the months of the partitioned log made ahead (see `EventPartitions.receivedAtLeeway`) and
                // those received before the history could begin (`EventPartitions.receivedFrom(happenedSince:)`).
                history.append(" AND received_at BETWEEN ")
                history.bind(EventPartitions.receivedFrom(happenedSince: Timestamps.date(millis: since)))
                history.append(" AND ")
                history.bind(EventPartitions.receivedByNow())
            }
            for row in try await sql.rows(history) {
                let id = ProfileID(rawValue: try row.decode(column: "profile_id", as: String.self))
                guard let name = try row.decode(column: "name", as: String?.self), found[id] != nil else { continue }
                Self.addHistory(name: name, at: Timestamps.date(millis: try row.decode(column: "ts", as: Int64.self)),
                                channel: try row.decode(column: "channel", as: String.self), payload: try row.decode(column: "payload", as: String.self),
                                to: &found[id]!)
            }
        }
        for id in found.keys { Self.settleMargin(&found[id]!) }
        return found
    }

    /// A person's facts from a row of the profile, its stage, value scores and open cases.
    static func personFacts(_ row: any SQLRow) throws -> ProfileFacts {
        let id = ProfileID(rawValue: try row.decode(column: "id", as: String.self))
        let traits = JSONValue.parse(try row.decode(column: "traits", as: String.self))?.objectValue ?? [:]
        var facts = ProfileFacts(profileID: id, traits: traits, counters: ["events": Double(try row.decode(column: "event_count", as: Int64.self))])
        facts.stage = try row.decode(column: "stage", as: String?.self).flatMap(LifecycleStage.init(rawValue:))
        if let clv = try row.decode(column: "clv", as: Double?.self) {
            facts.value = ValueFacts(clv: clv, margin: nil, pAlive: try row.decode(column: "p_alive", as: Double?.self),
                                     churnRisk: try row.decode(column: "churn_risk", as: String?.self).flatMap(ChurnRisk.init(rawValue:)),
                                     valueTier: try row.decode(column: "value_tier", as: String?.self).flatMap(ValueTier.init(rawValue:)))
        }
        facts.openCases = Int(try row.decode(column: "open_cases", as: Int64.self))
        return facts
    }

    /// A survey answer: the last NPS score, and the last detractor answer.
    static func addAnswer(type: String, score: Int, at: Date, to facts: inout ProfileFacts) {
        if type == SurveyType.nps.rawValue, facts.feedback.lastNPSAt.map({ at > $0 }) ?? true {
            facts.feedback.lastNPS = score
            facts.feedback.lastNPSAt = at
        }
        if FeedbackFacts.isDetractor(surveyType: type, score: score), facts.feedback.lastDetractorAt.map({ at > $0 }) ?? true {
            facts.feedback.lastDetractorAt = at
        }
    }

    /// An event of the history conditions read (and the last bad experience, when it is one).
    static func addHistory(name: String, at: Date, channel: String, payload: String, to facts: inout ProfileFacts) {
        let properties = JSONCodec.member("properties", ofObject: payload.utf8)?.objectValue ?? [:]
        let event = FactEvent(name: name, at: at, channel: Channel(rawValue: channel), properties: properties)
        // The name normalised once, by the event, for both uses.
        if HistoryNames.badExperience.contains(event.normalizedName), facts.feedback.lastBadExperienceAt.map({ at > $0 }) ?? true {
            facts.feedback.lastBadExperienceAt = at
        }
        facts.events.append(event)
    }

    /// Margin: a `margin` trait the shop sends, else the default share of the CLV.
    static func settleMargin(_ facts: inout ProfileFacts) {
        let margin = facts.traits["margin"]?.doubleValue ?? facts.value.clv.map { $0 * ValueFacts.defaultMarginRate }
        if margin != facts.value.margin { facts.value.margin = margin }
    }
}

/// The names a facts query asks the log for, worked out once per catalogue: every decision asks with the same set.
enum HistoryNames {
    static let badExperience = Set(FeedbackFacts.badExperienceEvents.map(LifecycleEventNamesBridge.normalize))
    private static let remembered = Mutex<(names: Set<String>, spellings: [String])?>(nil)

    /// The stored spellings of `names` and of the bad-experience events.
    static func spellings(reading names: Set<String>) -> [String] {
        if let known = remembered.withLock({ $0 }), known.names == names { return known.spellings }
        let spellings = FactsNeeds.storedSpellings(of: names.union(FeedbackFacts.badExperienceEvents))
        remembered.withLock { $0 = (names, spellings) }
        return spellings
    }
}

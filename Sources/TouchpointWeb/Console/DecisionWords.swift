import Foundation
import TouchpointDomain

/// Segments, actions and decisions in the reader's words: conditions as sentences, kinds, reasons, caps and values in
/// the console's language. The written form of a condition stays beside it (`line(_:)`), for whoever writes them; the
/// problems the domain finds in a definition are its own (English, like the API's), prefixed here with their line.
enum DecisionWords {
    // MARK: Conditions

    /// A condition of a segment or of an action's eligibility as a sentence.
    static func condition(_ condition: SegmentCondition, strings: [String: String], format: Formatting) -> String {
        switch condition {
        case .property(let property): return Self.property(property, field: field(property.path, strings: strings), strings: strings, format: format)
        case .history(let history): return Self.history(history, strings: strings, format: format)
        }
    }

    /// A definition's groups: "all of these" or "any of these", each condition in words with its written form.
    static func groups(_ definition: SegmentDefinition, strings: [String: String], format: Formatting) -> [ConditionGroupWords] {
        definition.groups.map { group in
            ConditionGroupWords(mode: strings[group.mode == .allOf ? "dc_mode_all" : "dc_mode_any"]!,
                                conditions: group.conditions.map { ConditionWords(text: condition($0, strings: strings, format: format), raw: line($0)) })
        }
    }

    /// The whole definition in one line, for a title attribute: groups joined by "and".
    static func summary(_ definition: SegmentDefinition, strings: [String: String], format: Formatting) -> String {
        groups(definition, strings: strings, format: format).map { group in
            group.mode + " " + group.conditions.map(\.text).joined(separator: "; ")
        }.joined(separator: strings["dc_and"]!)
    }

    /// "CLV ≥ 500", "Miasto = Warszawa", "etap cyklu — jedno z: doświadczenie, lojalność".
    static func property(_ condition: PropertyCondition, field: String, strings: [String: String], format: Formatting) -> String {
        // "recent detractor: yes" reads better than "= true".
        if condition.op == .equals, case .bool(let flag)? = condition.value {
            return fill(strings["dc_op_is"]!, ["field": field, "value": strings[flag ? "dc_yes" : "dc_no"]!])
        }
        let key: String
        switch condition.op {
        case .equals: key = "dc_op_eq"
        case .notEquals: key = "dc_op_ne"
        case .lessThan: key = "dc_op_lt"
        case .lessThanOrEqual: key = "dc_op_le"
        case .greaterThan: key = "dc_op_gt"
        case .greaterThanOrEqual: key = "dc_op_ge"
        case .oneOf: key = "dc_op_in"
        case .noneOf: key = "dc_op_not_in"
        case .exists: key = "dc_op_exists"
        case .missing: key = "dc_op_missing"
        }
        let value = condition.value.map { jsonValue($0, path: condition.path, strings: strings, format: format) } ?? ""
        return fill(strings[key]!, ["field": field, "value": value])
    }

    /// "did “Order Completed” (where category = tv) at least 2 times within the last 90 days".
    static func history(_ history: HistoryCondition, strings: [String: String], format: Formatting) -> String {
        var text = fill(strings[history.negated && history.atLeast == 1 ? "dc_hist_did_not" : "dc_hist_did"]!, ["event": history.event])
        if !history.conditions.isEmpty {
            let parts = history.conditions.map { property($0, field: eventField($0.path), strings: strings, format: format) }
            text += fill(strings["dc_hist_where"]!, ["conditions": parts.joined(separator: strings["dc_and"]!)])
        }
        if let channels = history.channels {
            text += fill(strings["dc_hist_channels"]!, ["channels": channels.map { format.channel($0, strings: strings) }.joined(separator: ", ")])
        }
        if history.atLeast > 1 {
            text += fill(strings[history.negated ? "dc_hist_fewer_than" : "dc_hist_at_least"]!, ["n": format.number(history.atLeast)])
        }
        text += history.withinDays == 1 ? strings["dc_hist_within_one"]!
            : fill(strings["dc_hist_within"]!, ["days": format.decimal(history.withinDays, digits: 1)])
        return text
    }

    /// The condition as the builder writes it: a property condition's one-string form, a history condition's JSON.
    static func line(_ condition: SegmentCondition) -> String {
        switch condition {
        case .property(let property): return property.description
        case .history(let history):
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            guard let data = try? encoder.encode(history) else { return history.description }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// The words of a document path: known fields by name, traits by their labels, counters by their names.
    static func field(_ path: String, strings: [String: String]) -> String {
        if let key = fieldKeys[path], let word = strings[key] { return word }
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2, parts[0] == "traits" { return strings["trait_" + parts[1].lowercased()] ?? TraitField.humanized(parts[1]) }
        if parts.count == 2, parts[0] == "counters" { return fill(strings["dc_field_counter"]!, ["name": parts[1]]) }
        return path
    }

    /// The document fields a condition may read (`ProfileFacts.document`), with their strings.
    static let fieldKeys: [String: String] = [
        "stage": "dc_field_stage", "stageIndex": "dc_field_stage_index",
        "value.clv": "dc_field_clv", "value.margin": "dc_field_margin", "value.pAlive": "dc_field_p_alive",
        "value.churnRisk": "dc_field_churn_risk", "value.valueTier": "dc_field_value_tier",
        "feedback.nps": "dc_field_nps", "feedback.npsAt": "dc_field_nps_at",
        "feedback.detractorRecently": "dc_field_detractor_recently", "feedback.badExperienceRecently": "dc_field_bad_experience_recently",
        "cases.open": "dc_field_open_cases",
    ]

    /// An event property as history conditions read it (`category` and `properties.category` alike).
    static func eventField(_ path: String) -> String {
        path.hasPrefix("properties.") ? String(path.dropFirst("properties.".count)) : path
    }

    /// A condition's value: stages, tiers and churn risks in words, numbers as the language writes them.
    static func jsonValue(_ value: JSONValue, path: String, strings: [String: String], format: Formatting) -> String {
        switch value {
        case .array(let items): return items.map { jsonValue($0, path: path, strings: strings, format: format) }.joined(separator: ", ")
        case .string(let text):
            if let prefix = valueWords[path], let word = strings[prefix + text.lowercased()] { return word }
            return text
        case .number(let number): return format.decimal(number, digits: 2)
        case .bool(let flag): return strings[flag ? "dc_yes" : "dc_no"]!
        case .null: return "null"
        case .object: return value.jsonText()
        }
    }

    private static let valueWords = ["stage": "stage_", "value.valueTier": "tier_", "value.churnRisk": "dc_churn_"]

    // MARK: Actions

    static func kind(_ kind: ActionKind, strings: [String: String]) -> String {
        strings["dc_kind_" + kind.rawValue.replacingOccurrences(of: "-", with: "_")] ?? kind.rawValue
    }

    /// Who may get an action: "members of A or B and CLV ≥ 500", or "everyone".
    static func eligibility(_ eligibility: ActionEligibility, segmentNames: [SegmentID: String], strings: [String: String], format: Formatting) -> String {
        var parts = [String]()
        if !eligibility.segments.isEmpty {
            let names = eligibility.segments.map { segmentNames[$0] ?? $0.rawValue }
            parts.append(fill(strings["dc_elig_segments"]!, ["segments": names.joined(separator: strings["dc_or"]!)]))
        }
        parts += eligibility.conditions.map { condition($0, strings: strings, format: format) }
        return parts.isEmpty ? strings["dc_elig_everyone"]! : parts.joined(separator: strings["dc_and"]!)
    }

    static func caps(_ caps: ActionCaps, strings: [String: String], format: Formatting) -> String {
        var parts = [String]()
        if let cap = caps.perPersonPerDay { parts.append(fill(strings["dc_cap_day"]!, ["n": format.number(cap)])) }
        if let cap = caps.perPersonPerWeek { parts.append(fill(strings["dc_cap_week"]!, ["n": format.number(cap)])) }
        if let budget = caps.totalBudget { parts.append(fill(strings["dc_cap_budget"]!, ["n": format.number(budget)])) }
        return parts.isEmpty ? strings["dc_cap_none"]! : parts.joined(separator: " · ")
    }

    /// A fixed value as money; an expression as written ("0.05 × clv + 30" reads the person's scores).
    static func businessValue(_ value: BusinessValue, strings: [String: String], format: Formatting) -> String {
        switch value {
        case .fixed(let amount): return money(amount, format: format)
        case .expression(let expression): return fill(strings["dc_value_expression"]!, ["expression": expression.source])
        }
    }

    static func money(_ amount: Double, format: Formatting) -> String {
        amount.formatted(.currency(code: "PLN").locale(format.language.locale))
    }

    // MARK: Decisions

    /// Why a rule removed an action ("not eligible", "weekly cap").
    static func removal(_ reason: String, strings: [String: String]) -> String {
        strings["dc_reason_" + reason] ?? reason
    }

    /// Why an action was returned: service first, or its score's parts.
    static func ranked(_ ranked: RankedAction, strings: [String: String], format: Formatting) -> String {
        if ranked.reason == RemovalReason.serviceFirst.rawValue { return strings["dc_why_service_first"]! }
        return fill(strings["dc_why_score"]!, ["p": format.percent(ranked.propensity), "v": money(ranked.value, format: format),
                                               "w": format.decimal(ranked.weight, digits: 2), "s": format.decimal(ranked.score, digits: 2)])
    }

    /// The removals of a decision by rule, in arbitration's order: "not eligible 3 · control group 1"; nil when none.
    static func removedSummary(_ removed: [RemovedAction], strings: [String: String], format: Formatting) -> String? {
        guard !removed.isEmpty else { return nil }
        var counts = [RemovalReason: Int]()
        for action in removed { counts[action.reason, default: 0] += 1 }
        return RemovalReason.allCases.compactMap { reason in
            counts[reason].map { removal(reason.rawValue, strings: strings) + " " + format.number($0) }
        }.joined(separator: " · ")
    }

    // MARK: Numbers

    /// "1 234 osoby", "≈ 57 people", "1 человек": the count with the noun its number takes in the language.
    static func people(_ count: Int, exact: Bool, strings: [String: String], format: Formatting) -> String {
        (exact ? "" : "≈ ") + format.number(count) + " " + strings["dc_people_" + pluralForm(count, format.language)]!
    }

    /// The plural form a number takes: "one", "few" or "many" (Polish and Russian have three, English two).
    static func pluralForm(_ count: Int, _ language: Language) -> String {
        let n = abs(count), lastDigit = n % 10, lastTwo = n % 100
        let few = (2...4).contains(lastDigit) && !(12...14).contains(lastTwo)
        switch language {
        case .en: return n == 1 ? "one" : "many"
        case .pl: return n == 1 ? "one" : few ? "few" : "many"
        case .ru: return lastDigit == 1 && lastTwo != 11 ? "one" : few ? "few" : "many"
        }
    }

    /// A difference of rates in percentage points, signed: "+1,2 p.p.", "−0,4 p.p.", "0 p.p.".
    static func points(_ difference: Double, strings: [String: String], format: Formatting) -> String {
        let value = difference * 100
        let sign = value >= 0.05 ? "+" : value <= -0.05 ? "−" : ""
        return sign + format.decimal(abs(value), digits: 1) + " " + strings["dc_pp"]!
    }

    // MARK: Text

    /// A string with its `{name}` placeholders filled.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        values.reduce(template) { text, entry in text.replacingOccurrences(of: "{" + entry.key + "}", with: entry.value) }
    }
}

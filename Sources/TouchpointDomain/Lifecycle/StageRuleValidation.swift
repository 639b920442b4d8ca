import Foundation

/// Validation of a rule set as a whole: a rule file is checked before use and every problem is reported at once,
/// so whoever fixes the file sees all of them.
extension StageRuleSet {
    /// Every problem that would make the rules misbehave: unknown signals, duplicate ids, bad conditions, bad facts,
    /// lapse settings that could never apply.
    public func problems() -> [String] {
        var found = [String]()
        if version != StageRuleSet.currentVersion { found.append("version \(version) is not supported (expected \(StageRuleSet.currentVersion))") }
        for name in signals.keys.sorted() {
            if name.isEmpty { found.append("a signal has an empty name") }
            let patterns = signals[name] ?? []
            if patterns.isEmpty { found.append("signal \"\(name)\": no patterns, it would never occur") }
            for pattern in patterns { found += pattern.problems.map { "signal \"\(name)\": \($0)" } }
        }
        var seen = Set<String>()
        for rule in rules {
            let label = "rule \"\(rule.id)\""
            if rule.id.isEmpty { found.append("a rule has an empty id") }
            if !seen.insert(rule.id).inserted { found.append("\(label): the id is used twice") }
            found += rule.pattern.problems.map { "\(label): \($0)" }
            var referenced = rule.signals ?? []
            if let signals = rule.signals, signals.isEmpty { found.append("\(label): an empty signal list matches nothing") }
            if let fromStages = rule.fromStages, fromStages.isEmpty { found.append("\(label): an empty fromStages list never applies") }
            for (index, fact) in rule.facts.enumerated() {
                // With several facts the message says which one, so a long rule file can be fixed without guessing.
                let factLabel = rule.facts.count > 1 ? "\(label), fact \(index + 1)" : label
                referenced += fact.signals + (fact.since ?? [])
                found += fact.problems.map { "\(factLabel): \($0)" }
            }
            for name in referenced where signals[name] == nil { found.append("\(label): unknown signal \"\(name)\"") }
        }
        if let lapse {
            found += lapse.problems.map { "lapse: \($0)" }
            for name in lapse.activity where signals[name] == nil { found.append("lapse: unknown signal \"\(name)\"") }
            if let id = rules.first(where: { $0.id == LapseRule.inactiveRuleID || $0.id == LapseRule.pAliveRuleID })?.id {
                found.append("rule \"\(id)\": the id is the lapse's own, a transition could not tell them apart")
            }
        }
        return found
    }

    /// Throws every problem `problems()` finds.
    public func validate() throws(StageRuleError) {
        let found = problems()
        if !found.isEmpty { throw StageRuleError(problems: found) }
    }
}

extension DerivedFact {
    /// What makes this fact unusable, without the rule's name (the caller adds it) and without checking
    /// that its signals exist (only the rule set knows them).
    var problems: [String] {
        var found = [String]()
        if signals.isEmpty { found.append("the fact names no signal") }
        if atLeast < 1 || atLeast > DerivedFact.maximumCount {
            found.append("atLeast must be between 1 and \(DerivedFact.maximumCount)")
        }
        if let days = withinDays, !(days > 0) { found.append("withinDays must be positive") }
        if let since, since.isEmpty { found.append("an empty since list never holds") }
        return found
    }
}

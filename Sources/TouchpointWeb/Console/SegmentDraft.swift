import Foundation
import Vapor
import TouchpointDomain

/// The segment builder's form as posted (the page's form and its live count send the same fields).
struct SegmentForm: Content {
    /// The segment being changed; absent or empty for a new one.
    var id: String?
    var name: String?
    /// One condition a line.
    var conditions: String?
    /// `all` or `any`.
    var mode: String?
    /// `save` or `preview` (the "Count" button, for pages without scripts).
    var action: String?
}

/// The segment builder's draft: a name, one condition a line — a property condition such as `value.clv >= 500`, or a
/// history condition as JSON (`{"did":"Order Completed","where":["category == tv"],"withinDays":90}`) — and whether
/// all or any of them must hold. A segment of several groups is written over the API; the builder makes one group.
struct SegmentDraft: Sendable {
    /// The segment being changed; empty for a new one (its id is then made from the name, as the API makes it).
    var id: String
    var name: String
    var conditions: String
    var mode: ConditionGroup.Mode

    /// The longest text of conditions the builder takes (a few dozen lines is already a large segment).
    static let maximumLength = 8_000

    static let empty = SegmentDraft(id: "", name: "", conditions: "", mode: .allOf)

    init(id: String, name: String, conditions: String, mode: ConditionGroup.Mode) {
        self.id = id
        self.name = name
        self.conditions = conditions
        self.mode = mode
    }

    init(_ form: SegmentForm) {
        self.init(id: (form.id ?? "").trimmingCharacters(in: .whitespaces), name: form.name ?? "", conditions: form.conditions ?? "",
                  mode: form.mode == ConditionGroup.Mode.anyOf.rawValue ? .anyOf : .allOf)
    }

    /// The builder's lines for a stored segment; nil when it has several groups (the builder writes one).
    init?(editing definition: SegmentDefinition) {
        guard definition.groups.count == 1, let group = definition.groups.first else { return nil }
        self.init(id: definition.id.rawValue, name: definition.name, conditions: group.conditions.map(DecisionWords.line).joined(separator: "\n"),
                  mode: group.mode)
    }

    var isEditing: Bool { !id.isEmpty }

    /// The definition the draft describes and every problem with it, each condition's named by its line ("Line 3: …").
    /// A preview needs no name (it counts while the name is still to be typed): it is counted under a stand-in one.
    func parsed(strings: [String: String], forPreview: Bool) -> (definition: SegmentDefinition, problems: [String]) {
        var problems = [String]()
        var parsed = [SegmentCondition]()
        var lines = [Int]()
        if conditions.count > Self.maximumLength {
            problems.append(DecisionWords.fill(strings["dc_too_long"]!, ["n": String(Self.maximumLength)]))
        } else {
            for (offset, raw) in conditions.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
                let text = raw.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { continue }
                let label = Self.lineLabel(offset + 1, strings: strings)
                do {
                    parsed.append(try Self.condition(text))
                    lines.append(offset + 1)
                } catch let error as DecisionRuleError {
                    problems += error.problems.map { label + $0 }
                } catch let error as DecodingError {
                    problems.append(label + Self.describe(error))
                } catch {
                    problems.append(label + String(describing: error))
                }
            }
        }
        let trimmedName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let segmentID = forPreview ? "preview" : (isEditing ? id : SegmentBody.slug(trimmedName))
        let definition = SegmentDefinition(id: SegmentID(rawValue: segmentID), name: forPreview && trimmedName.isEmpty ? "preview" : trimmedName,
                                           groups: parsed.isEmpty ? [] : [ConditionGroup(mode, parsed)])
        let unreadable = !problems.isEmpty
        for problem in definition.validate() {
            // "A segment needs a condition" says nothing new when every line typed failed to be read.
            if unreadable && parsed.isEmpty && problem.hasPrefix("conditions:") { continue }
            // A new segment's id is made from its name: no name (reported as such) or a name of symbols only makes none.
            if !isEditing && !forPreview && problem.hasPrefix("id:") {
                if !trimmedName.isEmpty { problems.append(strings["dc_name_needs_letters"]!) }
                continue
            }
            problems.append(Self.relabel(problem, mode: mode, lines: lines, strings: strings))
        }
        return (definition, problems)
    }

    /// One line of the builder as a condition: JSON when it starts with `{`, else the one-string property form. A line
    /// pasted from an API body (`"value.clv >= 500",`) is read too.
    static func condition(_ line: String) throws -> SegmentCondition {
        var text = line
        if text.hasSuffix(",") { text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
        if text.hasPrefix("{") {
            return try JSONDecoder().decode(SegmentCondition.self, from: Data(text.utf8))
        }
        if text.hasPrefix("\""), let unquoted = JSONValue.parse(text)?.stringValue { text = unquoted }
        return try SegmentCondition.parsing(text)
    }

    static func lineLabel(_ number: Int, strings: [String: String]) -> String {
        DecisionWords.fill(strings["dc_line"]!, ["n": String(number)])
    }

    /// The domain names a condition by its place (`conditions[0].all[2]: …`); the builder by its line.
    static func relabel(_ problem: String, mode: ConditionGroup.Mode, lines: [Int], strings: [String: String]) -> String {
        let prefix = "conditions[0].\(mode.rawValue)["
        guard problem.hasPrefix(prefix) else { return problem }
        let start = problem.index(problem.startIndex, offsetBy: prefix.count)
        // The bracket closing the condition's index, after the prefix (the prefix has brackets of its own).
        guard let close = problem[start...].firstIndex(of: "]"), let index = Int(problem[start..<close]), lines.indices.contains(index) else {
            return problem
        }
        var rest = problem[problem.index(after: close)...]
        if rest.hasPrefix(": ") { rest = rest.dropFirst(2) }
        return lineLabel(lines[index], strings: strings) + rest
    }

    /// A JSON line that does not make a condition, in a sentence.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _):
            return "\"\(key.stringValue)\" is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return (path.isEmpty ? "" : path + ": ") + context.debugDescription
        @unknown default:
            return String(describing: error)
        }
    }
}

import Foundation
import TouchpointDomain

/// A decision's result as the log stores it: JSON written and read by the project's own codec. Every decision writes
/// one and the report reads thousands; Foundation's JSONEncoder costs several times more for the same text.
enum DecisionResultText {
    static func encode(_ result: ArbitrationResult) -> String {
        JSONCodec.serialize(.object([
            "actions": .array(result.actions.map { ranked in
                .object(["id": .string(ranked.id.rawValue), "kind": .string(ranked.kind.rawValue), "score": .number(ranked.score),
                         "propensity": .number(ranked.propensity), "value": .number(ranked.value), "weight": .number(ranked.weight),
                         "reason": .string(ranked.reason)])
            }),
            "removed": .array(result.removed.map { .object(["id": .string($0.id.rawValue), "kind": .string($0.kind.rawValue), "reason": .string($0.reason.rawValue)]) }),
            "serviceFirst": .bool(result.serviceFirst),
            "controlGroup": .array(result.controlGroup.map { .string($0.rawValue) }),
            "notApplicable": .object(result.notApplicable.mapValues { .number(Double($0)) }),
        ]))
    }

    static func decode(_ text: String) -> ArbitrationResult? {
        guard let json = JSONValue.parse(text), let actions = json["actions"]?.arrayValue, let removed = json["removed"]?.arrayValue else { return nil }
        return ArbitrationResult(
            actions: actions.compactMap { item in
                guard let id = item["id"]?.stringValue, let kind = item["kind"]?.stringValue.flatMap(ActionKind.init(rawValue:)) else { return nil }
                return RankedAction(id: ActionID(rawValue: id), kind: kind, score: item["score"]?.doubleValue ?? 0,
                                    propensity: item["propensity"]?.doubleValue ?? 0, value: item["value"]?.doubleValue ?? 0,
                                    weight: item["weight"]?.doubleValue ?? 0, reason: item["reason"]?.stringValue ?? "score")
            },
            removed: removed.compactMap { item in
                guard let id = item["id"]?.stringValue, let kind = item["kind"]?.stringValue.flatMap(ActionKind.init(rawValue:)),
                      let reason = item["reason"]?.stringValue.flatMap(RemovalReason.init(rawValue:)) else { return nil }
                return RemovedAction(id: ActionID(rawValue: id), kind: kind, reason: reason)
            },
            serviceFirst: json["serviceFirst"] == .bool(true),
            controlGroup: (json["controlGroup"]?.arrayValue ?? []).compactMap { $0.stringValue.map(ActionID.init(rawValue:)) },
            notApplicable: (json["notApplicable"]?.objectValue ?? [:]).compactMapValues { $0.doubleValue.map { Int($0) } })
    }
}

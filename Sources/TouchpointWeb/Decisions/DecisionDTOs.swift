import Foundation
import Vapor
import TouchpointApp
import TouchpointDomain

/// The decisions area's bodies and answers: segments and actions travel as their domain definitions (ISO dates).
enum DecisionDTO {
    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// A domain value as JSON, dates as ISO-8601.
    static func json<T: Encodable>(_ value: T) -> JSONValue {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(value), let parsed = JSONValue.parse(String(decoding: data, as: UTF8.self)) else { return .null }
        return parsed
    }

    static func segment(_ stored: StoredSegment, members: Int?) -> JSONValue {
        guard case .object(var fields) = json(stored.definition) else { return .null }
        fields["createdAt"] = .string(Timestamps.format(stored.createdAt))
        fields["updatedAt"] = .string(Timestamps.format(stored.updatedAt))
        if let members { fields["members"] = .number(Double(members)) }
        return .object(fields)
    }

    static func action(_ stored: StoredAction) -> JSONValue {
        guard case .object(var fields) = json(stored.definition) else { return .null }
        fields["active"] = .bool(stored.active)
        fields["createdAt"] = .string(Timestamps.format(stored.createdAt))
        fields["updatedAt"] = .string(Timestamps.format(stored.updatedAt))
        return .object(fields)
    }

    /// Why an action was returned, in words: its score's parts, or service first.
    static func reason(_ ranked: RankedAction) -> String {
        let parts = "propensity \(FixedDecimal.format(ranked.propensity, places: 3)) × value \(FixedDecimal.format(ranked.value, places: 2))"
            + " × weight \(FixedDecimal.format(ranked.weight, places: 2)) = \(FixedDecimal.format(ranked.score, places: 3))"
        return ranked.reason == "service_first" ? "service_first: the person has an open problem, service comes first (\(parts))" : parts
    }

    /// `POST /api/v1/decisions`'s answer: the CONTRACT's fields, then the texts in the person's language and the
    /// removed actions with the rule that removed each.
    static func decision(_ answer: DecisionDesk.Answer) -> JSONValue {
        let result = answer.record.result
        let actions: [JSONValue] = result.actions.map { ranked in
            var fields: [String: JSONValue] = [
                "id": .string(ranked.id.rawValue), "kind": .string(ranked.kind.rawValue), "score": .number(ranked.score),
                "reason": .string(reason(ranked)), "rule": .string(ranked.reason),
                "propensity": .number(ranked.propensity), "value": .number(ranked.value), "weight": .number(ranked.weight),
            ]
            if let action = answer.actions.first(where: { $0.id == ranked.id }), let text = action.text(in: answer.language) {
                fields["title"] = .string(text.title)
                fields["body"] = .string(text.body)
                if let callToAction = text.callToAction { fields["callToAction"] = .string(callToAction) }
                fields["locale"] = .string(action.texts[answer.language] != nil ? answer.language.rawValue : (action.texts.first { $0.value == text }?.key.rawValue ?? answer.language.rawValue))
            }
            return .object(fields)
        }
        return .object([
            "decisionId": .string(answer.record.id),
            "profileId": .string(answer.record.profileID.rawValue),
            "channel": .string(answer.record.channel.rawValue),
            "placement": answer.record.placement.map(JSONValue.string) ?? .null,
            "at": .string(Timestamps.format(answer.record.at)),
            "serviceFirst": .bool(result.serviceFirst),
            "actions": .array(actions),
            "removed": .array(result.removed.map { .object(["id": .string($0.id.rawValue), "kind": .string($0.kind.rawValue), "reason": .string($0.reason.rawValue)]) }),
            "notApplicable": .object(result.notApplicable.mapValues { .number(Double($0)) }),
        ])
    }

    /// A logged decision, as the profile's history and `GET /api/v1/decisions/{id}` show it.
    static func record(_ record: DecisionRecord) -> JSONValue {
        .object([
            "decisionId": .string(record.id),
            "profileId": .string(record.profileID.rawValue),
            "channel": .string(record.channel.rawValue),
            "placement": record.placement.map(JSONValue.string) ?? .null,
            "at": .string(Timestamps.format(record.at)),
            "serviceFirst": .bool(record.result.serviceFirst),
            "actions": .array(record.result.actions.map { ranked in
                .object(["id": .string(ranked.id.rawValue), "kind": .string(ranked.kind.rawValue), "score": .number(ranked.score),
                         "reason": .string(reason(ranked)), "rule": .string(ranked.reason)])
            }),
            "removed": .array(record.result.removed.map { .object(["id": .string($0.id.rawValue), "kind": .string($0.kind.rawValue), "reason": .string($0.reason.rawValue)]) }),
            "controlGroup": .array(record.result.controlGroup.map { .string($0.rawValue) }),
            "notApplicable": .object(record.result.notApplicable.mapValues { .number(Double($0)) }),
        ])
    }

    static func report(_ report: DecisionReport) -> JSONValue {
        .object([
            "from": .string(Timestamps.format(report.from)), "to": .string(Timestamps.format(report.to)),
            "decisions": .number(Double(report.decisions)), "people": .number(Double(report.people)),
            "serviceFirst": .number(Double(report.serviceFirst)),
            "removals": .object(report.removals.mapValues { .number(Double($0)) }),
            "notApplicable": .object(report.notApplicable.mapValues { .number(Double($0)) }),
            "actions": .array(report.actions.map { row in
                var fields: [String: JSONValue] = [
                    "id": .string(row.actionID.rawValue), "name": .string(row.name), "kind": .string(row.kind.rawValue),
                    "shown": .number(Double(row.shown)), "viewed": .number(Double(row.viewed)),
                    "accepted": .number(Double(row.accepted)), "dismissed": .number(Double(row.dismissed)),
                    "acceptanceRate": row.acceptanceRate.map(JSONValue.number) ?? .null,
                    "treated": .object(["people": .number(Double(row.treated.people)), "conversions": .number(Double(row.treated.conversions))]),
                    "control": .object(["people": .number(Double(row.control.people)), "conversions": .number(Double(row.control.conversions))]),
                ]
                if let uplift = row.uplift {
                    fields["uplift"] = .object(["difference": .number(uplift.difference), "lower": .number(uplift.lower), "upper": .number(uplift.upper),
                                                "significant": .bool(uplift.isSignificant), "method": .string(uplift.method.rawValue)])
                } else {
                    fields["uplift"] = .null
                }
                return .object(fields)
            }),
        ])
    }
}

/// A segment as the API writes it: the domain's definition (`id` optional on create: made from the name).
struct SegmentBody: RequestBody {
    var definition: SegmentDefinition

    private enum Keys: String, CodingKey { case id, name, conditions }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let name = try container.decode(String.self, forKey: .name)
        let id = try container.decodeIfPresent(String.self, forKey: .id) ?? SegmentBody.slug(name)
        let groups = try container.decodeIfPresent([ConditionGroup].self, forKey: .conditions) ?? []
        definition = SegmentDefinition(id: SegmentID(rawValue: id), name: name, groups: groups)
    }

    /// An id from a name: lowercase letters and digits joined by dashes (diacritics folded).
    static func slug(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased().replacingOccurrences(of: "ł", with: "l")
        var slug = ""
        for character in folded {
            if character.isLetter || character.isNumber { slug.append(character) } else if !slug.hasSuffix("-") && !slug.isEmpty { slug.append("-") }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return String(slug.prefix(60))
    }
}

/// An action as the API writes it: the domain's definition, plus `active` (true unless given).
struct ActionBody: RequestBody {
    var definition: ActionDefinition
    var active: Bool?

    private enum Keys: String, CodingKey { case active }

    init(from decoder: any Decoder) throws {
        definition = try ActionDefinition(from: decoder)
        active = try decoder.container(keyedBy: Keys.self).decodeIfPresent(Bool.self, forKey: .active)
    }
}

struct ActionStateBody: RequestBody {
    var active: Bool
}

struct DecisionBody: RequestBody {
    var profile: String
    var channel: String
    var placement: String?
    var limit: Int?

    /// The body of a decision request. Every channel asks many times a second, so a well-formed body is read from the
    /// project's JSON parse alone; anything else goes through the decoder, whose errors name the field at fault.
    static func read(_ request: Request) throws -> DecisionBody {
        if let buffer = request.body.data, let fields = try? JSONCodec.parse(buffer.readableBytesView).objectValue,
           fields.keys.allSatisfy({ ["profile", "channel", "placement", "limit"].contains($0) }),
           case .string(let profile)? = fields["profile"], case .string(let channel)? = fields["channel"] {
            var body = DecisionBody(profile: profile, channel: channel)
            switch fields["placement"] {
            case nil, .null?: break
            case .string(let placement)?: body.placement = placement
            default: return try request.decodeBody(DecisionBody.self)
            }
            switch fields["limit"] {
            case nil, .null?: break
            case .number(let limit)? where limit.rounded() == limit && abs(limit) < 1e9: body.limit = Int(limit)
            default: return try request.decodeBody(DecisionBody.self)
            }
            return body
        }
        return try request.decodeBody(DecisionBody.self)
    }
}

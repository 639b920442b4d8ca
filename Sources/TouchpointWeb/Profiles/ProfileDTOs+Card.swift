import Foundation
import TouchpointApp
import TouchpointDomain

extension ProfileDTO {
    /// A profile with its value scores (read against `model`, the latest fit) and its lifecycle stage.
    static func card(_ card: ProfileCard, model: StoredValueModel?) -> JSONValue {
        guard case .object(var fields) = profile(card.profile) else { return profile(card.profile) }
        fields["scores"] = ValueController.scores(card.scores, model: model)
        if let lifecycle = card.lifecycle, let stage = lifecycle.state.stage {
            fields["lifecycle"] = .object(["stage": .string(stage.rawValue), "since": .date(lifecycle.state.since)])
        } else {
            fields["lifecycle"] = .null
        }
        return .object(fields)
    }

    /// `GET /api/v1/profiles/{ref}/export`: everything stored about the person, area by area. Service cases carry their
    /// whole conversation (internal notes included: they are about the person), attachment descriptions, calls, status
    /// history and CSAT answer.
    static func export(_ export: PersonalDataExport, at time: Date) -> JSONValue {
        .object([
            "cases": .array(export.cases.map { exported in
                guard case .object(var fields) = ServiceDTO.summary(exported.serviceCase) else { return ServiceDTO.summary(exported.serviceCase) }
                fields["messages"] = .array(exported.messages.map(ServiceDTO.message))
                fields["calls"] = .array(exported.calls.map(ServiceDTO.call))
                fields["statusHistory"] = .array(exported.statusChanges.map { change in
                    .object(["status": .string(change.status.rawValue), "at": .date(change.at)])
                })
                return .object(fields)
            }),
            "exportedAt": .date(time),
            "profile": profile(export.profile),
            "events": .array(export.events.map { entry in
                .object(["id": .string(entry.id.rawValue), "sourceId": .string(entry.sourceID.rawValue), "message": entry.payload])
            }),
            "merges": .array(export.merges.map(merge)),
            "conflicts": .array(export.conflicts.map(conflict)),
        ])
    }
}

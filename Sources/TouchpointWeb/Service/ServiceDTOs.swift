import Foundation
import Tagged
import TouchpointDomain
import TouchpointStorage

/// The service desk's HTTP shapes. Field names are the API contract (`docs/API.md`, `/openapi.json`).
enum ServiceDTO {
    static func summary(_ c: ServiceCase) -> JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(c.id.rawValue),
            "number": .number(Double(c.number)),
            "profileId": .optional(c.profileID?.rawValue),
            "customer": customer(c.customer),
            "channel": .string(c.channel.rawValue),
            "subject": .string(c.subject),
            "origin": .string(c.origin.rawValue),
            "status": .string(c.status.rawValue),
            "priority": .string(c.priority.rawValue),
            "category": .optional(c.category),
            "tags": .array(c.tags.map(JSONValue.string)),
            "language": .optional(c.language),
            "teamId": .optional(c.teamID?.rawValue),
            "assigneeId": .optional(c.assigneeID?.rawValue),
            "queuedAt": .date(c.queuedAt),
            "createdAt": .date(c.createdAt),
            "updatedAt": .date(c.updatedAt),
            "firstResponseAt": .date(c.firstResponseAt),
            "resolvedAt": .date(c.resolvedAt),
            "closedAt": .date(c.closedAt),
            "reopenCount": .int(c.reopenCount),
            "agentReplies": .int(c.agentReplies),
            "handleSeconds": .number(c.handleSeconds),
            "csat": c.csatScore.map { .object(["score": .int($0), "comment": .optional(c.csatComment), "at": .date(c.csatAt)]) } ?? .null,
            "mergedInto": .optional(c.mergedInto?.rawValue),
            "sla": .object(["state": .optional(c.slaState?.rawValue), "dueAt": .date(c.slaDueAt)]),
        ]
        // The visitor's public id: the real one opens their conversation, so it never leaves the server.
        if let thread = c.threadKey, thread.hasPrefix("chat:") { fields["chatVisitor"] = .string(ChatVisitorTokens.publicID(of: String(thread.dropFirst(5)))) }
        return .object(fields)
    }

    static func customer(_ contact: CustomerContact) -> JSONValue {
        .object(["userId": .optional(contact.userId), "anonymousId": .optional(contact.anonymousId), "email": .optional(contact.email),
                 "phone": .optional(contact.phone), "name": .optional(contact.name), "unverifiedEmail": .optional(contact.unverifiedEmail)])
    }

    static func message(_ m: ServiceMessage) -> JSONValue {
        .object([
            "id": .string(m.id),
            "sequence": .number(Double(m.sequence)),
            "direction": .string(m.direction.rawValue),
            "authorId": .optional(m.authorID),
            "authorName": .string(m.authorName),
            "body": .string(m.body),
            "channel": .string(m.channel.rawValue),
            "clientId": .optional(m.clientID),
            "externalId": .optional(m.externalID),
            "at": .date(m.createdAt),
            "attachments": .array(m.attachments.map { attachment in
                .object(["id": .string(attachment.id), "fileName": .string(attachment.fileName), "contentType": .string(attachment.contentType),
                         "size": .int(attachment.sizeBytes), "href": .string("/api/v1/attachments/" + attachment.id)])
            }),
        ])
    }

    static func call(_ call: CallRecord) -> JSONValue {
        .object(["id": .string(call.id), "direction": .string(call.direction.rawValue), "phone": .optional(call.phone),
                 "agentId": .optional(call.agentID?.rawValue), "startedAt": .date(call.startedAt), "waitSeconds": .number(call.waitSeconds),
                 "talkSeconds": .number(call.talkSeconds), "wrapSeconds": .number(call.wrapSeconds), "outcome": .string(call.outcome)])
    }

    static func clock(_ clock: SLAClock) -> JSONValue {
        .object(["metric": .string(clock.metric.rawValue), "state": .string(clock.state.rawValue), "targetMinutes": .number(clock.targetSeconds / 60),
                 "elapsedBusinessMinutes": .number((clock.elapsedBusinessSeconds / 60 * 10).rounded() / 10), "startedAt": .date(clock.startedAt),
                 "dueAt": .date(clock.dueAt), "completedAt": .date(clock.completedAt)])
    }

    static func alert(_ alert: SLAAlert, caseNumber: Int64?) -> JSONValue {
        .object(["id": .string(alert.id), "caseId": .string(alert.caseID.rawValue), "caseNumber": caseNumber.map { .number(Double($0)) } ?? .null,
                 "metric": .string(alert.metric.rawValue), "state": .string(alert.state.rawValue), "dueAt": .date(alert.dueAt), "at": .date(alert.at)])
    }

    static func agent(_ agent: ServiceAgent) -> JSONValue {
        .object(["id": .string(agent.id.rawValue), "email": .string(agent.email), "name": .string(agent.name), "role": .string(agent.role.rawValue),
                 "presence": .string(agent.presence.rawValue), "capacity": .int(agent.capacity), "load": .int(agent.load),
                 "skills": .array(agent.skills.map(JSONValue.string)), "languages": .array(agent.languages.map(JSONValue.string)),
                 "teamIds": .array(agent.teamIDs.map { .string($0.rawValue) }), "seesAllTeams": .bool(agent.seesEveryCase),
                 "lastAssignedAt": .date(agent.lastAssignedAt)])
    }

    static func team(_ team: ServiceTeam) -> JSONValue {
        .object(["id": .string(team.id.rawValue), "name": .string(team.name), "memberIds": .array(team.memberIDs.map { .string($0.rawValue) })])
    }

    static func summary(_ metrics: ServiceMetricSummary) -> JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map { .number(($0 * 10_000).rounded() / 10_000) } ?? .null }
        return .object([
            "cases": .int(metrics.cases), "resolved": .int(metrics.resolved),
            "csat": .object(["responses": .int(metrics.csatResponses), "average": number(metrics.csatAverage), "satisfiedShare": number(metrics.csatSatisfiedShare)]),
            "firstContactResolutionRate": number(metrics.firstContactResolutionRate),
            "averageHandleSeconds": number(metrics.averageHandleSeconds),
            "reopenRate": number(metrics.reopenRate),
            "firstResponse": .object(["medianSeconds": number(metrics.firstResponseMedianSeconds), "meanSeconds": number(metrics.firstResponseMeanSeconds),
                                      "medianBusinessSeconds": number(metrics.firstResponseMedianBusinessSeconds)]),
            "resolution": .object(["medianSeconds": number(metrics.resolutionMedianSeconds), "meanSeconds": number(metrics.resolutionMeanSeconds),
                                   "medianBusinessSeconds": number(metrics.resolutionMedianBusinessSeconds)]),
        ])
    }

    static func achievement(_ achievement: SLAAchievement) -> JSONValue {
        .object(["metric": .string(achievement.metric.rawValue), "achieved": .int(achievement.achieved), "missed": .int(achievement.missed),
                 "breachedOpen": .int(achievement.breachedOpen), "share": achievement.share.map(JSONValue.number) ?? .null])
    }

    /// Any Codable rule document (SLA policy, routing rules, settings) as JSON.
    static func encode<T: Encodable>(_ value: T) -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(value), let parsed = try? JSONCodec.parse(Array(data)) else { return .null }
        return parsed
    }
}

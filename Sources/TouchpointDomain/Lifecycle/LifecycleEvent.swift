import Foundation

/// What the lifecycle classifier needs of one event: a small value independent of storage.
///
/// Storage builds these from the event log (`init(entry:)`), tests build them directly.
public struct LifecycleEvent: Sendable, Equatable, Codable {
    /// The event's id; it is copied into the transition the event causes, so a stage can be explained.
    public var id: String
    public var type: MessageType
    /// `event` for track, `name` for page and screen, nil otherwise.
    public var name: String?
    public var channel: Channel
    public var timestamp: Date
    /// `properties` of track, page and screen; `traits` of identify and group, which play the same role there.
    public var properties: [String: JSONValue]
    public var context: [String: JSONValue]

    public init(id: String, type: MessageType, name: String?, channel: Channel, timestamp: Date,
                properties: [String: JSONValue] = [:], context: [String: JSONValue] = [:]) {
        self.id = id
        self.type = type
        self.name = name
        self.channel = channel
        self.timestamp = timestamp
        self.properties = properties
        self.context = context
    }

    /// The event as the timeline stores it: fields from the entry, properties and context from the stored message.
    public init(entry: TimelineEntry) {
        let fieldsKey = entry.type == .identify || entry.type == .group ? "traits" : "properties"
        self.init(id: entry.id.rawValue, type: entry.type, name: entry.name, channel: entry.channel, timestamp: entry.timestamp,
                  properties: entry.payload[fieldsKey]?.objectValue ?? [:],
                  context: entry.payload["context"]?.objectValue ?? [:])
    }
}

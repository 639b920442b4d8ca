import Foundation
import TouchpointDomain

/// A track event read back from the log by a projection that follows it (survey answers and comments for the feedback
/// desk, trigger events for the survey desk).
public struct LoggedEvent: Sendable {
    public var sequence: Int64
    public var eventID: String
    public var name: String
    public var profileID: ProfileID
    public var channel: Channel
    public var at: Date
    public var properties: [String: JSONValue]

    public init(sequence: Int64, eventID: String, name: String, profileID: ProfileID, channel: Channel, at: Date, properties: [String: JSONValue]) {
        self.sequence = sequence
        self.eventID = eventID
        self.name = name
        self.profileID = profileID
        self.channel = channel
        self.at = at
        self.properties = properties
    }
}

import Foundation

/// The derived state of one profile: traits (each with the event time that set it), counters and channels.
/// It is a projection of the profile's events, so it can always be rebuilt from them.
public struct ProfileState: Sendable, Equatable {
    public var id: ProfileID
    public var traits: [String: JSONValue]
    /// Event time (ms) of the message that set each trait: a later-arriving but older message cannot overwrite it.
    public var traitTimes: [String: Int64]
    public var firstSeen: Int64
    public var lastSeen: Int64
    public var eventCount: Int64
    public var channels: Set<Channel>

    public init(id: ProfileID, traits: [String: JSONValue] = [:], traitTimes: [String: Int64] = [:],
                firstSeen: Int64 = .max, lastSeen: Int64 = .min, eventCount: Int64 = 0, channels: Set<Channel> = []) {
        self.id = id
        self.traits = traits
        self.traitTimes = traitTimes
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.eventCount = eventCount
        self.channels = channels
    }

    /// Folds one event into the profile.
    public mutating func apply(time: Int64, channel: Channel, traits incoming: [String: JSONValue]) {
        eventCount += 1
        firstSeen = min(firstSeen, time)
        lastSeen = max(lastSeen, time)
        channels.insert(channel)
        mergeTraits(incoming, at: time)
    }

    /// Traits merge by event time, not arrival order: a value replaces the stored one only if it is at least as new.
    public mutating func mergeTraits(_ incoming: [String: JSONValue], at time: Int64) {
        for (key, value) in incoming where key != "id" {
            if let stored = traitTimes[key], stored > time { continue }
            traits[key] = value
            traitTimes[key] = time
        }
    }

    /// Takes in everything another profile held (a merge).
    public mutating func absorb(_ other: ProfileState) {
        eventCount += other.eventCount
        firstSeen = min(firstSeen, other.firstSeen)
        lastSeen = max(lastSeen, other.lastSeen)
        channels.formUnion(other.channels)
        for (key, value) in other.traits {
            let time = other.traitTimes[key] ?? .min
            if let stored = traitTimes[key], stored > time { continue }
            traits[key] = value
            traitTimes[key] = time
        }
    }

    /// Rebuilds a profile from its events, oldest first or in any order.
    public static func rebuild(id: ProfileID, events: [(time: Int64, channel: Channel, traits: [String: JSONValue])]) -> ProfileState {
        var state = ProfileState(id: id)
        for event in events.sorted(by: { $0.time < $1.time }) {
            state.apply(time: event.time, channel: event.channel, traits: event.traits)
        }
        return state
    }
}

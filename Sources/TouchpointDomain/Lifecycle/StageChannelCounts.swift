import Foundation

/// Touchpoints counted by stage and channel: how many events each channel carried while customers were in each stage.
///
/// JSON: `{"need": {"web": 12, "mobile": 3}, "experience": {"store": 1}}`; zero counts are left out,
/// so adding and then removing the same counts gives back an equal value.
public struct StageChannelCounts: Sendable, Equatable, Codable {
    public private(set) var counts: [LifecycleStage: [Channel: Int]]

    public init(_ counts: [LifecycleStage: [Channel: Int]] = [:]) {
        self.counts = [:]
        for (stage, channels) in counts {
            for (channel, count) in channels { add(count, stage: stage, channel: channel) }
        }
    }

    public subscript(stage: LifecycleStage, channel: Channel) -> Int { counts[stage]?[channel] ?? 0 }

    /// All channels of one stage.
    public func total(_ stage: LifecycleStage) -> Int { counts[stage]?.values.reduce(0, +) ?? 0 }

    public var isEmpty: Bool { counts.isEmpty }

    /// Adds (or, with a negative count, removes) touchpoints.
    public mutating func add(_ count: Int = 1, stage: LifecycleStage, channel: Channel) {
        guard count != 0 else { return }
        let updated = (counts[stage]?[channel] ?? 0) + count
        if updated == 0 {
            counts[stage]?[channel] = nil
            if counts[stage]?.isEmpty == true { counts[stage] = nil }
        } else {
            counts[stage, default: [:]][channel] = updated
        }
    }

    /// Adds every count of `other`, times `sign` (-1 subtracts).
    public mutating func merge(_ other: StageChannelCounts, sign: Int = 1) {
        for (stage, channels) in other.counts {
            for (channel, count) in channels { add(sign * count, stage: stage, channel: channel) }
        }
    }

    /// Only the counts of one channel.
    public func only(_ channel: Channel) -> StageChannelCounts {
        var result = StageChannelCounts()
        for (stage, channels) in counts { if let count = channels[channel] { result.add(count, stage: stage, channel: channel) } }
        return result
    }

    public init(from decoder: Decoder) throws {
        let raw = try decoder.singleValueContainer().decode([String: [String: Int]].self)
        self.init()
        for (stageName, channels) in raw {
            guard let stage = LifecycleStage(rawValue: stageName) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown stage \"\(stageName)\""))
            }
            for (channelName, count) in channels {
                guard let channel = Channel(rawValue: channelName) else {
                    throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown channel \"\(channelName)\""))
                }
                add(count, stage: stage, channel: channel)
            }
        }
    }

    public func encode(to encoder: Encoder) throws {
        var raw = [String: [String: Int]]()
        for (stage, channels) in counts {
            raw[stage.rawValue] = Dictionary(uniqueKeysWithValues: channels.map { ($0.key.rawValue, $0.value) })
        }
        var container = encoder.singleValueContainer()
        try container.encode(raw)
    }
}

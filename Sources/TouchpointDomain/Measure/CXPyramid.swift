import Foundation

/// The CX pyramid for a period: each level's indicators with their verdicts, the level's score and verdict, and the
/// level reached — the highest level that holds with every level below it holding too.
public struct CXPyramid: Sendable, Equatable {
    public struct Level: Sendable, Equatable {
        public var level: CXLevel
        public var indicators: [IndicatorReading]
        /// The share of the level's indicators with data that meet their targets; nil when none has data.
        public var score: Double?
        /// The share the level needs (settings; 1 = every indicator with data on target).
        public var target: Double
        /// Whether the level holds on its own: it has data and its score reaches the target.
        public var met: Bool
        /// Whether it counts: it holds and so does every level below it.
        public var counts: Bool

        public var indicatorsMet: Int { indicators.filter { $0.met == true }.count }
        public var indicatorsMissed: Int { indicators.filter { $0.met == false }.count }
        public var indicatorsWithoutData: Int { indicators.filter { $0.met == nil }.count }
    }

    public var levels: [Level]
    /// 0 when even the first level does not hold.
    public var reached: Int

    /// The lowest level that does not hold: where to work first.
    public var blockingLevel: CXLevel? { levels.first { !$0.met }?.level }

    /// Judges every level from the facts with the company's targets and applies the seed's gating rule.
    /// - Parameter channelScoped: the facts are one channel's; indicators that cannot be read per channel (the value
    ///   model, self-service, the stages) are shown with the company's value but not judged, so they cannot make one
    ///   channel's level hold or fail.
    public static func evaluate(_ facts: CXFacts, settings: MeasureSettings, channelScoped: Bool = false) -> CXPyramid {
        var readings = facts.readings(settings)
        if channelScoped {
            for index in readings.indices where !readings[index].indicator.perChannel { readings[index].met = nil }
        }
        var levels = [Level]()
        var holdingBelow = true
        for level in CXLevel.allCases {
            let indicators = readings.filter { $0.indicator.level == level }
            let judged = indicators.compactMap(\.met)
            let score = judged.isEmpty ? nil : Double(judged.filter { $0 }.count) / Double(judged.count)
            let target = settings.levelTarget(level)
            // A level without any data cannot be said to hold: "no data" is never shown as success.
            let met = score.map { $0 >= target - 1e-9 } ?? false
            holdingBelow = holdingBelow && met
            levels.append(Level(level: level, indicators: indicators, score: score, target: target, met: met, counts: holdingBelow))
        }
        return CXPyramid(levels: levels, reached: levels.filter(\.counts).count)
    }
}

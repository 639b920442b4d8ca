import Foundation

/// Durations (time in a stage) counted in fixed, logarithmically spaced buckets, so that medians and p90s can be
/// served from counters that are added, subtracted and merged instead of from every stay ever measured.
///
/// Buckets: 0 holds [0, 1 minute); bucket k ≥ 1 holds [1 min · g^(k−1), 1 min · g^k) with g = 2^(1/8) ≈ 1.0905;
/// 200 buckets reach about 57 years, and anything longer is counted in the last one.
///
/// Accuracy: a percentile is interpolated (like `JourneyAnalytics.percentile`) between estimates of the order
/// statistics it falls between, and each estimate lies in the same bucket as the true order statistic. A bucket is
/// g − 1 ≈ 9.05 % as wide as its lower bound, so every estimate, and therefore the percentile, is within 9.05 % of the
/// exact value, or within 1 minute for stays shorter than a minute. Inside a bucket values are placed evenly on a
/// log scale, which halves the typical error for smooth distributions but does not improve the bound.
public struct StageDurationHistogram: Sendable, Equatable, Codable {
    /// Upper bound of bucket 0, in hours (one minute).
    public static let firstBoundHours = 1.0 / 60
    /// Ratio between consecutive bucket bounds.
    public static let growth = pow(2.0, 1.0 / 8)
    public static let bucketCount = 200

    /// Lower bound of every bucket, in hours, computed once so that bucket lookup and bounds always agree.
    private static let lowerBounds: [Double] = (0..<bucketCount).map { k in k == 0 ? 0 : firstBoundHours * pow(growth, Double(k - 1)) }

    /// Counts per bucket, trailing empty buckets left out (so equal contents give equal values).
    public private(set) var counts: [Int]
    public private(set) var total: Int

    public init() {
        counts = []
        total = 0
    }

    /// The bucket a duration falls in. Negative and non-numeric durations count as zero.
    public static func bucket(hours: Double) -> Int {
        guard hours >= firstBoundHours else { return 0 }
        var k = min(bucketCount - 1, 1 + Int((log(hours / firstBoundHours) / log(growth)).rounded(.down)))
        // The logarithm can land one bucket off at a bound; the stored bounds decide.
        while k > 1, hours < lowerBounds[k] { k -= 1 }
        while k < bucketCount - 1, hours >= lowerBounds[k + 1] { k += 1 }
        return k
    }

    /// The hours a bucket covers, lower bound included.
    public static func bounds(bucket k: Int) -> (lower: Double, upper: Double) {
        (lowerBounds[k], k == 0 ? firstBoundHours : firstBoundHours * pow(growth, Double(k)))
    }

    /// Counts a duration (`count` negative removes it again).
    public mutating func add(hours: Double, count: Int = 1) {
        add(count, toBucket: StageDurationHistogram.bucket(hours: hours))
    }

    /// Adds all of `other` (times `sign`; -1 subtracts).
    public mutating func merge(_ other: StageDurationHistogram, sign: Int = 1) {
        // Reports merge thousands of these: one pass over the buckets, trimmed once at the end.
        guard !other.counts.isEmpty else { return }
        if counts.count < other.counts.count { counts += Array(repeating: 0, count: other.counts.count - counts.count) }
        counts.withUnsafeMutableBufferPointer { target in
            other.counts.withUnsafeBufferPointer { source in
                for k in source.indices { target[k] += sign * source[k] }
            }
        }
        total += sign * other.total
        while let last = counts.last, last == 0 { counts.removeLast() }
    }

    public var isEmpty: Bool { total == 0 && counts.isEmpty }

    private mutating func add(_ count: Int, toBucket k: Int) {
        guard count != 0 else { return }
        if counts.count <= k { counts += Array(repeating: 0, count: k + 1 - counts.count) }
        counts[k] += count
        total += count
        while let last = counts.last, last == 0 { counts.removeLast() }
    }

    /// The p-th percentile (0...1) in hours, estimated as described above; nil when empty.
    public func percentile(_ p: Double) -> Double? {
        guard total > 0, counts.allSatisfy({ $0 >= 0 }) else { return nil }
        let position = Double(total - 1) * min(1, max(0, p))
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, total - 1)
        let a = orderStatistic(lower)
        let b = upper == lower ? a : orderStatistic(upper)
        return a + (position - Double(lower)) * (b - a)
    }

    /// The estimated value of the r-th smallest duration (0-based): the r-th of the bucket's values spread evenly inside it.
    private func orderStatistic(_ rank: Int) -> Double {
        var before = 0
        for (k, count) in counts.enumerated() where count > 0 {
            if rank < before + count {
                let fraction = (Double(rank - before) + 0.5) / Double(count)
                let (low, high) = StageDurationHistogram.bounds(bucket: k)
                return k == 0 ? fraction * high : low * pow(high / low, fraction)
            }
            before += count
        }
        return StageDurationHistogram.bounds(bucket: counts.count - 1).lower
    }

    enum CodingKeys: String, CodingKey { case counts }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let stored = try container.decode([Int].self, forKey: .counts)
        guard stored.count <= StageDurationHistogram.bucketCount else {
            throw DecodingError.dataCorruptedError(forKey: .counts, in: container, debugDescription: "more than \(StageDurationHistogram.bucketCount) buckets")
        }
        self.init()
        for (k, count) in stored.enumerated() { add(count, toBucket: k) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(counts, forKey: .counts)
    }
}

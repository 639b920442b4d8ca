import Foundation

/// SplitMix64: a tiny, fast, seedable generator whose output is the same on every machine.
///
/// The demo company, the benchmarks' workloads and randomised test fixtures must come out identical for a
/// seed everywhere, so nothing here touches the system generator. Each demo customer gets a stream of its own
/// (`SeededRandom(seed:stream:)`), so customers are independent of one another and of the order they are built in.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A stream derived from a seed and a stream number (a customer index, say). The start is the
    /// stream number hashed with the seed, so neighbouring streams are far apart on the cycle
    /// (adding the stream number to the state would make stream n + 1 stream n shifted by one).
    public init(seed: UInt64, stream: UInt64) {
        var seedMixer = SeededRandom(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B)
        var streamMixer = SeededRandom(seed: stream ^ seedMixer.next())
        state = streamMixer.next() ^ seedMixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [0, n), without modulo bias worth speaking of (Lemire's multiply-shift).
    public mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        return Int(next().multipliedFullWidth(by: UInt64(n)).high)
    }

    public mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    public mutating func double(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }

    public mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// An index drawn with the given (non-negative, not all zero) weights.
    public mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var target = unit() * total
        for (index, weight) in weights.enumerated() {
            if target < weight { return index }
            target -= weight
        }
        return weights.count - 1
    }

    public mutating func pickWeighted<T>(_ items: [(T, Double)]) -> T {
        items[weighted(items.map(\.1))].0
    }

    /// Exponential with the given mean.
    public mutating func exponential(mean: Double) -> Double { -mean * log(1 - unit()) }

    /// Standard normal (Box–Muller).
    public mutating func normal() -> Double {
        let u1 = max(unit(), 1e-300), u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Gamma(shape, scale) by Marsaglia and Tsang; shapes below 1 by the usual boost.
    public mutating func gamma(shape: Double, scale: Double) -> Double {
        if shape < 1 {
            let boost = pow(max(unit(), 1e-300), 1 / shape)
            return gamma(shape: shape + 1, scale: scale) * boost
        }
        let d = shape - 1.0 / 3.0, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = unit()
            if u < 1 - 0.0331 * x * x * x * x { return d * v * scale }
            if log(max(u, 1e-300)) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v * scale }
        }
    }

    public mutating func beta(_ a: Double, _ b: Double) -> Double {
        let x = gamma(shape: a, scale: 1), y = gamma(shape: b, scale: 1)
        return x / (x + y)
    }

    /// Number of failures before the first success.
    public mutating func geometric(_ success: Double) -> Int {
        var count = 0
        while !chance(success) && count < 1000 { count += 1 }
        return count
    }

    /// A version-4-shaped UUID (lower-case hex), as Segment clients make for ids.
    public mutating func uuid() -> String {
        let high = next(), low = next()
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(index)))
            bytes[index + 8] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(index)))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(45) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// `count` decimal digits, the first not zero.
    public mutating func digits(_ count: Int) -> String {
        var text = String(int(1...9))
        for _ in 1..<max(count, 1) { text += String(below(10)) }
        return text
    }
}

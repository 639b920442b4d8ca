import Foundation

/// A number with a fixed count of decimals ("%.3f") without going through `String(format:)`, which parses its format
/// and boxes its arguments on every call: a decision's explanation formats four numbers per returned action.
public enum FixedDecimal {
    /// `value` rounded to `places` decimals (0–9) as "%.Nf" rounds it (an exact half to even, a negative that rounds to
    /// nothing keeps its sign); "%.Nf" itself for what it cannot write exactly.
    public static func format(_ value: Double, places: Int) -> String {
        guard value.isFinite, (0...9).contains(places) else { return String(format: "%.\(places)f", value) }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrEven)
        guard scaled < 1e15 else { return String(format: "%.\(places)f", value) }
        let units = UInt64(scaled)
        let divisor = UInt64(scale)
        var text = value.sign == .minus ? "-" : ""
        text += String(units / divisor)
        guard places > 0 else { return text }
        let fraction = String(units % divisor)
        text += "."
        text += String(repeating: "0", count: places - fraction.count)
        text += fraction
        return text
    }
}

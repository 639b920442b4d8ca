import Foundation
import TouchpointDomain

/// Charts drawn by the server as SVG: readable without JavaScript, with a title and a text table for screen readers.
enum SVGChart {
    struct Point {
        var label: String
        var value: Double
    }

    /// A line chart with a y-axis scale, gridlines and the first, middle and last labels.
    /// - Parameters:
    ///   - range: a fixed scale (NPS runs from -100 to 100); by default from 0 to a round maximum.
    ///   - bands: a shaded interval around each point (a confidence interval), instead of the area under the line.
    static func line(_ points: [Point], title: String, width: Int = 640, height: Int = 220, color: String = "#1f6feb",
                     range: ClosedRange<Double>? = nil, bands: [(low: Double, high: Double)]? = nil) -> String {
        let id = Self.stableID(title)
        let left = 56.0, right = 12.0, top = 16.0, bottom = 34.0
        let plotWidth = Double(width) - left - right
        let plotHeight = Double(height) - top - bottom
        let minimum = range?.lowerBound ?? 0
        let maximum = range?.upperBound ?? niceMaximum(points.map(\.value).max() ?? 0)
        func y(_ value: Double) -> Double {
            let clamped = min(max(value, minimum), maximum)
            return top + plotHeight - (maximum > minimum ? (clamped - minimum) / (maximum - minimum) * plotHeight : 0)
        }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(id)-title\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title id=\"\(id)-title\">\(escape(title))</title>"
        for step in 0...4 {
            let value = minimum + (maximum - minimum) * Double(step) / 4
            let lineY = y(value)
            svg += "<line x1=\"\(left)\" y1=\"\(lineY)\" x2=\"\(Double(width) - right)\" y2=\"\(lineY)\" stroke=\"#d0d7de\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(lineY + 4)\" text-anchor=\"end\" font-size=\"11\" fill=\"#3d444d\">\(escape(short(value)))</text>"
        }
        guard !points.isEmpty else { return svg + "</svg>" }
        let stepX = points.count > 1 ? plotWidth / Double(points.count - 1) : 0
        let coordinates = points.enumerated().map { index, point -> (Double, Double) in
            (left + Double(index) * stepX + (points.count == 1 ? plotWidth / 2 : 0), y(point.value))
        }
        let path = coordinates.map { String(format: "%.1f,%.1f", $0.0, $0.1) }.joined(separator: " ")
        if let bands, bands.count == points.count {
            let upper = zip(coordinates, bands).map { String(format: "%.1f,%.1f", $0.0.0, y($0.1.high)) }
            let lower = zip(coordinates, bands).reversed().map { String(format: "%.1f,%.1f", $0.0.0, y($0.1.low)) }
            svg += "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(color)\" fill-opacity=\"0.15\"/>"
            if points.count == 1 {
                svg += "<line x1=\"\(coordinates[0].0)\" y1=\"\(y(bands[0].low))\" x2=\"\(coordinates[0].0)\" y2=\"\(y(bands[0].high))\" stroke=\"\(color)\" stroke-width=\"6\" stroke-opacity=\"0.3\"/>"
            }
        } else {
            let area = "\(coordinates.first!.0),\(top + plotHeight) " + path + " \(coordinates.last!.0),\(top + plotHeight)"
            svg += "<polygon points=\"\(area)\" fill=\"\(color)\" fill-opacity=\"0.12\"/>"
        }
        svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>"
        if points.count <= 24 {
            for point in coordinates { svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%@\"/>", point.0, point.1, color) }
        }
        for index in Set([0, points.count / 2, points.count - 1]).sorted() {
            // The first label starts at its point and the last ends at it, so neither is cut off at the chart's edge.
            let anchor = index == 0 ? "start" : index == points.count - 1 ? "end" : "middle"
            svg += "<text x=\"\(coordinates[index].0)\" y=\"\(Double(height) - 10)\" text-anchor=\"\(anchor)\" font-size=\"11\" fill=\"#3d444d\">\(escape(points[index].label))</text>"
        }
        return svg + "</svg>"
    }

    /// Horizontal bars, one a row, each labelled with its name and value.
    static func bars(_ points: [Point], title: String, valueText: (Double) -> String, width: Int = 640, color: String = "#1a7f37") -> String {
        let id = Self.stableID(title)
        // Room for the longest label (about 7 px a character at this size), so none is cut off in any language.
        let longest = Double(points.map(\.label.count).max() ?? 0)
        let rowHeight = 26.0, labelWidth = min(260, max(110, longest * 7 + 14)), valueWidth = 80.0
        let height = Int(rowHeight * Double(max(points.count, 1)) + 8)
        let maximum = max(points.map(\.value).max() ?? 0, 1)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(id)-title\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title id=\"\(id)-title\">\(escape(title))</title>"
        let barSpace = Double(width) - labelWidth - valueWidth
        for (index, point) in points.enumerated() {
            let y = 4 + Double(index) * rowHeight
            let length = max(2, barSpace * point.value / maximum)
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 16)\" text-anchor=\"end\" font-size=\"12\" fill=\"#1f2328\">\(escape(point.label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(String(format: "%.1f", length))\" height=\"16\" rx=\"3\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 16)\" font-size=\"12\" fill=\"#1f2328\">\(escape(valueText(point.value)))</text>"
        }
        return svg + "</svg>"
    }

    /// A flow chart for transitions between ordered stages (a simple Sankey): stages as columns on both sides,
    /// each flow a band whose thickness follows its count; backward flows drawn dashed.
    static func flows(_ flows: [(from: String, to: String, value: Double)], stages: [String], title: String, width: Int = 640) -> String {
        let id = Self.stableID(title)
        let rowHeight = 40.0
        let height = Int(rowHeight * Double(stages.count) + 20)
        let maximum = max(flows.map(\.value).max() ?? 1, 1)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(id)-title\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title id=\"\(id)-title\">\(escape(title))</title>"
        let left = 120.0, right = Double(width) - 120.0
        func y(_ stage: String) -> Double { 20 + Double(stages.firstIndex(of: stage) ?? 0) * rowHeight + rowHeight / 2 - 10 }
        for stage in stages {
            svg += "<text x=\"\(left - 8)\" y=\"\(y(stage) + 4)\" text-anchor=\"end\" font-size=\"12\" fill=\"#1f2328\">\(escape(stage))</text>"
            svg += "<text x=\"\(right + 8)\" y=\"\(y(stage) + 4)\" font-size=\"12\" fill=\"#1f2328\">\(escape(stage))</text>"
            svg += "<rect x=\"\(left - 4)\" y=\"\(y(stage) - 8)\" width=\"4\" height=\"16\" fill=\"#1f2328\"/>"
            svg += "<rect x=\"\(right)\" y=\"\(y(stage) - 8)\" width=\"4\" height=\"16\" fill=\"#1f2328\"/>"
        }
        for flow in flows.sorted(by: { $0.value > $1.value }) {
            let thickness = max(1.5, 14 * flow.value / maximum)
            let backward = (stages.firstIndex(of: flow.to) ?? 0) < (stages.firstIndex(of: flow.from) ?? 0)
            let (y1, y2) = (y(flow.from), y(flow.to))
            let middle = (left + right) / 2
            svg += "<path d=\"M\(left),\(y1) C\(middle),\(y1) \(middle),\(y2) \(right),\(y2)\" fill=\"none\" stroke=\"\(backward ? "#cf222e" : "#0b5cd5")\" stroke-opacity=\"0.45\" stroke-width=\"\(String(format: "%.1f", thickness))\"\(backward ? " stroke-dasharray=\"6 4\"" : "")><title>\(escape(flow.from)) → \(escape(flow.to)): \(Int(flow.value))</title></path>"
        }
        return svg + "</svg>"
    }

    /// A round top for the y-axis: 1, 2 or 5 times a power of ten.
    static func niceMaximum(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * magnitude >= value { return factor * magnitude }
        return 10 * magnitude
    }

    static func short(_ value: Double) -> String {
        if value < 0 { return "-" + short(-value) }
        if value >= 1_000_000 { return String(format: "%.1fM", value / 1_000_000) }
        if value >= 1000 { return String(format: "%.0fk", value / 1000) }
        return String(format: "%.0f", value)
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    /// An element id from the title that is the same in every process (Swift's `hashValue` is seeded per process).
    static func stableID(_ title: String) -> String {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in title.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        return "chart-" + String(hash % 1_000_000)
    }
}

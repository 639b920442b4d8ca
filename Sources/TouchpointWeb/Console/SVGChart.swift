import Foundation

/// Charts drawn by the server as SVG: readable without JavaScript, with a title and a text table for screen readers.
enum SVGChart {
    struct Point {
        var label: String
        var value: Double
    }

    /// A line chart with a y-axis scale, gridlines and the first, middle and last labels.
    static func line(_ points: [Point], title: String, width: Int = 640, height: Int = 220, color: String = "#1f6feb") -> String {
        let id = "chart-" + String(abs(title.hashValue) % 1_000_000)
        let left = 56.0, right = 12.0, top = 16.0, bottom = 34.0
        let plotWidth = Double(width) - left - right
        let plotHeight = Double(height) - top - bottom
        let maximum = niceMaximum(points.map(\.value).max() ?? 0)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(id)-title\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title id=\"\(id)-title\">\(escape(title))</title>"
        for step in 0...4 {
            let value = maximum * Double(step) / 4
            let y = top + plotHeight - plotHeight * Double(step) / 4
            svg += "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(Double(width) - right)\" y2=\"\(y)\" stroke=\"#d0d7de\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(y + 4)\" text-anchor=\"end\" font-size=\"11\" fill=\"#3d444d\">\(escape(short(value)))</text>"
        }
        guard !points.isEmpty else { return svg + "</svg>" }
        let stepX = points.count > 1 ? plotWidth / Double(points.count - 1) : 0
        let coordinates = points.enumerated().map { index, point -> (Double, Double) in
            (left + Double(index) * stepX, top + plotHeight - (maximum > 0 ? point.value / maximum * plotHeight : 0))
        }
        let path = coordinates.map { String(format: "%.1f,%.1f", $0.0, $0.1) }.joined(separator: " ")
        let area = "\(left),\(top + plotHeight) " + path + " \(coordinates.last!.0),\(top + plotHeight)"
        svg += "<polygon points=\"\(area)\" fill=\"\(color)\" fill-opacity=\"0.12\"/>"
        svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>"
        for index in Set([0, points.count / 2, points.count - 1]).sorted() {
            svg += "<text x=\"\(coordinates[index].0)\" y=\"\(Double(height) - 10)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#3d444d\">\(escape(points[index].label))</text>"
        }
        return svg + "</svg>"
    }

    /// Horizontal bars, one a row, each labelled with its name and value.
    static func bars(_ points: [Point], title: String, valueText: (Double) -> String, width: Int = 640, color: String = "#1a7f37") -> String {
        let id = "chart-" + String(abs(title.hashValue) % 1_000_000)
        let rowHeight = 26.0, labelWidth = 110.0, valueWidth = 80.0
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

    /// A round top for the y-axis: 1, 2 or 5 times a power of ten.
    static func niceMaximum(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * magnitude >= value { return factor * magnitude }
        return 10 * magnitude
    }

    static func short(_ value: Double) -> String {
        if value >= 1_000_000 { return String(format: "%.1fM", value / 1_000_000) }
        if value >= 1000 { return String(format: "%.0fk", value / 1000) }
        return String(format: "%.0f", value)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

import Foundation

/// The measurement pages' charts: the CX pyramid, one value against its target, and shares per channel. Each has a
/// `<title>` and a `<desc>` that say in words what the picture shows, and a table beside it on the page.
extension SVGChart {
    /// One level of the pyramid as drawn: its name, its score, and its state (`met`, `missed`, `none`, `gated`).
    struct PyramidBand {
        var label: String
        var detail: String
        var state: String
        /// The band's tooltip: the level's state in full.
        var tooltip: String
    }

    /// Stacked trapezoids, the first band at the bottom and widest. States are told apart by more than colour: the
    /// detail line names the state, and a level that holds without counting is striped with a dashed edge.
    static func pyramid(_ bands: [PyramidBand], title: String, description: String, width: Int = 760) -> String {
        let id = stableID(title)
        let bandHeight = 64.0, gap = 4.0, top = 6.0
        let total = bandHeight * Double(bands.count)
        let height = Int((top * 2 + total).rounded(.up))
        let centre = Double(width) / 2
        // Wide enough at the top for the longest level name (Russian) at this size.
        let baseHalf = Double(width) / 2 - 8, apexHalf = Double(width) * 0.22
        func half(_ y: Double) -> Double { apexHalf + (baseHalf - apexHalf) * (y - top) / max(total, 1) }
        var svg = "<svg class=\"chart pyramid\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title id=\"\(id)-title\">\(escape(title))</title><desc id=\"\(id)-desc\">\(escape(description))</desc>"
        svg += "<defs><pattern id=\"\(id)-gated\" width=\"10\" height=\"10\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
        svg += "<rect width=\"10\" height=\"10\" fill=\"#eef9f0\"/><rect width=\"5\" height=\"10\" fill=\"#c6efd0\"/></pattern></defs>"
        for (index, band) in bands.enumerated() {
            let lower = top + total - Double(index) * bandHeight - gap / 2
            let upper = lower - bandHeight + gap
            let corners = [(centre - half(lower), lower), (centre + half(lower), lower), (centre + half(upper), upper), (centre - half(upper), upper)]
            let points = corners.map { String(format: "%.1f,%.1f", $0.0, $0.1) }.joined(separator: " ")
            let look = bandLook(band.state, id: id)
            svg += "<polygon points=\"\(points)\" fill=\"\(look.fill)\" stroke=\"\(look.stroke)\" stroke-width=\"2\"\(look.dashed ? " stroke-dasharray=\"7 4\"" : "")>"
            svg += "<title>\(escape(band.tooltip))</title></polygon>"
            let middle = (lower + upper) / 2
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"600\" fill=\"#1f2328\">", centre, middle - 3)
            svg += escape(band.label) + "</text>"
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1f2328\">", centre, middle + 15)
            svg += escape(band.detail) + "</text>"
        }
        return svg + "</svg>"
    }

    /// Fill and edge per state: green holds, amber does not, grey has no data, green stripes hold without counting.
    static func bandLook(_ state: String, id: String) -> (fill: String, stroke: String, dashed: Bool) {
        switch state {
        case "met": return ("#aceebb", "#1a7f37", false)
        case "missed": return ("#ffe2a8", "#9a6700", false)
        case "gated": return ("url(#\(id)-gated)", "#1a7f37", true)
        default: return ("#eaeef2", "#6e7781", false)
        }
    }

    /// One value on its scale with the target marked: a bar from zero (or the scale's start) to the value and a
    /// line at the target, labelled above and below; without a value only the target is drawn.
    static func gauge(value: Double?, target: Double, range: ClosedRange<Double>, valueText: String, targetText: String,
                      scaleText: (Double) -> String, color: String, title: String, description: String, width: Int = 640) -> String {
        let id = stableID(title)
        let left = 24.0, right = 24.0, barTop = 30.0, barHeight = 22.0, height = 100
        let span = max(range.upperBound - range.lowerBound, 1e-9)
        func x(_ v: Double) -> Double {
            left + (Double(width) - left - right) * (min(max(v, range.lowerBound), range.upperBound) - range.lowerBound) / span
        }
        /// Labels near an edge are anchored to it, so none is cut off.
        func anchor(_ position: Double) -> String {
            position < left + 60 ? "start" : position > Double(width) - right - 60 ? "end" : "middle"
        }
        var svg = "<svg class=\"chart gauge\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title id=\"\(id)-title\">\(escape(title))</title><desc id=\"\(id)-desc\">\(escape(description))</desc>"
        svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"4\" fill=\"#eaeef2\"/>", left, barTop, Double(width) - left - right, barHeight)
        if let value, value.isFinite {
            let origin = x(min(max(0, range.lowerBound), range.upperBound))
            let end = x(value)
            svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"4\" fill=\"%@\"/>",
                          min(origin, end), barTop, max(2, abs(end - origin)), barHeight, color)
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%@\" font-size=\"13\" font-weight=\"600\" fill=\"#1f2328\">", end, barTop + barHeight + 18, anchor(end))
            svg += escape(valueText) + "</text>"
        }
        let mark = x(target)
        svg += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1f2328\" stroke-width=\"3\"/>", mark, barTop - 6, mark, barTop + barHeight + 4)
        svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%@\" font-size=\"12\" fill=\"#1f2328\">", mark, barTop - 10, anchor(mark))
        svg += escape(targetText) + "</text>"
        svg += String(format: "<text x=\"%.1f\" y=\"%d\" text-anchor=\"start\" font-size=\"11\" fill=\"#3d444d\">", left, height - 4) + escape(scaleText(range.lowerBound)) + "</text>"
        svg += String(format: "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\" font-size=\"11\" fill=\"#3d444d\">", Double(width) - right, height - 4) + escape(scaleText(range.upperBound)) + "</text>"
        return svg + "</svg>"
    }

    /// One row of `shares`: a label, a share 0…1 (nil without data) and the words beside its bar.
    struct ShareRow {
        var label: String
        var value: Double?
        var text: String
    }

    /// Horizontal bars on a fixed 0–100 % scale, one a row; a row without data has no bar, only its words.
    static func shares(_ rows: [ShareRow], title: String, description: String, width: Int = 640, color: String = "#0b5cd5") -> String {
        let id = stableID(title)
        let longest = Double(rows.map(\.label.count).max() ?? 0)
        let rowHeight = 26.0, labelWidth = min(220, max(90, longest * 7 + 14)), valueWidth = 90.0
        let height = Int(rowHeight * Double(max(rows.count, 1)) + 8)
        let barSpace = Double(width) - labelWidth - valueWidth
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title id=\"\(id)-title\">\(escape(title))</title><desc id=\"\(id)-desc\">\(escape(description))</desc>"
        // Quarter lines, so bars on a fixed scale compare at a glance.
        for step in 0...4 {
            let lineX = labelWidth + barSpace * Double(step) / 4
            svg += String(format: "<line x1=\"%.1f\" y1=\"2\" x2=\"%.1f\" y2=\"%d\" stroke=\"#d0d7de\" stroke-width=\"1\"/>", lineX, lineX, height - 2)
        }
        for (index, row) in rows.enumerated() {
            let y = 4 + Double(index) * rowHeight
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"12\" fill=\"#1f2328\">", labelWidth - 8, y + 16) + escape(row.label) + "</text>"
            var textX = labelWidth + 6
            if let value = row.value, value.isFinite {
                let length = max(2, barSpace * min(max(value, 0), 1))
                svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"16\" rx=\"3\" fill=\"%@\"/>", labelWidth, y + 4, length, color)
                textX = labelWidth + length + 6
            }
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#1f2328\">", min(textX, Double(width) - valueWidth + 4), y + 16) + escape(row.text) + "</text>"
        }
        return svg + "</svg>"
    }
}

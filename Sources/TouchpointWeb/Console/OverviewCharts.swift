import Foundation

/// The overview's chart: several weekly series on one fixed scale, with a `<title>` and a `<desc>` that say in
/// words what it shows, and its table beside it on the page.
extension SVGChart {
    /// One line: a value per label, nil where there is no data (drawn as a gap, never as zero).
    struct TrendSeries {
        var name: String
        var values: [Double?]
        /// Each value's words, for its point's tooltip.
        var texts: [String]
        var color: String
        /// Series are told apart by more than colour: a dashed line, and the legend names it so.
        var dashed: Bool
    }

    /// Lines over a fixed `range` (NPS −100…100 with CSAT in percent on the same scale), gridlines at quarters, a
    /// stronger line at zero, the legend above and one label per point below (every other one past twelve).
    static func trend(_ series: [TrendSeries], labels: [String], range: ClosedRange<Double>, title: String, description: String,
                      width: Int = 720, height: Int = 280) -> String {
        let id = stableID(title)
        let left = 48.0, right = 16.0, top = 34.0, bottom = 34.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let span = max(range.upperBound - range.lowerBound, 1e-9)
        func y(_ value: Double) -> Double {
            top + plotHeight - (min(max(value, range.lowerBound), range.upperBound) - range.lowerBound) / span * plotHeight
        }
        let count = labels.count
        func x(_ index: Int) -> Double { count <= 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(count - 1) }

        var svg = "<svg class=\"chart trend\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title id=\"\(id)-title\">\(escape(title))</title><desc id=\"\(id)-desc\">\(escape(description))</desc>"
        for step in 0...4 {
            let value = range.lowerBound + span * Double(step) / 4
            let lineY = y(value)
            let zero = abs(value) < 1e-9
            svg += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%@\" stroke-width=\"1\"/>",
                          left, lineY, Double(width) - right, lineY, zero ? "#6e7781" : "#d0d7de")
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\" fill=\"#3d444d\">", left - 6, lineY + 4)
            svg += escape(short(value)) + "</text>"
        }
        // The legend: a sample of each line (dashed as drawn) and its name.
        var legendX = left
        for line in series {
            svg += String(format: "<line x1=\"%.1f\" y1=\"14\" x2=\"%.1f\" y2=\"14\" stroke=\"%@\" stroke-width=\"3\"%@/>",
                          legendX, legendX + 28, line.color, line.dashed ? " stroke-dasharray=\"6 4\"" : "")
            svg += String(format: "<text x=\"%.1f\" y=\"18\" font-size=\"12\" fill=\"#1f2328\">", legendX + 34) + escape(line.name) + "</text>"
            legendX += 34 + Double(line.name.count) * 7 + 24
        }
        for line in series {
            // Runs of weeks with data: a week without answers breaks the line rather than pulling it to zero.
            var runs = [[(Double, Double)]]()
            var run = [(Double, Double)]()
            for index in 0..<min(count, line.values.count) {
                if let value = line.values[index], value.isFinite {
                    run.append((x(index), y(value)))
                } else if !run.isEmpty {
                    runs.append(run)
                    run = []
                }
            }
            if !run.isEmpty { runs.append(run) }
            for points in runs where points.count > 1 {
                let path = points.map { String(format: "%.1f,%.1f", $0.0, $0.1) }.joined(separator: " ")
                svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"2.5\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
            }
            for index in 0..<min(count, line.values.count) {
                guard let value = line.values[index], value.isFinite else { continue }
                let tooltip = labels[index] + ": " + line.name + " " + (index < line.texts.count ? line.texts[index] : "")
                svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%@\">", x(index), y(value), line.color)
                svg += "<title>\(escape(tooltip))</title></circle>"
            }
        }
        let every = count > 12 ? 2 : 1
        for index in 0..<count where index % every == 0 || index == count - 1 {
            // The first label starts at its point and the last ends at it, so neither is cut off at the chart's edge.
            let anchor = index == 0 ? "start" : index == count - 1 ? "end" : "middle"
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%@\" font-size=\"10\" fill=\"#3d444d\">", x(index), Double(height) - 10, anchor)
            svg += escape(labels[index]) + "</text>"
        }
        return svg + "</svg>"
    }
}

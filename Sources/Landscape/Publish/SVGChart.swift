/// Charts drawn as inline SVG, so the report needs no script, no font and no network.
///
/// Every chart has a fixed `viewBox` and scales with the page; labels and counts are text, and
/// each mark carries a `<title>` that browsers show on hover.
enum SVGChart {
    static let accent = "#2563eb"
    static let muted = "#94a3b8"
    static let ink = "#1e293b"

    /// Horizontal bars, one per row, longest first as given.
    static func bars(_ rows: [(label: String, value: Int, note: String)], title: String) -> String {
        guard let largest = rows.map(\.value).max(), largest > 0 else { return empty(title) }
        let labelWidth = 210.0
        let barWidth = 360.0
        let rowHeight = 26.0
        let height = Double(rows.count) * rowHeight + 10
        var svg = open(width: 680, height: height, title: title)
        for (index, row) in rows.enumerated() {
            let y = 5 + Double(index) * rowHeight
            let width = max(2, barWidth * Double(row.value) / Double(largest))
            let label = ReportFormat.html(clip(row.label, 30))
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 17)\" text-anchor=\"end\">\(label)</text>"
            svg += "<rect class=\"mark\" x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(number(width))\" "
            svg += "height=\"\(rowHeight - 8)\" rx=\"3\" fill=\"\(accent)\">"
            svg += "<title>\(ReportFormat.html(row.label)): \(row.value) deals</title></rect>"
            svg += "<text x=\"\(number(labelWidth + width + 6))\" y=\"\(y + 17)\">"
            svg += "\(row.value) · \(ReportFormat.html(row.note))</text>"
        }
        return svg + "</svg>"
    }

    /// Columns over time, with the axis labelled every few months so labels never overlap.
    static func columns(_ rows: [(label: String, value: Int)], title: String) -> String {
        guard let largest = rows.map(\.value).max(), largest > 0 else { return empty(title) }
        let left = 40.0
        let plotWidth = 620.0
        let plotHeight = 180.0
        let top = 10.0
        let slot = plotWidth / Double(rows.count)
        let step = max(1, Int((Double(rows.count) / 12).rounded(.up)))
        var svg = open(width: 680, height: top + plotHeight + 40, title: title)
        for tick in gridTicks(largest) {
            let y = top + plotHeight * (1 - Double(tick) / Double(largest))
            svg += "<line x1=\"\(left)\" x2=\"\(left + plotWidth)\" y1=\"\(number(y))\" y2=\"\(number(y))\" "
            svg += "stroke=\"#e2e8f0\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(number(y + 4))\" text-anchor=\"end\">\(tick)</text>"
        }
        for (index, row) in rows.enumerated() {
            let height = plotHeight * Double(row.value) / Double(largest)
            let x = left + Double(index) * slot
            svg += "<rect class=\"mark\" x=\"\(number(x + slot * 0.15))\" y=\"\(number(top + plotHeight - height))\" "
            svg += "width=\"\(number(max(1, slot * 0.7)))\" height=\"\(number(max(row.value > 0 ? 1 : 0, height)))\" "
            svg += "fill=\"\(accent)\"><title>\(ReportFormat.html(row.label)): \(row.value) deals</title></rect>"
            if index % step == 0 {
                svg += "<text x=\"\(number(x + slot / 2))\" y=\"\(number(top + plotHeight + 18))\" "
                svg += "text-anchor=\"middle\">\(ReportFormat.html(row.label))</text>"
            }
        }
        svg += "<line x1=\"\(left)\" x2=\"\(left + plotWidth)\" y1=\"\(top + plotHeight)\" "
        svg += "y2=\"\(top + plotHeight)\" stroke=\"\(ink)\"/>"
        return svg + "</svg>"
    }

    /// A square matrix of counts, shaded by size; the diagonal holds domestic deals.
    static func matrix(_ labels: [String], count: (String, String) -> Int, title: String) -> String {
        let largest = labels.flatMap { row in labels.map { count(row, $0) } }.max() ?? 0
        guard largest > 0 else { return empty(title) }
        let cell = 44.0
        let margin = 48.0
        let size = margin + cell * Double(labels.count) + 4
        var svg = open(width: size, height: size, title: title)
        for (index, label) in labels.enumerated() {
            let center = number(margin + cell * (Double(index) + 0.5))
            svg +=
                "<text x=\"\(center)\" y=\"\(margin - 10)\" text-anchor=\"middle\">\(ReportFormat.html(label))</text>"
            svg += "<text x=\"\(margin - 8)\" y=\"\(number(margin + cell * (Double(index) + 0.5) + 4))\" "
            svg += "text-anchor=\"end\">\(ReportFormat.html(label))</text>"
        }
        for (row, a) in labels.enumerated() {
            for (column, b) in labels.enumerated() {
                let value = count(a, b)
                let x = margin + cell * Double(column)
                let y = margin + cell * Double(row)
                // Shade by the square root, so one dominant pair does not wash out the rest.
                let strength = value == 0 ? 0 : 0.12 + 0.88 * (Double(value) / Double(largest)).squareRoot()
                svg += "<rect class=\"mark\" x=\"\(number(x + 1))\" y=\"\(number(y + 1))\" width=\"\(cell - 2)\" "
                svg += "height=\"\(cell - 2)\" fill=\"\(value == 0 ? "#f1f5f9" : accent)\" "
                svg += "fill-opacity=\"\(value == 0 ? "1" : ReportFormat.decimal(strength, places: 2))\">"
                svg += "<title>\(ReportFormat.html(a))–\(ReportFormat.html(b)): \(value) deals</title></rect>"
                if value > 0 {
                    svg +=
                        "<text x=\"\(number(x + cell / 2))\" y=\"\(number(y + cell / 2 + 4))\" text-anchor=\"middle\" "
                    svg += "fill=\"\(strength > 0.55 ? "#ffffff" : ink)\">\(value)</text>"
                }
            }
        }
        return svg + "</svg>"
    }

    /// One bar split in two shares: cross-border and domestic.
    static func split(_ share: Double, left: String, right: String, title: String) -> String {
        let width = 640.0
        let first = max(0, min(width, width * share))
        var svg = open(width: 680, height: 56, title: title)
        svg += "<rect class=\"mark\" x=\"20\" y=\"6\" width=\"\(number(first))\" height=\"22\" fill=\"\(accent)\">"
        svg += "<title>\(ReportFormat.html(left)): \(ReportFormat.percent(share))</title></rect>"
        svg +=
            "<rect class=\"mark\" x=\"\(number(20 + first))\" y=\"6\" width=\"\(number(width - first))\" height=\"22\" "
        svg += "fill=\"\(muted)\"><title>\(ReportFormat.html(right)): \(ReportFormat.percent(1 - share))</title></rect>"
        svg += "<text x=\"20\" y=\"46\">\(ReportFormat.html(left)) \(ReportFormat.percent(share))</text>"
        svg += "<text x=\"660\" y=\"46\" text-anchor=\"end\">\(ReportFormat.html(right)) "
        svg += "\(ReportFormat.percent(1 - share))</text>"
        return svg + "</svg>"
    }

    private static func open(width: Double, height: Double, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(number(width)) \(number(height))\" "
            + "width=\"\(number(width))\" height=\"\(number(height))\" role=\"img\" "
            + "aria-label=\"\(ReportFormat.html(title))\"><title>\(ReportFormat.html(title))</title>"
    }

    private static func empty(_ title: String) -> String {
        open(width: 680, height: 40, title: title)
            + "<text x=\"10\" y=\"24\" fill=\"\(muted)\">No deals yet.</text></svg>"
    }

    /// At most four round gridline values (steps of 1, 2 or 5 times a power of ten) up to `largest`.
    private static func gridTicks(_ largest: Int) -> [Int] {
        var magnitude = 1
        while true {
            for base in [1, 2, 5] where largest / (base * magnitude) <= 4 {
                return Array(stride(from: base * magnitude, through: largest, by: base * magnitude))
            }
            magnitude *= 10
        }
    }

    private static func clip(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    private static func number(_ value: Double) -> String {
        ReportFormat.decimal(value, places: 1)
    }
}

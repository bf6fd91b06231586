/// The policy lens in both reports: the findings at the top, and after the flows the deals per
/// flag, the fragmentation trend and the network's most connected organisations and bridges.
enum PolicySections {
    /// How many deals a finding links to before it says how many more there are.
    static let linkedDeals = PolicyReport.linkedDeals

    static func markdownFindings(_ data: ReportData) -> [String] {
        guard let policy = data.policy, !policy.findings.isEmpty else { return [] }
        var lines = ["", "## Findings", ""]
        for finding in policy.findings {
            let shown = finding.dealIDs.prefix(linkedDeals).map { "`\($0)`" }.joined(separator: ", ")
            let more = finding.dealCount > linkedDeals ? " and \(finding.dealCount - linkedDeals) more" : ""
            lines.append("- " + ReportFormat.markdown(finding.text) + (shown.isEmpty ? "" : " Deals: \(shown)\(more)."))
        }
        return lines
    }

    static func markdown(_ data: ReportData) -> [String] {
        guard let policy = data.policy else { return [] }
        var lines = ["", "## Deals per policy flag", ""]
        if policy.flags.isEmpty {
            lines.append("No deal meets a flag rule of the pipeline.")
        } else {
            lines += ["| Flag | Deals | Share |", "| --- | ---: | ---: |"]
            lines += policy.flags.map {
                "| \(ReportFormat.markdown($0.label)) | \($0.deals) | \(ReportFormat.percent($0.share)) |"
            }
        }
        lines += ["", "## Fragmentation trend", ""]
        lines.append("Of each quarter's deals, those crossing a border, a bloc line, and joining each trend's blocs.")
        lines.append("")
        let trendHeads = policy.trendNames.map { " \(ReportFormat.markdown($0)) |" }.joined()
        lines.append("| Quarter | Deals | Cross-border | Cross-bloc |" + trendHeads)
        lines.append("| --- | ---: | ---: | ---: |" + String(repeating: " ---: |", count: policy.trendNames.count))
        for quarter in policy.trend.reversed() {
            let cells = [quarter.crossBorder, quarter.crossBloc] + quarter.trends
            lines.append(
                "| \(quarter.quarter) | \(quarter.deals) | "
                    + cells.map { share($0, of: quarter.deals) }.joined(separator: " | ") + " |")
        }
        lines += ["", "## Most connected organisations", ""]
        lines += nodeTable(policy.mostConnected)
        lines += ["", "## Bridges between blocs", ""]
        lines.append("Organisations whose partners sit in the most other blocs.")
        lines.append("")
        lines += nodeTable(policy.bridges)
        return lines
    }

    private static func nodeTable(_ nodes: [PartnershipNetwork.Node]) -> [String] {
        guard !nodes.isEmpty else { return ["No organisation yet."] }
        var lines = ["| Organisation | Country | Bloc | Partners | Deals | Other blocs reached |"]
        lines.append("| --- | --- | --- | ---: | ---: | --- |")
        for node in nodes {
            lines.append(
                "| \(ReportFormat.markdown(node.name)) | \(node.country ?? "") | \(node.bloc) | \(node.partners) | "
                    + "\(node.deals) | \(node.blocsReached.joined(separator: ", ")) |")
        }
        return lines
    }

    static func htmlFindings(_ data: ReportData) -> String {
        guard let policy = data.policy, !policy.findings.isEmpty else { return "" }
        // Only the linked deals were kept as the deals were read: a dictionary of every deal
        // would index a million for a few dozen links.
        let deals = Dictionary(data.linkedDeals.values.map { ($0.dealID, $0) }) { first, _ in first }
        var html = "<section class=\"findings\"><h2>Findings</h2><ul>"
        for finding in policy.findings {
            html += "<li>\(ReportFormat.html(finding.text))"
            let links = finding.dealIDs.prefix(linkedDeals).map { id in
                // A deal's row is on the page of its quarter.
                let page = DealPages.Page.path(deals[id].map(DealPages.label(of:)) ?? DealPages.undated)
                return "<a href=\"\(page).html#\(ReportFormat.html(id))\">"
                    + "\(ReportFormat.html(deals[id].map(ReportFormat.parties) ?? id))</a>"
            }
            if !links.isEmpty {
                html += " <span class=\"note\">Deals: " + links.joined(separator: "; ")
                html += finding.dealCount > linkedDeals ? "; and \(finding.dealCount - linkedDeals) more" : ""
                html += ".</span>"
            }
            html += "</li>"
        }
        return html + "</ul></section>\n"
    }

    static func html(_ data: ReportData) -> String {
        guard let policy = data.policy else { return "" }
        var html = "<section><h2>Deals per policy flag</h2>"
        if policy.flags.isEmpty {
            html += "<p>No deal meets a flag rule of the pipeline.</p>"
        } else {
            html += SVGChart.bars(
                policy.flags.map { ($0.label, $0.deals, ReportFormat.percent($0.share)) }, title: "Deals per flag")
        }
        html += "</section>\n<section><h2>Fragmentation trend</h2><p class=\"note\">Of each quarter's deals, those "
        html += "crossing a border, a bloc line, and joining each trend's blocs.</p>"
        html += SVGChart.columns(
            policy.trend.map { ($0.quarter, Int((Double($0.crossBloc) / Double(max(1, $0.deals)) * 100).rounded())) },
            title: "Cross-bloc deals, % of the quarter's deals")
        html +=
            "<table><thead><tr><th>Quarter</th><th class=\"number\">Deals</th><th class=\"number\">Cross-border</th>"
        html += "<th class=\"number\">Cross-bloc</th>"
        for name in policy.trendNames { html += "<th class=\"number\">\(ReportFormat.html(name))</th>" }
        html += "</tr></thead><tbody>"
        for quarter in policy.trend.reversed() {
            html += "<tr><td>\(quarter.quarter)</td><td class=\"number\">\(quarter.deals)</td>"
            for count in [quarter.crossBorder, quarter.crossBloc] + quarter.trends {
                html += "<td class=\"number\">\(share(count, of: quarter.deals))</td>"
            }
            html += "</tr>"
        }
        html += "</tbody></table></section>\n"
        html += "<section><h2>Most connected organisations</h2>" + nodeTable(policy.mostConnected) + "</section>\n"
        html += "<section><h2>Bridges between blocs</h2><p class=\"note\">Organisations whose partners sit in the "
        html += "most other blocs.</p>" + nodeTable(policy.bridges) + "</section>\n"
        return html
    }

    private static func nodeTable(_ nodes: [PartnershipNetwork.Node]) -> String {
        guard !nodes.isEmpty else { return "<p>No organisation yet.</p>" }
        var html = "<table><thead><tr><th>Organisation</th><th>Country</th><th>Bloc</th><th class=\"number\">Partners"
        html += "</th><th class=\"number\">Deals</th><th>Other blocs reached</th></tr></thead><tbody>"
        for node in nodes {
            html += "<tr><td>\(ReportFormat.html(node.name))</td><td>\(node.country ?? "")</td>"
            html += "<td>\(ReportFormat.html(node.bloc))</td><td class=\"number\">\(node.partners)</td>"
            html += "<td class=\"number\">\(node.deals)</td>"
            html += "<td>\(ReportFormat.html(node.blocsReached.joined(separator: ", ")))</td></tr>"
        }
        return html + "</tbody></table>"
    }

    /// "3 (50%)".
    private static func share(_ count: Int, of whole: Int) -> String {
        "\(count) (\(ReportFormat.percent(Double(count) / Double(max(1, whole)))))"
    }
}

/// `report.md`: the snapshot's headline figures and tables, readable as plain text and rendered
/// by any Markdown viewer. Feed text is escaped, so a headline cannot inject markup or links.
public enum MarkdownReport {
    public static func render(_ data: ReportData) -> String {
        var lines: [String] = []
        lines.append("# APAC biotech partnership landscape")
        lines.append("")
        let span = [data.firstDay, data.lastDay].compactMap { $0 }
        lines.append(
            "Snapshot `\(data.snapshotID)`, made \(data.created.iso8601)"
                + (span.count == 2 ? "; deals announced \(span[0]) to \(span[1])." : "."))
        lines.append("")
        lines.append("## Headline figures")
        lines.append("")
        lines.append("| Figure | Value |")
        lines.append("| --- | ---: |")
        let figures: [(String, String)] = [
            ("Deals", ReportFormat.integer(data.deals)),
            ("Organisations", ReportFormat.integer(data.organizations)),
            ("Countries", ReportFormat.integer(data.countries)),
            ("Cross-border share", ReportFormat.percent(data.crossBorderShare)),
            ("Deals with an APAC party", ReportFormat.percent(data.apacShare)),
            (
                "Disclosed value (upfront plus milestones)",
                ReportFormat.usd(data.disclosedValueUSD) + " over "
                    + ReportFormat.count(data.dealsWithValue, "deal", "deals")
            ),
            ("Disclosed upfront payments", ReportFormat.usd(data.disclosedUpfrontUSD)),
            ("Rumoured deals (not counted)", ReportFormat.integer(data.rumoured)),
            ("Terminated deals (not counted)", ReportFormat.integer(data.terminated)),
            (
                "Articles",
                ReportFormat.integer(data.articles)
                    + " (\(ReportFormat.integer(data.duplicateArticles)) near-duplicates)"
            ),
        ]
        lines += figures.map { "| \($0.0) | \($0.1) |" }
        lines += section("Deal types", data.dealTypes, labelHeader: "Type")
        lines += section("Modalities", data.modalities, labelHeader: "Modality")
        lines += section("Deals by month", data.months, labelHeader: "Month", keepLabels: true)
        lines += section(
            "Most active organisations", data.organizationsByDeals, labelHeader: "Organisation", keepLabels: true)
        lines += section("Where assets flow", data.flows, labelHeader: "From → to", keepLabels: true)
        lines += flowsByQuarter(data)
        lines += matrix(data)
        lines += newest(data)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func section(
        _ title: String, _ counts: [ReportData.Count], labelHeader: String, keepLabels: Bool = false
    ) -> [String] {
        var lines = ["", "## \(title)", ""]
        guard !counts.isEmpty else { return lines + ["No deals."] }
        lines.append("| \(labelHeader) | Deals | Share |")
        lines.append("| --- | ---: | ---: |")
        for count in counts {
            let label = keepLabels ? count.label : ReportFormat.label(count.label)
            lines.append(
                "| \(ReportFormat.markdown(label)) | \(ReportFormat.integer(count.deals)) | "
                    + "\(ReportFormat.percent(count.share)) |")
        }
        return lines
    }

    private static func flowsByQuarter(_ data: ReportData) -> [String] {
        var lines = ["", "## Asset flows by quarter", ""]
        guard !data.flowsByQuarter.isEmpty else { return lines + ["No deal with both sides placed yet."] }
        lines.append("Licences from licensor to licensee country, acquisitions from target to acquirer country.")
        lines.append("")
        lines.append("| Quarter | Flows (deals) |")
        lines.append("| --- | --- |")
        for quarter in data.flowsByQuarter.reversed() {
            lines.append(
                "| \(quarter.quarter) | " + quarter.flows.map { "\($0.label) (\($0.deals))" }.joined(separator: ", ")
                    + " |")
        }
        return lines
    }

    private static func matrix(_ data: ReportData) -> [String] {
        var lines = ["", "## Deals between countries", ""]
        let countries = data.matrixCountries
        guard !countries.isEmpty else { return lines + ["No deals with a known country."] }
        lines.append("Deals by pair of party countries; the diagonal counts domestic deals.")
        lines.append("")
        lines.append("| | " + countries.joined(separator: " | ") + " |")
        lines.append("| --- |" + String(repeating: " ---: |", count: countries.count))
        for row in countries {
            let cells = countries.map { column in
                let count = data.deals(between: row, and: column)
                return count == 0 ? "·" : String(count)
            }
            lines.append("| **\(row)** | " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }

    private static func newest(_ data: ReportData) -> [String] {
        var lines = ["", "## Newest deals", ""]
        guard !data.newestDeals.isEmpty else { return lines + ["No deals."] }
        lines.append("| Announced | Parties | Type | Modalities | Value | Sources |")
        lines.append("| --- | --- | --- | --- | ---: | --- |")
        for deal in data.newestDeals {
            let sources = deal.sources.enumerated().map { index, source -> String in
                let text = ReportFormat.markdown(source.title ?? "source \(index + 1)")
                guard let url = ReportFormat.linkable(source.url) else { return text }
                return "[\(text)](<\(url)>)"
            }
            let cells = [
                deal.announced ?? "", ReportFormat.markdown(ReportFormat.parties(deal)),
                ReportFormat.markdown(ReportFormat.label(deal.dealType.rawValue)),
                ReportFormat.markdown(deal.modalities.map(ReportFormat.label).joined(separator: ", ")),
                deal.valueUSD.map(ReportFormat.usd) ?? "", sources.joined(separator: "<br>"),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }
}

/// `report.md`: the snapshot's headline figures and tables, readable as plain text and rendered
/// by any Markdown viewer. Feed text is escaped, so a headline cannot inject markup or links.
public enum MarkdownReport {
    public static func render(_ data: ReportData) -> String {
        page(
            snapshotID: data.snapshotID, created: data.created, firstDay: data.firstDay, lastDay: data.lastDay,
            ratesDate: data.ratesDate, body: body(data), since: sinceParent(data.sinceParent), rest: rest(data))
    }

    /// The report from its pieces, as lines: what names the snapshot, the findings and figures
    /// (`body`), what is new since the parent, and everything after (`rest`).
    static func page(
        snapshotID: String, created: Timestamp, firstDay: String?, lastDay: String?, ratesDate: String?,
        body: [String], since: [String], rest: [String]
    ) -> String {
        var lines: [String] = []
        lines.append("# APAC biotech partnership landscape")
        lines.append("")
        let span = [firstDay, lastDay].compactMap { $0 }
        lines.append(
            "Snapshot `\(snapshotID)`, made \(created.iso8601)"
                + (span.count == 2 ? "; deals announced \(span[0]) to \(span[1])." : ".")
                + (ratesDate.map { " Values in US dollars, other currencies at the pipeline's rates of \($0)." }
                    ?? ""))
        return (lines + body + since + rest).joined(separator: "\n") + "\n"
    }

    /// The findings and the headline figures.
    static func body(_ data: ReportData) -> [String] {
        var lines = PolicySections.markdownFindings(data)
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
            ("APAC–APAC deals", ReportFormat.integer(data.scopes[.apacAPAC] ?? 0)),
            ("APAC–US/Europe deals", ReportFormat.integer(data.scopes[.apacWest] ?? 0)),
            ("Domestic deals", ReportFormat.integer(data.scopes[.domestic] ?? 0)),
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
        return lines
    }

    /// Everything after what is new since the parent.
    static func rest(_ data: ReportData) -> [String] {
        var lines = quarters(data)
        lines += section("Deal types", data.dealTypes, labelHeader: "Type")
        lines += section("Modalities", data.modalities, labelHeader: "Modality")
        lines += section("Deals by month", data.months, labelHeader: "Month", keepLabels: true)
        lines += section(
            "Most active organisations", data.organizationsByDeals, labelHeader: "Organisation", keepLabels: true)
        lines += section("Where assets flow", data.flows, labelHeader: "From → to", keepLabels: true)
        lines += flowsByQuarter(data)
        lines += PolicySections.markdown(data)
        lines += matrix(data)
        lines += everyDeal(data)
        return lines
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

    /// Deals added, updated and removed since the parent snapshot.
    static func sinceParent(_ since: ReportData.SinceParent?) -> [String] {
        guard let since else { return [] }
        var lines = ["", "## New since the last snapshot", ""]
        guard let parent = since.parentID else {
            return lines + ["The first snapshot of this pipeline: every deal below is new."]
        }
        lines.append(
            "Since `\(parent)`: \(since.addedCount) added, \(since.updatedCount) updated, "
                + "\(since.removedCount) removed.")
        let changed = since.listed
        guard !changed.isEmpty else { return lines }
        lines.append("")
        lines.append("| Change | " + dealHeader + " |")
        lines.append("| --- | " + dealAlignment + " |")
        for (change, deal) in changed { lines.append("| \(change) | " + dealCells(deal) + " |") }
        if since.unlisted > 0 {
            lines.append("")
            lines.append(
                "The first \(changed.count) are listed; `changes.jsonl` lists all \(changed.count + since.unlisted).")
        }
        return lines
    }

    /// Counted deals per quarter, split by where the parties sit.
    private static func quarters(_ data: ReportData) -> [String] {
        var lines = ["", "## Deals by quarter", ""]
        guard !data.quarters.isEmpty else { return lines + ["No dated deals."] }
        lines.append(
            "APAC–APAC: parties in two or more Asia-Pacific countries only; APAC–US/Europe: an Asia-Pacific "
                + "party with a US or European one; domestic: one country.")
        lines.append("")
        let scopes = DealScope.allCases
        lines.append(
            "| Quarter | Deals | " + scopes.map { ReportFormat.label($0.rawValue) }.joined(separator: " | ") + " |")
        lines.append("| --- | ---: |" + String(repeating: " ---: |", count: scopes.count))
        for quarter in data.quarters.reversed() {
            let cells = scopes.map { ReportFormat.integer(quarter.byScope[$0] ?? 0) }
            lines.append(
                "| \(quarter.quarter) | \(ReportFormat.integer(quarter.deals)) | " + cells.joined(separator: " | ")
                    + " |")
        }
        return lines
    }

    /// The newest deals, and a link to each quarter's page of every deal (``DealPages``).
    private static func everyDeal(_ data: ReportData) -> [String] {
        var lines = ["", "## Every deal", ""]
        guard data.dealCount > 0 else { return lines + ["No deals."] }
        let pages = data.dealPages.map { "[\($0.label)](\(DealPages.Page.path($0.label)).md) (\($0.deals))" }
        lines.append(
            "Every deal is listed on the page of its quarter: \(pages.joined(separator: " · ")). "
                + "Rumoured and terminated deals are listed with their status and left out of every count above."
                + (data.ratesDate.map { " Dollar values of other currencies at the rates of \($0)." } ?? ""))
        let newest = data.newestDeals
        lines += ["", "### The newest \(ReportFormat.count(newest.count, "deal", "deals"))", ""]
        lines.append("| " + dealHeader + " |")
        lines.append("| " + dealAlignment + " |")
        for deal in newest { lines.append("| " + dealCells(deal) + " |") }
        return lines
    }

    static let dealHeader = "Announced | Parties | Type | Status | Modalities | Upfront | Total | Sources"
    static let dealAlignment = "--- | --- | --- | --- | --- | ---: | ---: | ---"

    static func dealCells(_ deal: Deal) -> String {
        let sources = deal.sources.enumerated().map { index, source -> String in
            let text = ReportFormat.markdown(source.title ?? "source \(index + 1)")
            guard let url = ReportFormat.linkable(source.url) else { return text }
            return "[\(text)](<\(url)>)"
        }
        return [
            deal.announced ?? "", ReportFormat.markdown(ReportFormat.parties(deal)),
            ReportFormat.markdown(ReportFormat.label(deal.dealType.rawValue)), deal.status.rawValue,
            ReportFormat.markdown(deal.modalities.map(ReportFormat.label).joined(separator: ", ")),
            deal.upfrontUSD.map(ReportFormat.usd) ?? "", deal.valueUSD.map(ReportFormat.usd) ?? "",
            sources.joined(separator: "<br>"),
        ].joined(separator: " | ")
    }
}

/// `report.html`: the same figures as `report.md` with charts, in one self-contained file (inline
/// CSS and SVG, no script, no font, no request), so it opens offline from the snapshot folder.
/// Feed text is escaped, and only http and https sources become links.
public enum HTMLReport {
    public static func render(_ data: ReportData) -> String {
        page(
            snapshotID: data.snapshotID, created: data.created, firstDay: data.firstDay, lastDay: data.lastDay,
            body: body(data), since: sinceParent(data.sinceParent), rest: rest(data))
    }

    /// The report from its pieces: what names the snapshot, the figures (`body`), what is new
    /// since the parent, and everything after (`rest`).
    static func page(
        snapshotID: String, created: Timestamp, firstDay: String?, lastDay: String?, body: String, since: String,
        rest: String
    ) -> String {
        var html = head(title: "APAC biotech partnership landscape · \(snapshotID)")
        html += """
            <header><h1>APAC biotech partnership landscape</h1>
            <p>Snapshot <code>\(ReportFormat.html(snapshotID))</code>, made \(created.iso8601)\(span(firstDay, lastDay))</p>
            </header>

            """
        return html + body + since + rest
    }

    /// The findings and the headline figures.
    static func body(_ data: ReportData) -> String {
        var html = PolicySections.htmlFindings(data)
        html += "<section class=\"figures\">"
        let figures: [(String, String)] = [
            ("Deals", ReportFormat.integer(data.deals)),
            ("Organisations", ReportFormat.integer(data.organizations)),
            ("Countries", ReportFormat.integer(data.countries)),
            ("Cross-border", ReportFormat.percent(data.crossBorderShare)),
            ("APAC–APAC", ReportFormat.integer(data.scopes[.apacAPAC] ?? 0)),
            ("APAC–US/Europe", ReportFormat.integer(data.scopes[.apacWest] ?? 0)),
            ("Disclosed value", ReportFormat.usd(data.disclosedValueUSD)),
            ("Deals with a value", ReportFormat.integer(data.dealsWithValue)),
            ("Articles", ReportFormat.integer(data.articles)),
        ]
        for (label, value) in figures {
            html +=
                "<div class=\"figure\"><span class=\"value\">\(value)</span><span class=\"label\">\(label)</span></div>"
        }
        html += "</section>\n"
        return html
    }

    /// Everything after what is new since the parent, to the end of the page.
    static func rest(_ data: ReportData) -> String {
        var html = quarters(data)
        html += chart(
            "Cross-border and domestic deals",
            SVGChart.split(
                data.crossBorderShare, left: "Cross-border", right: "Domestic or one country known",
                title: "Cross-border share"))
        html += chart(
            "Deal types",
            SVGChart.bars(
                data.dealTypes.map { (ReportFormat.label($0.label), $0.deals, ReportFormat.percent($0.share)) },
                title: "Deals by type"))
        html += chart(
            "Modalities",
            SVGChart.bars(
                data.modalities.map { (ReportFormat.label($0.label), $0.deals, ReportFormat.percent($0.share)) },
                title: "Deals by modality"))
        html += chart(
            "Deals by month", SVGChart.columns(data.months.map { ($0.label, $0.deals) }, title: "Deals by month"))
        html += chart(
            "Most active organisations",
            SVGChart.bars(
                data.organizationsByDeals.map { ($0.label, $0.deals, ReportFormat.percent($0.share)) },
                title: "Most active organisations"))
        html += chart(
            "Deals between countries",
            SVGChart.matrix(
                data.matrixCountries, count: { data.deals(between: $0, and: $1) }, title: "Country-pair matrix"),
            note: "Deals by pair of party countries, for the \(data.matrixCountries.count) most active countries; "
                + "the diagonal counts domestic deals.")
        html += flows(data)
        html += PolicySections.html(data)
        html += everyDeal(data)
        html += "<footer>Made by Landscape from " + ReportFormat.count(data.articles, "article", "articles")
        html += " (" + ReportFormat.count(data.duplicateArticles, "near-duplicate", "near-duplicates")
        html += "). Deals count when announced or completed; "
        html += ReportFormat.count(data.rumoured, "rumoured deal", "rumoured deals") + " and "
        html += ReportFormat.count(data.terminated, "terminated deal", "terminated deals") + " are left out. "
        html += "Values are total potential values (upfront plus milestones) in US dollars at the pipeline's rates"
        html += data.ratesDate.map { " of " + ReportFormat.html($0) } ?? ""
        html += "; "
        html += ReportFormat.count(data.dealsWithValue, "deal", "deals") + " disclosed one, with "
        html += ReportFormat.usd(data.disclosedUpfrontUSD) + " upfront in all.</footer>\n"
        return html + "</body>\n</html>\n"
    }

    private static func span(_ firstDay: String?, _ lastDay: String?) -> String {
        guard let first = firstDay, let last = lastDay else { return "." }
        return "; deals announced \(first) to \(last)."
    }

    private static func chart(_ title: String, _ svg: String, note: String? = nil) -> String {
        var html = "<section><h2>\(ReportFormat.html(title))</h2>"
        if let note { html += "<p class=\"note\">\(ReportFormat.html(note))</p>" }
        return html + "<figure>\(svg)</figure></section>\n"
    }

    /// Where licensed and acquired assets went, quarter by quarter.
    private static func flows(_ data: ReportData) -> String {
        var html = "<section><h2>Where assets flow</h2><p class=\"note\">Licences from licensor to licensee "
        html +=
            "country, acquisitions from target to acquirer country, for deals whose text says which side is which.</p>"
        guard !data.flowsByQuarter.isEmpty else {
            return html + "<p>No deal with both sides placed yet.</p></section>\n"
        }
        html += "<table><thead><tr><th>Quarter</th><th>Flows (deals)</th></tr></thead><tbody>"
        for quarter in data.flowsByQuarter.reversed() {
            let cells = quarter.flows.map {
                "\(ReportFormat.html($0.label.replacingOccurrences(of: "->", with: " → "))) (\($0.deals))"
            }
            html += "<tr><td>\(ReportFormat.html(quarter.quarter))</td><td>\(cells.joined(separator: ", "))</td></tr>"
        }
        return html + "</tbody></table></section>\n"
    }

    /// Deals added, updated and removed since the parent snapshot.
    static func sinceParent(_ since: ReportData.SinceParent?) -> String {
        guard let since else { return "" }
        var html = "<section><h2>New since the last snapshot</h2>"
        guard let parent = since.parentID else {
            return html + "<p>The first snapshot of this pipeline: every deal is new.</p></section>\n"
        }
        html += "<p>Since <code>\(ReportFormat.html(parent))</code>: \(since.addedCount) added, "
        html += "\(since.updatedCount) updated, \(since.removedCount) removed.</p>"
        let changed = since.listed
        guard !changed.isEmpty else { return html + "</section>\n" }
        html += "<table><thead><tr><th>Change</th>" + dealHeader + "</tr></thead><tbody>"
        for (change, deal) in changed { html += "<tr><td>\(change)</td>" + dealCells(deal) + "</tr>" }
        html += "</tbody></table>"
        if since.unlisted > 0 {
            html += "<p class=\"note\">The first \(changed.count) are listed; <code>changes.jsonl</code> lists all "
            html += "\(changed.count + since.unlisted).</p>"
        }
        return html + "</section>\n"
    }

    /// Counted deals per quarter, as a chart and split by where the parties sit.
    private static func quarters(_ data: ReportData) -> String {
        var html = chart(
            "Deals by quarter",
            SVGChart.columns(data.quarters.map { ($0.quarter, $0.deals) }, title: "Deals by quarter"))
        guard !data.quarters.isEmpty else { return html }
        html += "<section><h2>Within the region, with the US and Europe, at home</h2><p class=\"note\">"
        html += "APAC–APAC: parties in two or more Asia-Pacific countries only; APAC–US/Europe: an Asia-Pacific "
        html += "party with a US or European one; domestic: one country.</p><table><thead><tr><th>Quarter</th>"
        html += "<th class=\"number\">Deals</th>"
        for scope in DealScope.allCases {
            html += "<th class=\"number\">\(ReportFormat.html(ReportFormat.label(scope.rawValue)))</th>"
        }
        html += "</tr></thead><tbody>"
        for quarter in data.quarters.reversed() {
            html += "<tr><td>\(ReportFormat.html(quarter.quarter))</td><td class=\"number\">\(quarter.deals)</td>"
            for scope in DealScope.allCases { html += "<td class=\"number\">\(quarter.byScope[scope] ?? 0)</td>" }
            html += "</tr>"
        }
        return html + "</tbody></table></section>\n"
    }

    /// The newest deals, and a link to each quarter's page of every deal (``DealPages``).
    private static func everyDeal(_ data: ReportData) -> String {
        var html = "<section><h2>Every deal</h2>"
        guard data.dealCount > 0 else { return html + "<p>No deals yet.</p></section>\n" }
        html += "<p class=\"note\">Every deal is listed on the page of its quarter: "
        html +=
            data.dealPages.map {
                "<a href=\"\(DealPages.Page.path($0.label)).html\">\(ReportFormat.html($0.label))</a> (\($0.deals))"
            }.joined(separator: " · ")
        html += ". Rumoured and terminated deals are listed with their status and left out of every count above."
        if let rates = data.ratesDate {
            html += " Dollar values of other currencies at the rates of \(ReportFormat.html(rates))."
        }
        let newest = data.newestDeals
        html += "</p><h3>The newest \(ReportFormat.count(newest.count, "deal", "deals"))</h3>"
        html += "<table><thead><tr>" + dealHeader + "</tr></thead><tbody>"
        for deal in newest { html += "<tr>" + dealCells(deal) + "</tr>" }
        return html + "</tbody></table></section>\n"
    }

    static let dealHeader =
        "<th>Announced</th><th>Parties</th><th>Type</th><th>Status</th><th>Modalities</th>"
        + "<th class=\"number\">Upfront</th><th class=\"number\">Total</th><th>Sources</th>"

    static func dealCells(_ deal: Deal) -> String {
        var html = "<td>\(ReportFormat.html(deal.announced ?? ""))</td>"
        html += "<td>\(ReportFormat.html(ReportFormat.parties(deal)))</td>"
        html += "<td>\(ReportFormat.html(ReportFormat.label(deal.dealType.rawValue)))</td>"
        html += "<td><span class=\"status \(deal.status.rawValue)\">\(deal.status.rawValue)</span></td>"
        html += "<td>\(ReportFormat.html(deal.modalities.map(ReportFormat.label).joined(separator: ", ")))</td>"
        html += "<td class=\"number\">\(deal.upfrontUSD.map(ReportFormat.usd) ?? "")</td>"
        html += "<td class=\"number\">\(deal.valueUSD.map(ReportFormat.usd) ?? "")</td><td><ul>"
        for (index, source) in deal.sources.enumerated() {
            let title = ReportFormat.html(source.title ?? "Source \(index + 1)")
            let evidence = ReportFormat.html(source.evidence)
            if let url = ReportFormat.linkable(source.url) {
                html += "<li><a href=\"\(ReportFormat.html(url))\" title=\"\(evidence)\">\(title)</a></li>"
            } else {
                html += "<li title=\"\(evidence)\">\(title)</li>"
            }
        }
        return html + "</ul></td>"
    }

    /// The document up to its body, self-contained: the style inline, no icon request.
    static func head(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="icon" href="data:,">
        <title>\(ReportFormat.html(title))</title>
        <style>\(style)</style>
        </head>
        <body>

        """
    }

    static let style = """
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1e293b;max-width:1080px;\
        margin:0 auto;padding:24px}h1{font-size:26px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}\
        header p,.note,footer{color:#64748b}.figures{display:flex;flex-wrap:wrap;gap:12px;margin:20px 0}\
        .figure{flex:1 1 140px;border:1px solid #e2e8f0;border-radius:8px;padding:12px 14px}\
        .figure .value{display:block;font-size:24px;font-weight:600}.figure .label{color:#64748b;font-size:13px}\
        figure{margin:0}svg.chart{max-width:100%;height:auto;font-size:12px;fill:#1e293b}\
        table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e2e8f0;\
        padding:6px 8px;text-align:left;vertical-align:top}td ul{margin:0;padding-left:16px}\
        .number{text-align:right;white-space:nowrap}.status{color:#b45309;font-size:12px}\
        footer{margin-top:32px;font-size:13px}
        """
}

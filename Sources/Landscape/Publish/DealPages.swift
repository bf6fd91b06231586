/// The reports' list of every deal, a page per quarter of announcement: `report/deals-2025-Q3.html`
/// and `.md`, and `report/deals-undated.*` for deals without a day.
///
/// A landscape of a million articles holds hundreds of thousands of deals: one page listing
/// them all is more than a browser opens, and remaking it every night costs time in proportion
/// to the whole landscape. So `report.html` and `report.md` list the newest deals and link to
/// the quarters. A quarter's page says nothing of the snapshot it belongs to, so a night that
/// changes no deal publishes the same bytes, which the writer links from the parent.
enum DealPages {
    /// How many of the newest deals the reports themselves list.
    static let newestInReport = 100

    /// One quarter's page.
    struct Page: Sendable {
        /// "2025-Q3", or "undated".
        let label: String
        /// Newest first.
        let deals: [Deal]
        /// The position of each deal in the list the pages were made from.
        let positions: [Int]

        /// The page's path without its extension, inside the snapshot folder.
        var path: String { Self.path(label) }

        static func path(_ label: String) -> String { "report/deals-\(label)" }
    }

    /// A key standing for what a page shows: its deals as records, the rates' day and the code
    /// that renders them. A night that changes a few deals renders only their quarters' pages;
    /// the others come out with the same key, and the writer links them from the parent.
    static func contentKey(_ page: Page, ratesDate: String?) -> String {
        var hasher = keyHasher(page, ratesDate: ratesDate)
        for deal in page.deals {
            var writer = JSONWriter()
            deal.write(to: &writer)
            hasher.update(writer.bytes)
        }
        return String(hexString(hasher.finalize()).prefix(32))
    }

    /// Deals encoded as JSON lines, in pieces of whole lines, with where each line is.
    struct Lines: Sendable {
        let pieces: [[UInt8]]
        /// Each line's piece and its bytes there, without the newline.
        let places: [(piece: Int, bytes: Range<Int>)]

        /// The lines of `pieces`, found on `jobs` cores a piece at a time.
        init(pieces: [[UInt8]], jobs: Int = 1) {
            self.pieces = pieces
            places = parallelMap(Array(pieces.indices), jobs: jobs) { piece in
                JSONLinesReader.lineRanges(pieces[piece]).map { (piece, $0) }
            }.flatMap { $0 }
        }

        var count: Int { places.count }
    }

    /// The same key as ``contentKey(_:ratesDate:)``, from the deals already encoded as JSON
    /// lines (`deals.jsonl`, in the order the pages were made from), which spares encoding a
    /// million deals twice.
    static func contentKey(_ page: Page, ratesDate: String?, lines: Lines) -> String {
        var hasher = keyHasher(page, ratesDate: ratesDate)
        for position in page.positions {
            let (piece, bytes) = lines.places[position]
            lines.pieces[piece].withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[bytes])) }
        }
        return String(hexString(hasher.finalize()).prefix(32))
    }

    private static func keyHasher(_ page: Page, ratesDate: String?) -> SHA256 {
        var hasher = SHA256()
        hasher.update(Array("landscape deal page \(CodeFingerprint.current)\n\(page.path)\n\(ratesDate ?? "-")\n".utf8))
        return hasher
    }

    /// The pages of `deals` (newest first), newest quarter first, the undated ones last.
    static func pages(_ deals: [Deal]) -> [Page] {
        var order: [String] = []
        var positions: [String: [Int]] = [:]
        for (position, deal) in deals.enumerated() {
            let label = label(of: deal)
            if positions[label] == nil { order.append(label) }
            positions[label, default: []].append(position)
        }
        let dated = order.filter { $0 != undated }.sorted(by: >)
        return (dated + order.filter { $0 == undated }).map { label in
            let onPage = positions[label] ?? []
            return Page(label: label, deals: onPage.map { deals[$0] }, positions: onPage)
        }
    }

    /// The label of the page a deal is listed on.
    static func label(of deal: Deal) -> String {
        deal.announced.flatMap(AggregateStage.quarter(of:)) ?? undated
    }

    /// The label of the page of deals without a day.
    static let undated = "undated"

    /// The page as HTML, in the style of `report.html`, which it links back to.
    static func html(_ page: Page, ratesDate: String?) -> String {
        var html = HTMLReport.head(title: "Deals · \(page.label)")
        html += """
            <header><h1>Deals \(page.label == undated ? "without a day" : "announced in " + ReportFormat.html(page.label))</h1>
            <p><a href="../report.html">The landscape</a> · \(ReportFormat.count(page.deals.count, "deal", "deals")),
             newest first. Rumoured and terminated deals are listed with their status.\(rates(ratesDate))</p>
            </header>
            <table><thead><tr>
            """
        html += HTMLReport.dealHeader + "</tr></thead><tbody>"
        // Each row is an anchor, which the report's findings link to.
        for deal in page.deals {
            html += "<tr id=\"\(ReportFormat.html(deal.dealID))\">" + HTMLReport.dealCells(deal) + "</tr>"
        }
        return html + "</tbody></table>\n</body>\n</html>\n"
    }

    /// The page as Markdown, linking back to `report.md`.
    static func markdown(_ page: Page, ratesDate: String?) -> String {
        var lines = [
            "# Deals " + (page.label == undated ? "without a day" : "announced in \(page.label)"), "",
            "[The landscape](../report.md) · \(ReportFormat.count(page.deals.count, "deal", "deals")), newest first. "
                + "Rumoured and terminated deals are listed with their status.\(rates(ratesDate))",
            "", "| " + MarkdownReport.dealHeader + " |", "| " + MarkdownReport.dealAlignment + " |",
        ]
        for deal in page.deals { lines.append("| " + MarkdownReport.dealCells(deal) + " |") }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func rates(_ date: String?) -> String {
        date.map { " Dollar values of other currencies at the rates of \(ReportFormat.html($0))." } ?? ""
    }
}

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

    /// A page's label and how many deals it lists: what the reports link to.
    struct Count: Sendable, Hashable {
        let label: String
        let deals: Int
    }

    /// One quarter's page.
    struct Page: Sendable {
        /// "2025-Q3", or "undated".
        let label: String
        /// Newest first: a stretch of the deals the pages were made of, which list a quarter's
        /// deals together (no copy of a million deals' references), or the quarter's deals
        /// gathered when they are apart.
        let deals: ArraySlice<Deal>

        /// The page's path without its extension, inside the snapshot folder.
        var path: String { Self.path(label) }

        static func path(_ label: String) -> String { "report/deals-\(label)" }
    }

    /// What a page's file is written from: its label, how many deals it lists, and its deals,
    /// newest first, handed over a run at a time: a page held whole (``Page``), or one read
    /// from a night's deals as they stream by, never whole in memory (70,000 deals, some
    /// 45 MB, for a quarter of a million articles' landscape).
    struct Listing: Sendable {
        let label: String
        let count: Int
        let forEachRun: @Sendable (_ body: (_ deals: ArraySlice<Deal>) throws -> Void) throws -> Void

        init(
            label: String, count: Int,
            forEachRun: @escaping @Sendable (_ body: (_ deals: ArraySlice<Deal>) throws -> Void) throws -> Void
        ) {
            self.label = label
            self.count = count
            self.forEachRun = forEachRun
        }

        init(_ page: Page) {
            let deals = page.deals
            self.init(label: page.label, count: deals.count) { body in try body(deals) }
        }
    }

    /// A key standing for what a page shows: its deals as records, the rates' day and the code
    /// that renders them. A night that changes a few deals renders only their quarters' pages;
    /// the others come out with the same key, and the writer links them from the parent.
    static func contentKey(_ page: Page, ratesDate: String?) -> String {
        var lines = LinesDigest()
        for deal in page.deals { lines.add(deal) }
        return contentKey(path: page.path, lines: lines, ratesDate: ratesDate)
    }

    /// ``contentKey(_:ratesDate:)`` of the page at `path` whose deals' lines are `lines`.
    static func contentKey(path: String, lines: LinesDigest, ratesDate: String?) -> String {
        var hasher = SHA256()
        hasher.update(Array("landscape deal page \(madeWith(ratesDate: ratesDate))\n\(path)\n".utf8))
        hasher.update(lines.finalized())
        return String(hexString(hasher.finalize()).prefix(32))
    }

    /// The digest of a page's deals as records, added one by one in the page's order: what its
    /// key is made of, gathered as the deals go by.
    struct LinesDigest: Sendable {
        private var hasher = SHA256()

        mutating func add(_ deal: Deal) { hasher.update(line(deal)) }

        func finalized() -> [UInt8] { hasher.finalize() }
    }

    /// The keys of `pages`, made on `jobs` cores, or taken from `earlier` for a page whose
    /// deals are the parent's; and how many were made.
    static func keys(_ pages: [Page], ratesDate: String?, earlier: Earlier?, jobs: Int) -> (
        keys: [ReportParts.Page], made: Int
    ) {
        let keyed = parallelMap(pages, jobs: jobs) { page in
            if let key = earlier?.key(of: page) { return (ReportParts.Page(path: page.path, key: key), false) }
            return (ReportParts.Page(path: page.path, key: contentKey(page, ratesDate: ratesDate)), true)
        }
        return (keyed.map(\.0), keyed.count { $0.1 })
    }

    /// What a page's key depends on besides its deals: the code and the rates' day.
    static func madeWith(ratesDate: String?) -> String { "\(CodeFingerprint.current)\n\(ratesDate ?? "-")" }

    static func line(_ deal: Deal) -> [UInt8] {
        var writer = JSONWriter()
        deal.write(to: &writer)
        return writer.bytes
    }

    /// The parent snapshot's pages and their keys, made by this code at tonight's rates.
    struct Earlier: Sendable {
        /// Each page's key, by path.
        let keys: [String: String]
        /// The parent's pages, made from its deals.
        let pages: [Page]

        /// The key `page` had in the parent, if its deals are the parent page's, in order and
        /// to the byte. Most deals of a night are the parent's very values; the rest are
        /// compared as records.
        func key(of page: Page) -> String? {
            guard let key = keys[page.path], let earlier = pages.first(where: { $0.path == page.path }),
                earlier.deals.count == page.deals.count
            else { return nil }
            for (old, new) in zip(earlier.deals, page.deals) where !old.isIdentical(to: new) {
                guard line(old) == line(new) else { return nil }
            }
            return key
        }
    }

    /// The pages of `deals` (newest first), newest quarter first, the undated ones last.
    static func pages(_ deals: [Deal]) -> [Page] {
        var labels: [String] = []
        // Each page's runs of deals next to one another.
        var runs: [[Range<Int>]] = []
        var slots: [String: Int] = [:]
        // Deals newest first come in runs of one day: a day's label is made and looked up once.
        var (day, slot): (String?, Int) = (nil, -1)
        for (index, deal) in deals.enumerated() {
            if slot < 0 || deal.announced != day {
                let label = label(of: deal)
                if let known = slots[label] {
                    slot = known
                } else {
                    slot = labels.count
                    slots[label] = slot
                    labels.append(label)
                    runs.append([])
                }
                day = deal.announced
            }
            if let last = runs[slot].last, last.upperBound == index {
                runs[slot][runs[slot].count - 1] = last.lowerBound..<(index + 1)
            } else {
                runs[slot].append(index..<(index + 1))
            }
        }
        let dated = labels.filter { $0 != undated }.sorted(by: >)
        return (dated + labels.filter { $0 == undated }).compactMap { label in
            slots[label].map { slot in
                let parts = runs[slot]
                let members = parts.count == 1 ? deals[parts[0]] : parts.flatMap { deals[$0] }[...]
                return Page(label: label, deals: members)
            }
        }
    }

    /// The labels of deals met in their listed order, newest first: they come in runs of one
    /// day, so a day's label is made once.
    struct DayLabels: Sendable {
        private var last: (day: String?, label: String)?

        mutating func label(of deal: Deal) -> String {
            if let last, last.day == deal.announced { return last.label }
            let label = DealPages.label(of: deal)
            last = (deal.announced, label)
            return label
        }
    }

    /// The label of the page a deal is listed on.
    static func label(of deal: Deal) -> String {
        deal.announced.flatMap(AggregateStage.quarter(of:)) ?? undated
    }

    /// The label of the page of deals without a day.
    static let undated = "undated"

    /// How many deals' rows are made into one piece of a page: a quarter of a million articles'
    /// landscape lists some 70,000 deals, a page of 50 MB that is never whole in memory.
    static let rowsPerPiece = 2048

    /// The page as HTML, in the style of `report.html`, which it links back to.
    static func html(_ page: Page, ratesDate: String?) -> String {
        var bytes: [UInt8] = []
        // A page held whole hands its deals over without failing.
        try? writeHTML(Listing(page), ratesDate: ratesDate) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Hands ``html(_:ratesDate:)`` of the page `listing` lists to `emit`, piece after piece.
    ///
    /// - Throws: what reading the listing's deals or `emit` throws.
    static func writeHTML(_ listing: Listing, ratesDate: String?, to emit: (_ piece: [UInt8]) throws -> Void) throws {
        var head = HTMLReport.head(title: "Deals · \(listing.label)")
        head += """
            <header><h1>Deals \(listing.label == undated ? "without a day" : "announced in " + ReportFormat.html(listing.label))</h1>
            <p><a href="../report.html">The landscape</a> · \(ReportFormat.count(listing.count, "deal", "deals")),
             newest first. Rumoured and terminated deals are listed with their status.\(rates(ratesDate))</p>
            </header>
            <table><thead><tr>
            """
        try emit(Array((head + HTMLReport.dealHeader + "</tr></thead><tbody>").utf8))
        // Each row is an anchor, which the report's findings link to.
        try writeRows(listing, to: emit) {
            "<tr id=\"\(ReportFormat.html($0.dealID))\">" + HTMLReport.dealCells($0) + "</tr>"
        }
        try emit(Array("</tbody></table>\n</body>\n</html>\n".utf8))
    }

    /// The page as Markdown, linking back to `report.md`.
    static func markdown(_ page: Page, ratesDate: String?) -> String {
        var bytes: [UInt8] = []
        try? writeMarkdown(Listing(page), ratesDate: ratesDate) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Hands ``markdown(_:ratesDate:)`` of the page `listing` lists to `emit`, piece after piece.
    ///
    /// - Throws: what reading the listing's deals or `emit` throws.
    static func writeMarkdown(_ listing: Listing, ratesDate: String?, to emit: (_ piece: [UInt8]) throws -> Void)
        throws
    {
        let head = [
            "# Deals " + (listing.label == undated ? "without a day" : "announced in \(listing.label)"), "",
            "[The landscape](../report.md) · \(ReportFormat.count(listing.count, "deal", "deals")), newest first. "
                + "Rumoured and terminated deals are listed with their status.\(rates(ratesDate))",
            "", "| " + MarkdownReport.dealHeader + " |", "| " + MarkdownReport.dealAlignment + " |",
        ]
        try emit(Array((head.joined(separator: "\n") + "\n").utf8))
        try writeRows(listing, to: emit) { "| " + MarkdownReport.dealCells($0) + " |\n" }
    }

    /// The rows of the listing's deals, ``rowsPerPiece`` to a piece (fewer at a run's end).
    ///
    /// - Throws: ``DamagedDataError`` when the listing handed over another number of deals than
    ///   it counts (its header would say otherwise); what reading them or `emit` throws.
    private static func writeRows(
        _ listing: Listing, to emit: (_ piece: [UInt8]) throws -> Void, row: (Deal) -> String
    ) throws {
        var written = 0
        try listing.forEachRun { deals in
            for start in stride(from: 0, to: deals.count, by: rowsPerPiece) {
                var piece = ""
                let first = deals.startIndex + start
                for deal in deals[first..<min(first + rowsPerPiece, deals.endIndex)] { piece += row(deal) }
                try emit(Array(piece.utf8))
            }
            written += deals.count
        }
        guard written == listing.count else {
            throw DamagedDataError(
                path: Page.path(listing.label), problem: "lists \(written) deals, not the \(listing.count) it counts")
        }
    }

    private static func rates(_ date: String?) -> String {
        date.map { " Dollar values of other currencies at the rates of \(ReportFormat.html($0))." } ?? ""
    }
}

import FoundationEssentials

/// The parts of a snapshot's reports that depend only on its deals, aggregates, network, rates
/// and article counts: everything but what names the snapshot and what is new since the parent.
/// A night whose deals are the parent's makes its reports from these, kept in the stage cache
/// (`cache/stages/report-parts/`), without reading a deal.
struct ReportParts: Sendable, Codable, Equatable {
    var firstDay: String?
    var lastDay: String?
    var htmlBody: String
    var htmlRest: String
    var markdownBody: [String]
    var markdownRest: [String]
    /// The deal pages: each one's path, without `.html` or `.md`, and the key of its content
    /// (``DealPages/contentKey(_:ratesDate:)``).
    var pages: [Page]

    struct Page: Sendable, Codable, Equatable {
        var path: String
        var key: String
    }

    /// The parts of `data`'s reports; the pages' keys are made on `jobs` cores, from
    /// `dealLines` when given: the deals `data` was made from, encoded as JSON lines, in pieces
    /// of whole lines.
    init(_ data: ReportData, jobs: Int, dealLines: [[UInt8]]? = nil) {
        firstDay = data.firstDay
        lastDay = data.lastDay
        htmlBody = HTMLReport.body(data)
        htmlRest = HTMLReport.rest(data)
        markdownBody = MarkdownReport.body(data)
        markdownRest = MarkdownReport.rest(data)
        let ratesDate = data.ratesDate
        // Lines stand for the pages' deals only when the report lists the deals as given.
        let lines = dealLines.flatMap { pieces -> DealPages.Lines? in
            guard data.everyDealIsAsGiven else { return nil }
            let lines = DealPages.Lines(pieces: pieces, jobs: jobs)
            return lines.count == data.everyDeal.count ? lines : nil
        }
        pages = parallelMap(data.dealPages, jobs: jobs) { page in
            let key =
                lines.map { DealPages.contentKey(page, ratesDate: ratesDate, lines: $0) }
                ?? DealPages.contentKey(page, ratesDate: ratesDate)
            return Page(path: page.path, key: key)
        }
    }

    /// `report.html` of snapshot `snapshotID`, with `since` as what is new since the parent.
    func html(snapshotID: String, created: Timestamp, since: ReportData.SinceParent?) -> String {
        HTMLReport.page(
            snapshotID: snapshotID, created: created, firstDay: firstDay, lastDay: lastDay, body: htmlBody,
            since: HTMLReport.sinceParent(since), rest: htmlRest)
    }

    /// `report.md` of snapshot `snapshotID`.
    func markdown(snapshotID: String, created: Timestamp, ratesDate: String?, since: ReportData.SinceParent?)
        -> String
    {
        MarkdownReport.page(
            snapshotID: snapshotID, created: created, firstDay: firstDay, lastDay: lastDay, ratesDate: ratesDate,
            body: markdownBody, since: MarkdownReport.sinceParent(since), rest: markdownRest)
    }
}

/// The shelf of ``ReportParts`` in the stage cache: one entry a pipeline, under the key of what
/// the parts were made from; an entry of another key is the pipeline's old one and goes.
struct ReportPartsCache: Sendable {
    let cache: StageCache
    let pipeline: String

    static let shelf = "report-parts"
    private static let file = "parts.json"

    private func entry(_ key: String) -> String { FilePaths.fileSafe(pipeline) + "-" + key }

    /// The parts made from `key`, or nil when they are not kept (or damaged).
    func parts(key: String) -> ReportParts? {
        guard cache.has(shelf: Self.shelf, key: entry(key)),
            let bytes = try? cache.bytes(shelf: Self.shelf, key: entry(key), file: Self.file)
        else { return nil }
        return try? JSONDecoder().decode(ReportParts.self, from: Data(bytes))
    }

    /// Keeps `parts` under `key`, in place of the pipeline's earlier parts. Parts only spare
    /// work: a failure to keep them is a night that reads the deals next time.
    func keep(_ parts: ReportParts, key: String) {
        guard let bytes = try? JSONEncoder().encode(parts) else { return }
        let prefix = FilePaths.fileSafe(pipeline) + "-"
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: cache.entryPath(shelf: Self.shelf, key: "")))
            ?? []
        for name in names where name.hasPrefix(prefix) && name != entry(key) {
            cache.remove(shelf: Self.shelf, key: name)
        }
        try? cache.store(shelf: Self.shelf, key: entry(key), files: [(Self.file, Array(bytes))])
    }
}

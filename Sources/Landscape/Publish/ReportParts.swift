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
    /// What the pages' keys depend on besides their deals (``DealPages/madeWith(ratesDate:)``).
    var pagesMadeWith: String
    /// The digest of the deals file the parts were made from, once it is written: it tells the
    /// next night whether these are its parent's parts.
    var dealsFile: String?

    struct Page: Sendable, Codable, Equatable {
        var path: String
        var key: String
    }

    /// The parts of `data`'s reports, with `pages`, the keys of its deal pages
    /// (``DealPages/keys(_:ratesDate:earlier:jobs:)``).
    init(_ data: ReportData, pages: [Page]) {
        firstDay = data.firstDay
        lastDay = data.lastDay
        htmlBody = HTMLReport.body(data)
        htmlRest = HTMLReport.rest(data)
        markdownBody = MarkdownReport.body(data)
        markdownRest = MarkdownReport.rest(data)
        self.pages = pages
        pagesMadeWith = DealPages.madeWith(ratesDate: data.ratesDate)
        dealsFile = nil
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
        guard cache.has(shelf: Self.shelf, key: entry(key)) else { return nil }
        return read(entry(key))
    }

    /// The pipeline's parts kept last, whatever they were made from, or nil.
    func latest() -> ReportParts? {
        guard let name = entries().first, cache.has(shelf: Self.shelf, key: name) else { return nil }
        return read(name)
    }

    /// Keeps `parts`, made from the deals file of digest `dealsFile`, under `key`, in place of
    /// the pipeline's earlier parts. Parts only spare work: a failure to keep them is a night
    /// that reads the deals next time.
    func keep(_ parts: ReportParts, key: String, dealsFile: String?) {
        var parts = parts
        parts.dealsFile = dealsFile
        guard let bytes = try? JSONEncoder().encode(parts) else { return }
        // An entry under the same key stays only when it says the same (the cache keeps an
        // entry it has whole): parts of an older layout, or of other deals, are replaced.
        for name in entries() where name != entry(key) || read(name) != parts {
            cache.remove(shelf: Self.shelf, key: name)
        }
        try? cache.store(shelf: Self.shelf, key: entry(key), files: [(Self.file, Array(bytes))])
    }

    /// The names of the pipeline's entries: its name, a dash and a key, which has no dash (so
    /// pipeline `a` does not take the entries of pipeline `a-b`).
    private func entries() -> [String] {
        let prefix = FilePaths.fileSafe(pipeline) + "-"
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: cache.entryPath(shelf: Self.shelf, key: ""))) ?? []
        return names.filter { $0.hasPrefix(prefix) && !$0.dropFirst(prefix.count).contains("-") }.sorted()
    }

    private func read(_ name: String) -> ReportParts? {
        guard let bytes = try? cache.bytes(shelf: Self.shelf, key: name, file: Self.file) else { return nil }
        return try? JSONDecoder().decode(ReportParts.self, from: Data(bytes))
    }
}

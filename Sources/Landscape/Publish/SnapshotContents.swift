/// Everything a snapshot holds besides its manifest, encoded: articles and mentions split by
/// month, the other record sets one file each, the reports; gzipped when the pipeline says so.
struct SnapshotContents {
    var articles: [Article]
    var mentions: MentionLines
    var deals: [Deal]
    var aggregates: [AggregateRow]
    /// The partnership network of the deals; `nil` leaves the `network/` files out.
    var network: PartnershipNetwork? = nil
    /// The deals of the parent snapshot, which `changes` is the difference from.
    var previousDeals: [Deal]
    var snapshotID: String
    var created: Timestamp
    /// The parent snapshot's id, for the report's "new since the last snapshot".
    var parentID: String? = nil
    /// The day of the pipeline's currency rates, shown in the reports.
    var ratesDate: String? = nil

    /// The files, encoded on `jobs` cores, and how many changes they record.
    ///
    /// - Throws: ``RunError`` naming a file gzip could not compress; nothing is published then.
    func files(compression: OutputOptions.Compression, jobs: Int) throws(RunError) -> (
        files: [SnapshotFile], changes: Int
    ) {
        let changes = Change.between(old: previousDeals, new: deals)
        let report = ReportData(
            snapshotID: snapshotID, created: created, deals: deals, aggregates: aggregates, articles: articles,
            previousDeals: previousDeals, parentID: parentID, ratesDate: ratesDate, network: network)
        var pending: [(path: String, rows: Int, encode: @Sendable () -> [UInt8])] = []

        var articleMonths: [String: [Article]] = [:]
        var monthOfArticle: [String: String] = [:]
        for article in articles {
            let month = RecordSet.month(of: article)
            articleMonths[month, default: []].append(article)
            monthOfArticle[article.articleID] = month
        }
        var mentionMonths: [String: [Int]] = [:]
        // A mention of an article not in the landscape (possible only with --from dedupe or
        // later, on an older extract output) has nothing to belong to and is left out.
        for (index, line) in mentions.lines.enumerated() {
            if let month = monthOfArticle[line.articleID] { mentionMonths[month, default: []].append(index) }
        }
        let mentions = mentions
        for (month, articles) in articleMonths.sorted(by: { $0.key < $1.key }) {
            pending.append(
                (
                    RecordSet.articles.path(month: month, compression: compression), articles.count,
                    { articles.jsonLines() }
                )
            )
        }
        for (month, indices) in mentionMonths.sorted(by: { $0.key < $1.key }) {
            pending.append(
                (
                    RecordSet.mentions.path(month: month, compression: compression), indices.count,
                    { mentions.jsonLines(indices) }
                ))
        }
        let deals = deals
        let aggregates = aggregates
        pending.append((RecordSet.deals.path(compression: compression), deals.count, { deals.jsonLines() }))
        pending.append(
            (RecordSet.aggregates.path(compression: compression), aggregates.count, { aggregates.jsonLines() }))
        pending.append((RecordSet.changes.path(compression: compression), changes.count, { changes.jsonLines() }))
        if let network {
            pending.append(
                (RecordSet.edges.path(compression: compression), network.edges.count, { network.edgeLines() }))
        }
        // Reports are read by people, in a browser or editor, so they stay plain; they count
        // their lines as rows.
        let markdown = Array(MarkdownReport.render(report).utf8)
        let html = Array(HTMLReport.render(report).utf8)
        // GraphML is read by graph tools, which expect it plain, like the reports.
        let graph = network.map { [("network/partnerships.graphml", $0.graphML())] } ?? []
        let reports = ([("report.md", markdown), ("report.html", html)] + graph).map { name, bytes in
            SnapshotFile(path: name, bytes: bytes, rows: bytes.count { $0 == 0x0A })
        }

        let encoded = parallelMap(pending.map(\.encode), jobs: jobs) { encode -> [UInt8]? in
            let bytes = encode()
            return compression == .gzip ? Gzip.compress(bytes) : bytes
        }
        var files: [SnapshotFile] = []
        for (file, bytes) in zip(pending, encoded) {
            guard let bytes else { throw RunError("publish: gzip could not compress \(file.path)") }
            files.append(SnapshotFile(path: file.path, bytes: bytes, rows: file.rows))
        }
        return (files + reports, changes.count)
    }
}

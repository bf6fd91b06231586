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

    /// The files, each encoded only when ``SnapshotWriter/stage(_:id:parent:jobs:)`` writes
    /// it, and how many changes they record.
    func files(compression: OutputOptions.Compression) -> (files: [PendingFile], changes: Int) {
        let changes = Change.between(old: previousDeals, new: deals)
        let report = ReportData(
            snapshotID: snapshotID, created: created, deals: deals, aggregates: aggregates, articles: articles,
            previousDeals: previousDeals, parentID: parentID, ratesDate: ratesDate, network: network)
        var files: [PendingFile] = []
        func add(_ path: String, rows: Int, _ encode: @escaping @Sendable () -> [UInt8]) {
            files.append(
                PendingFile(path: path, rows: rows) {
                    let bytes = encode()
                    return compression == .gzip ? Gzip.compress(bytes) : bytes
                })
        }

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
            add(RecordSet.articles.path(month: month, compression: compression), rows: articles.count) {
                articles.jsonLines()
            }
        }
        for (month, indices) in mentionMonths.sorted(by: { $0.key < $1.key }) {
            add(RecordSet.mentions.path(month: month, compression: compression), rows: indices.count) {
                mentions.jsonLines(indices)
            }
        }
        let deals = deals
        let aggregates = aggregates
        add(RecordSet.deals.path(compression: compression), rows: deals.count) { deals.jsonLines() }
        add(RecordSet.aggregates.path(compression: compression), rows: aggregates.count) { aggregates.jsonLines() }
        add(RecordSet.changes.path(compression: compression), rows: changes.count) { changes.jsonLines() }
        if let network {
            add(RecordSet.edges.path(compression: compression), rows: network.edges.count) { network.edgeLines() }
            // GraphML is read by graph tools, which expect it plain, like the reports.
            files.append(PendingFile(path: "network/partnerships.graphml") { network.graphML() })
        }
        // Reports are read by people, in a browser or editor, so they stay plain; they count
        // their lines as rows.
        files.append(PendingFile(path: "report.md") { Array(MarkdownReport.render(report).utf8) })
        files.append(PendingFile(path: "report.html") { Array(HTMLReport.render(report).utf8) })
        return (files, changes.count)
    }
}

/// One file of a snapshot, not yet encoded: its path inside the snapshot folder, its row count
/// (nil: its lines, counted once it is encoded) and how to make its bytes (nil: gzip failed).
/// Encoding waits until the file is written, so that a snapshot is never whole in memory.
struct PendingFile: Sendable {
    let path: String
    let rows: Int?
    let encode: @Sendable () -> [UInt8]?

    init(path: String, rows: Int? = nil, encode: @escaping @Sendable () -> [UInt8]?) {
        self.path = path
        self.rows = rows
        self.encode = encode
    }
}

/// Everything a snapshot holds besides its manifest, encoded: articles and mentions split by
/// month, the other record sets one file each, the reports; gzipped when the pipeline says so.
struct SnapshotContents {
    var articles: [Article]
    /// One file a month, published as it is.
    var mentions: [MentionFile]
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
                    guard compression == .gzip else { return bytes }
                    guard let packed = Gzip.compress(bytes) else {
                        throw RunError("publish: gzip could not compress \(path)")
                    }
                    return packed
                })
        }

        var articleMonths: [String: [Article]] = [:]
        for article in articles { articleMonths[RecordSet.month(of: article), default: []].append(article) }
        for (month, articles) in articleMonths.sorted(by: { $0.key < $1.key }) {
            add(RecordSet.articles.path(month: month, compression: compression), rows: articles.count) {
                articles.jsonLines()
            }
        }
        // A month of mentions goes as it is on disk, or gzipped or unzipped as the snapshot
        // wants; when its digest is the parent's file's, it is linked without being read.
        for file in mentions.sorted(by: { $0.month < $1.month }) {
            let wantsGzip = compression == .gzip
            files.append(
                PendingFile(
                    path: RecordSet.mentions.path(month: file.month, compression: compression), rows: file.rows,
                    knownDigest: file.isGzip == wantsGzip ? file.sha256 : nil
                ) {
                    let bytes = try file.bytes()
                    if file.isGzip == wantsGzip { return bytes }
                    guard let converted = wantsGzip ? Gzip.compress(bytes) : Gzip.decompress(bytes) else {
                        throw RunError("publish: gzip could not \(wantsGzip ? "compress" : "read") \(file.path)")
                    }
                    return converted
                })
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
/// (nil: its lines, counted once it is encoded), the digest its bytes will have when that is
/// known without making them, and how to make them. Encoding waits until the file is written,
/// so that a snapshot is never whole in memory.
struct PendingFile: Sendable {
    let path: String
    let rows: Int?
    let knownDigest: String?
    let encode: @Sendable () throws -> [UInt8]

    init(
        path: String, rows: Int? = nil, knownDigest: String? = nil, encode: @escaping @Sendable () throws -> [UInt8]
    ) {
        self.path = path
        self.rows = rows
        self.knownDigest = knownDigest
        self.encode = encode
    }
}

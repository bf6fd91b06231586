/// Everything a snapshot holds besides its manifest, encoded: articles and mentions split by
/// month, the other record sets one file each, the reports; gzipped when the pipeline says so.
struct SnapshotContents {
    /// The articles, month by month; a month at rest as the parent published it is linked.
    var landscape: ArticleLandscape
    /// One file a month, published as it is.
    var mentions: [MentionFile]
    /// The deals, read only for the files that cannot be linked from the parent.
    var deals: DealRecords
    var aggregates: [AggregateRow]
    /// The partnership network of the deals; `nil` leaves the `network/` files out.
    var network: Deferred<PartnershipNetwork>? = nil
    /// What aggregate read of the deals for publish as it folded them, if it streamed them.
    var patchReading: PatchReading? = nil
    /// The deals of the parent snapshot, which `changes` is the difference from.
    var previousDeals: DealRecords
    /// Whether the deals are the parent's, flags and all (tonight's dedupe and aggregate are
    /// the parent's outputs): then nothing changed, and no deal is read to say so.
    var dealsAreParents = false
    /// Where the reports' parts that depend only on the deals are kept, if anywhere.
    var reportParts: ReportPartsCache? = nil
    /// Cores to make the deal pages' keys on.
    var jobs = 1
    var snapshotID: String
    var created: Timestamp
    /// The parent snapshot's id, for the report's "new since the last snapshot".
    var parentID: String? = nil
    /// The day of the pipeline's currency rates, shown in the reports.
    var ratesDate: String? = nil
    /// A key standing for the deals, aggregates and network (the aggregate output's), if any.
    var aggregateKey: String? = nil
    /// What earlier runs published, by content key (``PublishMemo``).
    var published: [String: PublishMemo.Written] = [:]
    /// The digest of the parent's deals file, which tells whether the report parts kept are
    /// the parent's.
    var parentDealsDigest: String? = nil
    /// The parent's aggregate key, which tells whether its deals file was written by this code.
    var parentAggregateKey: String? = nil

    /// The files, each encoded only when ``SnapshotWriter/stage(_:id:parent:stamps:jobs:)`` writes
    /// it; how many changes they record; and the reports' parts made tonight.
    func files(compression: OutputOptions.Compression) throws -> SnapshotFiles {
        let byAggregate = { (path: String) in aggregateKey.map { Self.contentKey(of: path, aggregate: $0) } }
        let dealsPath = RecordSet.deals.path(compression: compression)
        // The reports: their parts that depend only on the deals are the parent's, kept, on a
        // night that changed no deal; otherwise they are made from the deals and kept.
        let ratesDate = ratesDate
        let partsKey = aggregateKey.map {
            Self.contentKey([
                "report parts", $0, "rates \(ratesDate ?? "-")",
                "articles \(landscape.count) \(landscape.duplicateCount)",
            ])
        }
        let (snapshotID, created, parentID) = (snapshotID, created, parentID)
        let (aggregates, network) = (aggregates, network)
        let parts: ReportParts
        let since: ReportData.SinceParent?
        var partsToKeep: (parts: ReportParts, key: String)? = nil
        var pagesKeyed = 0
        var streamedDeals = 0
        let fromDeals: DealsToPublish
        if dealsAreParents, let partsKey, let kept = reportParts?.parts(key: partsKey) {
            fromDeals = try dealsHeld()
            parts = kept
            since = ReportData.SinceParent(parentID: parentID, added: [], updated: [], removed: [])
        } else {
            if let streamed = try dealsStreamed() ?? dealsStreamedWhole() {
                fromDeals = streamed
                streamedDeals = deals.count
            } else {
                fromDeals = try dealsHeld()
            }
            let data = try fromDeals.report.value()
            let keyed = try fromDeals.pageKeys()
            parts = ReportParts(data, pages: keyed.keys)
            pagesKeyed = keyed.made
            since = data.sinceParent
            partsToKeep = partsKey.map { (parts, $0) }
        }
        let changes = fromDeals.changes
        var files: [PendingFile] = []
        // `rows: nil` counts the lines of a plain file once it is encoded, or takes them from the
        // memo; a file that may be gzipped must say its rows.
        func add(
            _ path: String, rows: Int?, contentKey: String? = nil, knownDigest: String? = nil, isPlain: Bool = false,
            _ encode: @escaping @Sendable () throws -> [UInt8]
        ) {
            add(path, rows: rows, contentKey: contentKey, knownDigest: knownDigest, isPlain: isPlain) { emit in
                try emit(try encode())
            }
        }
        func add(
            _ path: String, rows: Int?, contentKey: String? = nil, knownDigest: String? = nil, isPlain: Bool = false,
            isLarge: Bool = false, make: @escaping @Sendable (_ emit: (_ piece: [UInt8]) throws -> Void) throws -> Void
        ) {
            let known = contentKey.flatMap { published[$0] }.flatMap { rows == nil || $0.rows == rows ? $0 : nil }
            let gzips = compression == .gzip && !isPlain
            files.append(
                PendingFile(
                    path: path, rows: rows ?? known?.rows, knownDigest: knownDigest ?? known?.sha256,
                    contentKey: contentKey, isLarge: isLarge
                ) { emit in
                    guard gzips else { return try make(emit) }
                    let stream = Gzip.Stream()
                    let failed = RunError("publish: gzip could not compress \(path)")
                    try make { piece in
                        guard let packed = stream.add(piece) else { throw failed }
                        if !packed.isEmpty { try emit(packed) }
                    }
                    guard let last = stream.finish() else { throw failed }
                    try emit(last)
                })
        }

        let months = landscape.months.sorted(by: { $0.month < $1.month })
        let paths = months.map { RecordSet.articles.path(month: $0.month, compression: compression) }
        // A month at rest whose file is the one this snapshot wants is linked unread; the others'
        // keys are hashed from every article, a month to a core.
        let linked = zip(months, paths).map { month, path in month.parentFile.flatMap { $0.path == path ? $0 : nil } }
        let keys = parallelMap(Array(months.indices), jobs: jobs) { index in
            linked[index] == nil ? Self.monthKey(paths[index], months[index]) : nil
        }
        for (index, month) in months.enumerated() {
            if let file = linked[index] {
                add(paths[index], rows: file.rows, knownDigest: file.sha256) { emit in
                    try month.writeJSONLines(to: emit)
                }
                continue
            }
            // A month written out tonight, settled in its file once dedupe grouped it, is
            // linked as it is when the snapshot is plain and no article of it was regrouped.
            if case .spilled(let file) = month.storage, compression == .none, month.isSettled,
                file.regrouped.isEmpty
            {
                var pending = PendingFile(path: paths[index], rows: month.count, knownDigest: file.sha256) { emit in
                    try month.writeJSONLines(to: emit)
                }
                pending.sameBytes = file.path
                files.append(pending)
                continue
            }
            add(paths[index], rows: month.count, contentKey: keys[index]) { emit in try month.writeJSONLines(to: emit) }
        }
        // A month of mentions goes as it is on disk, or gzipped or unzipped as the snapshot
        // wants; when its digest is the parent's file's, it is linked without being read.
        for file in mentions.sorted(by: { $0.month < $1.month }) {
            let wantsGzip = compression == .gzip
            let isAsOnDisk = file.isGzip == wantsGzip
            var pending = PendingFile(
                path: RecordSet.mentions.path(month: file.month, compression: compression), rows: file.rows,
                knownDigest: isAsOnDisk ? file.sha256 : nil
            ) { emit in
                if isAsOnDisk { return try file.write(to: emit) }
                let bytes = try file.bytes()
                guard let converted = wantsGzip ? Gzip.compress(bytes) : Gzip.decompress(bytes) else {
                    throw RunError("publish: gzip could not \(wantsGzip ? "compress" : "read") \(file.path)")
                }
                try emit(converted)
            }
            // A month made tonight is in the stage cache already, a tenth of a build's bytes:
            // writing it again cost the disk as much as extract's own store.
            if isAsOnDisk { pending.sameBytes = file.path }
            files.append(pending)
        }
        // `deals.jsonl` is written as it is encoded, a few thousand deals at a time; the lines
        // of the parent's deals left as they were are copied from the parent's file when this
        // code wrote it.
        let dealsCopied = SharedCount()
        add(dealsPath, rows: deals.count, contentKey: byAggregate(dealsPath), isLarge: true) { emit in
            dealsCopied.add(try fromDeals.writeDeals(emit))
        }
        let aggregatesPath = RecordSet.aggregates.path(compression: compression)
        add(aggregatesPath, rows: aggregates.count, contentKey: byAggregate(aggregatesPath)) {
            aggregates.jsonLines()
        }
        add(RecordSet.changes.path(compression: compression), rows: changes.count) { changes.jsonLines() }
        if let network {
            let edgesPath = RecordSet.edges.path(compression: compression)
            // Rows are counted before gzip: from the memo when the edges are the ones published
            // before, else from the network, which encoding them needs anyway.
            let edgesKey = byAggregate(edgesPath)
            let edgeRows = try edgesKey.flatMap { published[$0]?.rows } ?? network.value().edgeCount
            add(edgesPath, rows: edgeRows, contentKey: edgesKey, isLarge: true) { emit in
                try network.value().writeEdgeLines(to: emit)
            }
            // GraphML is read by graph tools, which expect it plain, like the reports.
            let graphPath = "network/partnerships.graphml"
            add(graphPath, rows: nil, contentKey: byAggregate(graphPath), isPlain: true, isLarge: true) { emit in
                try network.value().writeGraphML(to: emit)
            }
        }
        // Reports are read by people, in a browser or editor, so they stay plain; they count
        // their lines as rows.
        files.append(
            PendingFile(path: "report.md") {
                Array(parts.markdown(snapshotID: snapshotID, created: created, ratesDate: ratesDate, since: since).utf8)
            })
        files.append(
            PendingFile(path: "report.html") {
                Array(parts.html(snapshotID: snapshotID, created: created, since: since).utf8)
            })
        // A quarter's page of deals names no snapshot and is keyed by its deals: a night renders
        // only the pages whose deals changed, and links the others from the parent.
        for page in parts.pages {
            let path = page.path
            let dealsOfPage = { @Sendable () throws -> DealPages.Listing in try fromDeals.page(path) }
            add(path + ".html", rows: nil, contentKey: Self.contentKey([page.key, "html"]), isPlain: true) { emit in
                try DealPages.writeHTML(try dealsOfPage(), ratesDate: ratesDate, to: emit)
            }
            add(path + ".md", rows: nil, contentKey: Self.contentKey([page.key, "md"]), isPlain: true) { emit in
                try DealPages.writeMarkdown(try dealsOfPage(), ratesDate: ratesDate, to: emit)
            }
        }
        return SnapshotFiles(
            files: files, changes: changes.count, dealPagesKeyed: pagesKeyed, dealsStreamed: streamedDeals,
            dealsCopied: dealsCopied,
            reportParts: partsToKeep)
    }

    /// The content key of an article month in memory: its articles by digest, sighting and
    /// story group, as this build encodes them; nil for a month at rest.
    private static func monthKey(_ path: String, _ month: LandscapeMonth) -> String? {
        guard case .resident(let articles) = month.storage else { return nil }
        var parts = [path]
        for (row, article) in articles.enumerated() {
            let group = month.index.groups[row]
            parts.append(
                "\(month.index.digests[row]) \(article.lastSeen.iso8601) \(group.duplicateOf ?? "-") \(group.clusterID)"
            )
        }
        return Self.contentKey(parts)
    }

    /// The memo's key of the file at `path` made of the aggregate output `aggregateKey` (the
    /// deals, aggregates and network files).
    static func contentKey(of path: String, aggregate aggregateKey: String) -> String {
        contentKey(["\(path) of aggregate", aggregateKey])
    }

    static func contentKey(_ parts: [String]) -> String {
        var hasher = SHA256()
        hasher.update(Array("landscape publish \(CodeFingerprint.current)\n".utf8))
        for part in parts { hasher.update(Array((part + "\n").utf8)) }
        return String(hexString(hasher.finalize()).prefix(32))
    }
}

/// A snapshot's files before they are written, and what is kept once they are.
struct SnapshotFiles {
    let files: [PendingFile]
    /// How many changes `changes.jsonl` records.
    let changes: Int
    /// How many deal pages' keys were hashed from their deals, not kept from the parent.
    let dealPagesKeyed: Int
    /// How many deals were read as a stream, never all held (0 when they were held).
    let dealsStreamed: Int
    /// How many deals' lines are copied from the parent's deals file, once it is written.
    let dealsCopied: SharedCount
    /// The reports' parts made tonight and their key, kept once the deals file they were made
    /// from is written (``ReportPartsCache/keep(_:key:dealsFile:)``).
    let reportParts: (parts: ReportParts, key: String)?
}

/// One file of a snapshot, not yet encoded: its path inside the snapshot folder, its row count
/// (nil: its lines, counted once it is encoded), the digest its bytes will have when that is
/// known without making them, and how to make them. Encoding waits until the file is written,
/// so that a snapshot is never whole in memory.
struct PendingFile: Sendable {
    let path: String
    let rows: Int?
    let knownDigest: String?
    /// A key standing for the file's records, under which ``PublishMemo`` keeps its digest.
    let contentKey: String?
    /// Whether the file is a large share of the snapshot's work, which the writer starts first
    /// so that it does not end the publish alone on one core.
    let isLarge: Bool
    /// A file outside the snapshot whose bytes are this file's, with digest ``knownDigest``
    /// (a month of extract's mentions in the stage cache): linked rather than copied while
    /// its stamp or bytes still show that digest.
    var sameBytes: String? = nil
    /// Makes the file's bytes and hands them to `emit` piece after piece, in order: a large file
    /// is written as it is encoded, never whole in memory.
    let make: @Sendable (_ emit: (_ piece: [UInt8]) throws -> Void) throws -> Void

    init(
        path: String, rows: Int? = nil, knownDigest: String? = nil, contentKey: String? = nil, isLarge: Bool = false,
        make: @escaping @Sendable (_ emit: (_ piece: [UInt8]) throws -> Void) throws -> Void
    ) {
        self.path = path
        self.rows = rows
        self.knownDigest = knownDigest
        self.contentKey = contentKey
        self.isLarge = isLarge
        self.make = make
    }

    init(
        path: String, rows: Int? = nil, knownDigest: String? = nil, contentKey: String? = nil,
        encode: @escaping @Sendable () throws -> [UInt8]
    ) {
        self.init(path: path, rows: rows, knownDigest: knownDigest, contentKey: contentKey) { emit in
            try emit(try encode())
        }
    }
}

import FoundationEssentials

/// The publish stage: the snapshot's files, written aside and renamed into place.
extension PipelineRun {
    /// How many of the newest snapshots keep their stage outputs in the cache, for `--only`.
    static let snapshotsWithCachedStages = 3

    /// Encodes every snapshot file: articles and mentions split by month, the other record
    /// sets one file each, the reports; gzipped when the pipeline says so. Files are encoded
    /// on all cores.
    /// - Throws: ``RunError`` naming a file gzip could not compress; nothing is published then.
    func snapshotFiles(
        _ deduped: Deduped, aggregates: [AggregateRow], changes: [Change], report: ReportData
    ) throws(RunError) -> [SnapshotFile] {
        let compression = config.output.compress
        var pending: [(path: String, rows: Int, encode: @Sendable () -> [UInt8])] = []

        var articleMonths: [String: [Article]] = [:]
        var monthOfArticle: [String: String] = [:]
        for article in deduped.articles {
            let month = SnapshotLayout.month(of: article)
            articleMonths[month, default: []].append(article)
            monthOfArticle[article.articleID] = month
        }
        var mentionMonths: [String: [Int]] = [:]
        // A mention of an article not in the landscape (possible only with --from dedupe or
        // later, on an older extract output) has nothing to belong to and is left out.
        for (index, line) in deduped.mentions.lines.enumerated() {
            if let month = monthOfArticle[line.articleID] { mentionMonths[month, default: []].append(index) }
        }
        let mentions = deduped.mentions
        for (month, articles) in articleMonths.sorted(by: { $0.key < $1.key }) {
            pending.append(
                (
                    SnapshotLayout.path(of: "articles", month: month, compression: compression), articles.count,
                    { articles.jsonLines() }
                ))
        }
        for (month, indices) in mentionMonths.sorted(by: { $0.key < $1.key }) {
            pending.append(
                (
                    SnapshotLayout.path(of: "mentions", month: month, compression: compression), indices.count,
                    { mentions.jsonLines(indices) }
                ))
        }
        let deals = deduped.deals
        pending.append((SnapshotLayout.path(of: "deals", compression: compression), deals.count, { deals.jsonLines() }))
        pending.append(
            (
                SnapshotLayout.path(of: "aggregates", compression: compression), aggregates.count,
                { aggregates.jsonLines() }
            ))
        pending.append(
            (SnapshotLayout.path(of: "changes", compression: compression), changes.count, { changes.jsonLines() }))
        // Reports are read by people, in a browser or editor, so they stay plain; they count
        // their lines as rows.
        let markdown = Array(MarkdownReport.render(report).utf8)
        let html = Array(HTMLReport.render(report).utf8)
        let reports = [("report.md", markdown), ("report.html", html)].map { name, bytes in
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
        return files + reports
    }

    /// Drops stage outputs no recent snapshot was made from: each stage keeps its latest and
    /// those of the newest ``snapshotsWithCachedStages`` snapshots.
    func trimStageCache(writer: SnapshotWriter) {
        var keep: [Stage: Set<String>] = [:]
        for id in writer.snapshotIDs().suffix(Self.snapshotsWithCachedStages) {
            guard let snapshot = try? PublishedSnapshot(path: FilePaths.join(writer.snapshotsDirectory, id)) else {
                continue
            }
            for stage in Stage.allCases {
                if let key = snapshot.cacheKey(of: stage) { keep[stage, default: []].insert(key) }
            }
        }
        let removed = cache.removeEntries(keeping: keep)
        if removed > 0 { logger.info("stage cache: removed \(removed) outputs no recent snapshot was made from") }
    }
}

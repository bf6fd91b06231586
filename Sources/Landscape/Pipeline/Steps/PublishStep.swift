/// Publish: the snapshot's files encoded and written aside, durable but not yet visible; the
/// run then writes the manifest and renames the snapshot into place (``SnapshotWriter``). The
/// manifest is itself a snapshot file, so publish's record times everything up to writing it:
/// diffing against the parent, encoding and writing the records.
struct PublishStep: StageStep {
    static let stage = Stage.publish
    static let unit = "deals"
    let writer: SnapshotWriter
    let id: String
    let parent: PublishedSnapshot?
    let compression: OutputOptions.Compression
    let memo: PublishMemo
    /// Where the index of each article month written is kept, for the next night.
    let indexes: ArticleIndexCache
    /// What vouches for the parent's files without reading them; kept with this snapshot's.
    let stamps: FileStamps
    let jobs: Int

    func count(_ contents: SnapshotContents) -> Int { contents.deals.count }

    func key(_ contents: SnapshotContents) -> String? { "" }

    func run(_ contents: SnapshotContents, key: String?, isCached: Bool) throws -> StepOutput<StagedSnapshot> {
        var contents = contents
        contents.published = memo.load()
        let made = try contents.files(compression: compression)
        let (files, changes) = (made.files, made.changes)
        let staged = try writer.stage(files, id: id, parent: parent, stamps: stamps, jobs: jobs)
        do {
            // A deal whose sources could not be read from the parent's file was written without them.
            try contents.previousDeals.checkSourcesRead()
            try contents.deals.checkSourcesRead()
        } catch {
            staged.discard()
            throw error
        }
        if let (parts, key) = made.reportParts {
            let dealsPath = RecordSet.deals.path(compression: compression)
            let dealsFile = staged.files.first { $0.path == dealsPath }?.sha256
            contents.reportParts?.keep(parts, key: key, dealsFile: dealsFile)
        }
        // Every file of the snapshot, written or linked, with the digest it was written or checked with.
        for file in staged.files { stamps.record(FilePaths.join(staged.folder, file.path), digest: file.sha256) }
        stamps.save(cacheDirectory: memo.cacheDirectory)
        var published: [String: PublishMemo.Written] = [:]
        for (file, record) in zip(files, staged.files) {
            if let key = file.contentKey {
                published[key] = PublishMemo.Written(sha256: record.sha256, rows: record.rows)
            }
        }
        // The memo only spares work: one that cannot be written means encoding everything next time.
        try? memo.save(published)
        storeIndexes(of: contents.landscape, compression: compression, staged: staged)
        // Rows written, the snapshot's and the cache's, are counted for every stage alike (``RowTally``).
        var counts = [
            "changes": changes, "files_shared": staged.linked, "deal_pages_keyed": made.dealPagesKeyed,
            "deals_copied": made.dealsCopied.value, "deals_streamed": made.dealsStreamed,
            "parent_deal_sources_read": contents.previousDeals.sourcesRead + contents.deals.sourcesRead,
            "rows_shared": staged.rowsShared, "files_linked_from_cache": staged.linkedSameBytes,
        ]
        // What the night read of the parent's articles and deals, any stage: the incremental claim, checkable.
        if let parent {
            let months = parent.files(of: .articles)
            let read = months.filter { parent.isVerified($0.path) }
            counts["parent_article_months"] = months.count
            counts["parent_article_months_read"] = read.count
            counts["parent_article_months_indexed"] = indexes.wholeIndexesRead
            counts["parent_articles_read"] = read.reduce(0) { $0 + $1.rows }
            counts["parent_deals_read"] = parent.files(of: .deals).filter { parent.isVerified($0.path) }.reduce(0) {
                $0 + $1.rows
            }
        }
        return StepOutput(value: staged, outputs: files.count + 1, counts: counts)
    }

    /// Keeps the index of each article month file the snapshot holds, under the file's digest,
    /// so that the next night leaves the months it does not touch unread. Indexes only spare
    /// work: one that cannot be written means reading that month next night.
    private func storeIndexes(
        of landscape: ArticleLandscape, compression: OutputOptions.Compression, staged: StagedSnapshot
    ) {
        let digests = Dictionary(staged.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        let indexes = indexes
        let months = landscape.months.compactMap { month -> (LandscapeMonth, String)? in
            guard let sha256 = digests[RecordSet.articles.path(month: month.month, compression: compression)],
                !indexes.has(sha256)
            else { return nil }
            return (month, sha256)
        }
        _ = parallelMap(months, jobs: jobs) { month, sha256 in
            // A month settled in tonight's file wrote its index beside it; one settled at rest is
            // the parent's file, whose index the night read from the cache.
            if case .spilled(let file) = month.storage, let written = file.index {
                try? indexes.store(written: written.path, digest: written.sha256, of: sha256)
            } else if !month.isSettled, let index = month.indexToKeep(indexes) {
                try? indexes.store(index, of: sha256)
            }
        }
    }

    /// Every run ends in a snapshot: publish always runs, so nothing of it is cached.
    func load(_ contents: SnapshotContents, key: String?) throws -> StepOutput<StagedSnapshot> {
        try run(contents, key: key, isCached: false)
    }

    func published(_ contents: SnapshotContents, by snapshot: PublishedSnapshot) throws -> StepOutput<StagedSnapshot> {
        try run(contents, key: nil, isCached: false)
    }
}

import FoundationEssentials

extension ArticleLandscape {
    /// A build's landscape, made of tonight's articles read back from `spool` a block at a time
    /// rather than held: each article, changed by `change` (its page's text, its text capped),
    /// is filed in a file of its month's lines in `folder`; each month is then read, put in
    /// landscape order, written as the landscape's month
    /// (``LandscapeMonth/spilled(into:stamps:tally:)``) and let go, a month to a core.
    ///
    /// The landscape a build makes in memory (``night(parsed:parent:seenAt:jobs:)`` without a
    /// parent): an id parsed more than once is merged, later over earlier, before it is filed,
    /// as ``ArticleStore/accumulate(_:with:seenAt:jobs:)`` merges it.
    ///
    /// - Throws: ``DamagedDataError`` for a spool or month file that does not read back;
    ///   ``FileSystemError`` for one that cannot be written.
    static func build(
        from spool: ArticleSpool, changing change: ([Article]) -> [Article], seenAt: Timestamp?,
        writingTo folder: String, stamps: FileStamps, tally: RowTally, jobs: Int
    ) throws -> ArticleLandscape {
        var files = MonthFiles(folder: folder)
        defer { files.remove() }
        // Articles whose id came more than once wait, merged, until every sighting is read.
        var repeated: [String: Article] = [:]
        var repeatedOrder: [String] = []
        // The next block is read while this one is filed, which takes one core.
        try JSONLinesReader.forEachBlock(Article.self, from: spool.path, jobs: jobs, readingAhead: true) { block, _ in
            var filed: [Article] = []
            filed.reserveCapacity(block.count)
            for article in change(block) {
                let id = article.articleID
                guard spool.repeated.contains(id) else {
                    filed.append(article)
                    continue
                }
                if repeated[id] == nil { repeatedOrder.append(id) }
                repeated[id] = ArticleStore.merged(article, over: repeated[id], seenAt: seenAt)
            }
            try files.add(filed, jobs: jobs)
        }
        try files.add(repeatedOrder.compactMap { repeated[$0] }, jobs: jobs)
        repeated = [:]
        let written = try files.finish()
        let months = try parallelMap(written, jobs: jobs) { file in
            Result { () throws -> LandscapeMonth in
                let articles = try JSONLinesReader.read(Article.self, from: file.path, jobs: 1)
                unlink(file.path)
                // Put in landscape order, each as a build keeps an article seen once.
                let ordered = ArticleStore.accumulate([], with: articles, seenAt: seenAt).0
                let digests = ArticleStore.digests(ordered, jobs: 1)
                return try LandscapeMonth(month: file.month, articles: ordered[...], digests: digests[...])
                    .spilled(into: folder, stamps: stamps, tally: tally)
            }
        }.map { try $0.get() }
        return ArticleLandscape(
            months: months.sorted { $0.month > $1.month }, newCount: months.reduce(0) { $0 + $1.count })
    }
}

/// A file of each month's articles, as JSON lines, written as articles come in any order:
/// what ``ArticleLandscape/build(from:changing:seenAt:writingTo:stamps:tally:jobs:)`` files
/// a build's articles in before it orders each month.
private struct MonthFiles {
    let folder: String
    private var open: [String: DurableFile.NewFile] = [:]

    init(folder: String) { self.folder = folder }

    /// Appends each of `articles` to its month's file, the months' lines encoded on `jobs` cores.
    mutating func add(_ articles: [Article], jobs: Int) throws {
        let byMonth = Dictionary(grouping: articles, by: RecordSet.month(of:)).sorted { $0.key < $1.key }
        let encoded = parallelMap(byMonth, jobs: jobs) { month, articles in (month, articles.jsonLines()) }
        for (month, lines) in encoded {
            if open[month] == nil { open[month] = try DurableFile.NewFile(path(month), durable: false) }
            try open[month]?.write(lines)
        }
    }

    /// Closes the files (not synced: they live for the night's making only), and gives each
    /// month's with its path, in the months' order.
    mutating func finish() throws -> [(month: String, path: String)] {
        let months = open.keys.sorted()
        for month in months { try open[month]?.close(sync: false) }
        open = [:]
        return months.map { ($0, path($0)) }
    }

    /// Removes what is left of the files: a build that stopped part way.
    func remove() {
        for month in open.keys { unlink(path(month)) }
    }

    private func path(_ month: String) -> String { FilePaths.join(folder, "filing-\(month).jsonl") }
}

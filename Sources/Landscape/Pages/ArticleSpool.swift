/// Tonight's articles, written to parse's file of articles as each batch of feeds is parsed
/// rather than held: a build's, every one new (1.9 GB at a million articles, held). The
/// landscape's months are made of them read back a block at a time
/// (``ArticleLandscape/build(from:changing:seenAt:writingTo:stamps:tally:jobs:)``).
struct ArticleSpool: Sendable {
    /// The file, JSON lines in parse's order (by source, then feed order).
    let path: String
    let count: Int
    /// The pages to read of the articles, none known before (``PagesStage/newPages(_:isKnown:skipping:)``).
    let newPages: PageRequests
    /// The ids found more than once: tonight's later sightings are merged over the earlier.
    let repeated: Set<String>

    /// Bodies parsed in one batch, at most (a feed larger than this is a batch of its own): a
    /// batch's feeds and articles are held while it is parsed, and the next batch's beside
    /// them while it is written (``MadeAhead``).
    static let batchBytes = 32 << 20

    /// The results in batches of feeds whose bodies add up to ``batchBytes`` at most, in order.
    static func batches(_ results: [FetchResult]) -> [Range<Int>] {
        var batches: [Range<Int>] = []
        var (start, bytes) = (0, 0)
        for (index, result) in results.enumerated() {
            if index > start, bytes + result.bytes > batchBytes {
                batches.append(start..<index)
                (start, bytes) = (index, 0)
            }
            bytes += result.bytes
        }
        if start < results.count { batches.append(start..<results.count) }
        return batches
    }

    /// Writes the articles batch after batch, and keeps what the run needs of them besides
    /// their lines: the pages to read, the ids seen twice, where each source's lines are.
    struct Writer {
        /// Sources whose articles are pages already (WARC files): their pages are never read.
        let skipping: Set<String>
        private(set) var count = 0
        private var seen = ArticleIDSet()
        private(set) var repeated = Set<String>()
        private var pages = PagesStage.NewPages()
        private var lines: [String: Range<Int>] = [:]
        private var apart = Set<String>()
        private var lastSource: String?

        init(skipping: Set<String>) { self.skipping = skipping }

        /// Writes `articles` (the next in parse's order) as JSON lines through `write`, encoded
        /// on `jobs` cores.
        mutating func add(
            _ articles: [Article], jobs: Int, _ write: (ArraySlice<UInt8>) throws(FileSystemError) -> Void
        ) throws(FileSystemError) {
            for article in articles {
                if !seen.insert(article.articleID) { repeated.insert(article.articleID) }
                if !skipping.contains(article.sourceID) { pages.add(article) }
                place(article.sourceID)
                count += 1
            }
            try articles.writeJSONLines(jobs: jobs, chunk: 512) { piece throws(FileSystemError) in try write(piece[...])
            }
        }

        /// The line of the next article is its source's.
        private mutating func place(_ source: String) {
            if source == lastSource, let range = lines[source] {
                lines[source] = range.lowerBound..<(count + 1)
                return
            }
            if lines.updateValue(count..<(count + 1), forKey: source) != nil { apart.insert(source) }
            lastSource = source
        }

        /// Where each source's articles are among the lines, and the sources whose are not
        /// together (``ParseCache/places(of:)``).
        var places: (lines: [String: Range<Int>], apart: Set<String>) {
            var together = lines
            for source in apart { together[source] = nil }
            return (together, apart)
        }

        /// The pages to read, newest first, ties in the order the articles came.
        func newPages() -> PageRequests { pages.requests }
    }
}

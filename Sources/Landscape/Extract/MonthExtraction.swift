/// A month's extraction, made a block of articles at a time, in order: the articles are handed
/// over as they are read, and each block's output is handed on to be written, so that neither
/// the month's articles nor its lines are ever held whole (a hundred megabytes of mention lines
/// for a month of a million articles' landscape, two months at a time on two cores: the peak
/// of a build, and it grew with the landscape).
///
/// An article whose digest is the one `earlier` saw gets `earlier`'s mentions and deals, byte
/// for byte: what extract finds in an article depends on that article alone.
struct MonthExtraction {
    /// Articles extracted at a time: what a block's articles and lines take stays a few
    /// megabytes whatever the size of a month.
    static let defaultBlockSize = 1024

    private let ids: ArticleIDs
    private let earlier: EarlierExtract?
    private let extractor: DealExtractor
    private let jobs: Int
    private let maxMentions: Int
    private let blockSize: Int
    /// The digest of each article handed over so far, in order.
    private(set) var digests: [ContentDigest] = []
    /// What the blocks so far counted.
    private(set) var counts = ExtractCounts()

    /// - Parameters:
    ///   - ids: the month's articles' ids, in order.
    ///   - earlier: an extract output made with the same settings and code, or nil.
    ///   - extractor: finds mentions and deals in one article.
    ///   - jobs: threads to extract on.
    ///   - maxMentions: mentions kept per article extracted, the first ones in the text.
    ///   - blockSize: articles extracted at a time, at most.
    init(
        ids: ArticleIDs, reusing earlier: EarlierExtract?, extractor: DealExtractor, jobs: Int, maxMentions: Int,
        blockSize: Int = defaultBlockSize
    ) {
        (self.ids, self.earlier, self.extractor) = (ids, earlier, extractor)
        (self.jobs, self.maxMentions, self.blockSize) = (jobs, maxMentions, max(1, blockSize))
        digests.reserveCapacity(ids.count)
    }

    /// Whether every article has been handed over.
    var isComplete: Bool { digests.count == ids.count }

    /// Extracts the month's next `articles`, whose digests are `digests`, or takes them from
    /// the earlier output, and hands their output to `store`, ``blockSize`` articles at a time.
    ///
    /// - Throws: what `store` throws.
    mutating func extract(
        _ articles: ArraySlice<Article>, digests: ArraySlice<ContentDigest>,
        store: (_ block: ExtractOutput) throws -> Void
    ) rethrows {
        precondition(articles.count == digests.count && self.digests.count + articles.count <= ids.count)
        var start = 0
        while start < articles.count {
            let end = min(start + blockSize, articles.count)
            let block = extractBlock(
                articles.dropFirst(start).prefix(end - start), digests: digests.dropFirst(start).prefix(end - start),
                first: self.digests.count + start)
            counts.add(block.counts)
            try store(block)
            start = end
        }
        self.digests += digests
    }

    /// The output of one block of articles, whose first is the month's article at row `first`.
    private func extractBlock(_ articles: ArraySlice<Article>, digests: ArraySlice<ContentDigest>, first: Int)
        -> ExtractOutput
    {
        // Each article's row in the earlier month when it is taken from there (-1 when not):
        // found once, for its digest, its mention lines and its report lines.
        let earlierRows = digests.enumerated().map { offset, digest -> Int32 in
            guard let earlier, let found = earlier.digests.rows.row(of: ids[first + offset]),
                earlier.digests[found] == digest
            else { return -1 }
            return Int32(found)
        }
        let fresh = earlierRows.indices.filter { earlierRows[$0] < 0 }.map { articles[articles.startIndex + $0] }
        StageProgress.shared.advance(articles.count - fresh.count)
        // Each fresh article's lines are encoded where it is extracted, on every core, and
        // joined once, in buffers of their exact size; the lines of articles reused stay where
        // the earlier month holds them, read when they are written.
        let (extractor, maxMentions) = (extractor, maxMentions)
        let extracted = parallelMap(fresh, jobs: jobs) { article in
            defer { StageProgress.shared.advance() }
            let extraction = extractor.extract(article)
            return (
                lines: MonthLines(extraction.mentions.prefix(maxMentions)),
                isCut: extraction.mentions.count > maxMentions,
                reportLines: MonthLines(extraction.deals), partySetLines: extraction.deals.partySetLines,
                unratedCurrencies: extraction.unratedCurrencies
            )
        }
        var output = ExtractOutput()
        output.counts.reused = articles.count - fresh.count
        output.mentions.reserve(extracted.reduce(0) { $0 + $1.lines.byteCount })
        output.reports.reserve(extracted.reduce(0) { $0 + $1.reportLines.byteCount })
        output.reportPartySets.reserveCapacity(extracted.reduce(0) { $0 + $1.partySetLines.count })
        var next = 0
        for earlierRow in earlierRows {
            if earlierRow >= 0, let earlier {
                let earlierRow = Int(earlierRow)
                if let mentions = earlier.mentions.lines(ofRow: earlierRow) {
                    output.mentions.append(mentions, of: earlier.mentions)
                }
                // Found once for the lines and their party sets.
                if let reports = earlier.reports.lines(ofRow: earlierRow) {
                    output.reports.append(reports, of: earlier.reports)
                    for stretch in reports.stretches {
                        output.reportPartySets += earlier.reportPartySets[stretch.rows]
                    }
                }
            } else {
                let extraction = extracted[next]
                next += 1
                output.mentions.append(extraction.lines)
                if extraction.isCut { output.counts.mentionsCut += 1 }
                output.reports.append(extraction.reportLines)
                output.reportPartySets += extraction.partySetLines
                for currency in extraction.unratedCurrencies { output.counts.unrated[currency, default: 0] += 1 }
                if !extraction.unratedCurrencies.isEmpty { output.counts.unratedArticles += 1 }
            }
        }
        output.counts.reports = output.reports.count
        return output
    }
}

/// The extract stage: mentions and per-article deals for every article, on up to `jobs` threads.
public enum ExtractStage {
    /// Extracts every article; the result keeps the order of `articles`.
    public static func run(_ articles: [Article], extractor: DealExtractor, jobs: Int) -> [ArticleExtraction] {
        parallelMap(articles, jobs: jobs) { extractor.extract($0) }
    }
}

/// What extract produced over some articles: their mentions and deal reports as lines, some of
/// them lines of an earlier output.
struct ExtractOutput: Sendable {
    var mentions = MonthLines()
    /// The deal reports as lines, one or more per article that states a deal.
    var reports = MonthLines()
    /// The party set of each report, a line each, in the order of ``reports``.
    var reportPartySets: [UInt8] = []
    var counts = ExtractCounts()
}

/// What extract counted over some articles.
struct ExtractCounts: Sendable {
    /// Articles taken from an earlier output rather than extracted.
    var reused = 0
    /// Deal reports.
    var reports = 0
    /// Articles extracted that state a deal amount in each currency no rate converts.
    var unrated: [String: Int] = [:]
    var unratedArticles = 0
    /// Articles whose mentions beyond the per-article limit were left out.
    var mentionsCut = 0

    mutating func add(_ other: ExtractCounts) {
        reused += other.reused
        reports += other.reports
        unrated.merge(other.unrated, uniquingKeysWith: +)
        unratedArticles += other.unratedArticles
        mentionsCut += other.mentionsCut
    }
}

/// An earlier extract output, by article, for ``MonthExtraction``.
struct EarlierExtract: Sendable {
    /// The digest each article had.
    let digests: ArticleDigests
    /// The mention lines of each article.
    let mentions: ArticleLines
    /// The deal report lines of each article.
    let reports: ArticleLines
    /// The party set of each report, a line each, in the order of the reports' rows.
    let reportPartySets: PartySetList

    /// An earlier month whose mention and report lines are found by the rows of its digests'
    /// list: an article's row is found once, for all three.
    init(digests: ArticleDigests, mentions: ArticleLines, reports: ArticleLines, reportPartySets: PartySetList) {
        precondition(mentions.rows === digests.rows && reports.rows === digests.rows)
        (self.digests, self.mentions, self.reports, self.reportPartySets) = (
            digests, mentions, reports, reportPartySets
        )
    }
}

/// The digest each article of an earlier month had, by its row in the month's list
/// (``ArticleRows``), which the month's mention and report lines are found by too: a
/// dictionary of id strings took about 110 bytes an article, 3 MB of a month of a million
/// articles' landscape.
struct ArticleDigests: Sendable {
    let rows: ArticleRows
    private let digests: [ContentDigest]

    /// The digests of the articles `ids`, one each in order.
    init(ids: ArticleIDs, digests: [ContentDigest]) {
        precondition(ids.count == digests.count)
        (rows, self.digests) = (ArticleRows(ids), digests)
    }

    subscript(row: Int) -> ContentDigest { digests[row] }
}

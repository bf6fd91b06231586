/// The extract stage: mentions and per-article deals for every article, on up to `jobs` threads.
public enum ExtractStage {
    /// Extracts every article; the result keeps the order of `articles`.
    public static func run(_ articles: [Article], extractor: DealExtractor, jobs: Int) -> [ArticleExtraction] {
        parallelMap(articles, jobs: jobs) { extractor.extract($0) }
    }

    /// Extracts the articles `earlier` does not hold as they are and takes the rest from it.
    ///
    /// What extract finds in an article depends on that article alone, so an article whose
    /// digest is the one `earlier` saw gets `earlier`'s mentions and deals, byte for byte.
    ///
    /// - Parameters:
    ///   - articles: the landscape, in order.
    ///   - digests: the digest of each article (``ArticleStore/digests(_:jobs:)``), in order.
    ///   - earlier: an extract output made with the same settings and code, or nil.
    ///   - extractor: finds mentions and deals in one article.
    ///   - jobs: threads to extract on.
    ///   - maxMentions: mentions kept per article extracted, the first ones in the text.
    /// - Returns: mentions and deals in the order of `articles`, and how many were reused.
    static func run(
        _ articles: [Article], digests: [ContentDigest], reusing earlier: EarlierExtract?, extractor: DealExtractor,
        jobs: Int, maxMentions: Int = .max
    ) -> ExtractOutput {
        let ids = ArticleIDs(articles.lazy.map(\.articleID))
        return run(
            ids: ids, digests: digests, articles: { rows in rows.map { articles[$0] } }, reusing: earlier,
            extractor: extractor, jobs: jobs, maxMentions: maxMentions)
    }

    /// ``run(_:digests:reusing:extractor:jobs:maxMentions:)`` over articles known by their ids
    /// and digests, of which only those to extract are read, by `articles`: a month to which a
    /// night adds a thousand articles reads those, not the forty thousand it held.
    ///
    /// - Parameters:
    ///   - ids: the articles' ids, in order.
    ///   - digests: the digest of each article, in order.
    ///   - articles: the articles at the rows it is given (ascending), in that order.
    ///   - earlier: an extract output made with the same settings and code, or nil.
    ///   - extractor: finds mentions and deals in one article.
    ///   - jobs: threads to extract on.
    ///   - maxMentions: mentions kept per article extracted, the first ones in the text.
    /// - Returns: mentions and deals in the order of `ids`, and how many were reused.
    /// - Throws: what `articles` throws.
    static func run<Failure: Error>(
        ids: ArticleIDs, digests: [ContentDigest], articles: (_ rows: [Int]) throws(Failure) -> [Article],
        reusing earlier: EarlierExtract?, extractor: DealExtractor, jobs: Int, maxMentions: Int = .max
    ) throws(Failure) -> ExtractOutput {
        // Each article's row in the earlier month when it is taken from there (-1 when not):
        // found once, for its digest, its mention lines and its report lines. A number a row,
        // not the id reused: a month of a million articles' landscape holds 28,000, and their
        // ids as strings were 1.4 MB of extract's peak.
        let earlierRows = ids.indices.map { row -> Int32 in
            guard let earlier, let found = earlier.digests.rows.row(of: ids[row]),
                earlier.digests[found] == digests[row]
            else { return -1 }
            return Int32(found)
        }
        let fresh = ids.indices.filter { earlierRows[$0] < 0 }
        StageProgress.shared.advance(ids.count - fresh.count)
        let freshArticles = try articles(fresh)
        // Each fresh article's mentions are encoded where it is extracted, on every core, and
        // then joined once, in a buffer of their exact size; the lines of articles reused stay
        // where the earlier month holds them. Its reports are encoded there too when some of
        // the month's are taken from the earlier month as lines; else they are encoded as the
        // month is stored (a build's months, held encoded beside their reports, were 70 MB more).
        let joinsReportLines = earlier != nil
        let extracted = parallelMap(freshArticles, jobs: jobs) { article in
            defer { StageProgress.shared.advance() }
            let extraction = extractor.extract(article)
            return (
                lines: MonthLines(extraction.mentions.prefix(maxMentions)),
                isCut: extraction.mentions.count > maxMentions, deals: extraction.deals,
                reportLines: joinsReportLines ? MonthLines(extraction.deals) : MonthLines(),
                partySetLines: joinsReportLines ? extraction.deals.partySetLines : [],
                unratedCurrencies: extraction.unratedCurrencies
            )
        }
        var output = ExtractOutput(hasReportLines: joinsReportLines, reused: ids.count - fresh.count)
        output.mentions.reserve(extracted.reduce(0) { $0 + $1.lines.byteCount })
        output.reports.reserve(extracted.reduce(0) { $0 + $1.reportLines.byteCount })
        // Sized once, at most the earlier month's list and the new lines: grown by doubling, a
        // month of a million articles' landscape held up to twice its 0.8 MB.
        output.reportPartySets.reserveCapacity(
            extracted.reduce(earlier?.reportPartySets.bytes.count ?? 0) { $0 + $1.partySetLines.count })
        var next = 0
        for row in ids.indices {
            if earlierRows[row] >= 0, let earlier {
                let earlierRow = Int(earlierRows[row])
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
                if extraction.isCut { output.mentionsCut += 1 }
                if joinsReportLines {
                    output.reports.append(extraction.reportLines)
                    output.reportPartySets += extraction.partySetLines
                }
                output.deals += extraction.deals
                for currency in extraction.unratedCurrencies { output.unrated[currency, default: 0] += 1 }
                if !extraction.unratedCurrencies.isEmpty { output.unratedArticles += 1 }
            }
        }
        return output
    }
}

/// What extract produced over a landscape.
struct ExtractOutput: Sendable {
    var mentions = MonthLines()
    /// Whether the reports are ``reports``, lines, some of them taken from an earlier output;
    /// else they are ``deals``.
    var hasReportLines = false
    /// The deal reports as lines, one or more per article that states a deal, when
    /// ``hasReportLines``.
    var reports = MonthLines()
    /// The party set of each report, a line each, in the order of ``reports``.
    var reportPartySets: [UInt8] = []
    /// The reports of the articles extracted, not of those taken from an earlier output: all
    /// of them unless ``hasReportLines``.
    var deals: [Deal] = []
    /// Articles taken from an earlier output rather than extracted.
    var reused = 0

    /// How many reports the output holds.
    var reportCount: Int { hasReportLines ? reports.count : deals.count }
    /// Articles extracted tonight that state a deal amount in each currency no rate converts.
    var unrated: [String: Int] = [:]
    var unratedArticles = 0
    /// Articles whose mentions beyond the per-article limit were left out.
    var mentionsCut = 0
}

/// An earlier extract output, by article, for ``ExtractStage/run(_:digests:reusing:extractor:jobs:)``.
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

/// Extract: mentions and per-article deal reports for every article in the landscape.
struct ExtractStep: StageStep {
    static let stage = Stage.extract
    static let unit = "articles"
    let cache: ExtractCache
    let options: ExtractOptions
    let gazetteer: Gazetteer
    /// Whether the articles the latest extract output holds as they are may be taken from it
    /// (a night's run); `--from extract` redoes them all.
    let reusesEarlier: Bool
    let jobs: Int
    /// The settings part of the key: the options and the gazetteers by content, so that an
    /// edit to either file invalidates extract though the pipeline file did not change.
    let settings: String

    init(cache: ExtractCache, options: ExtractOptions, gazetteer: Gazetteer, reusesEarlier: Bool, jobs: Int) {
        self.cache = cache
        self.options = options
        self.gazetteer = gazetteer
        self.reusesEarlier = reusesEarlier
        self.jobs = jobs
        settings = StageKey.make(.extract, options: options, files: [gazetteer.contentDigest], inputs: [])
    }

    /// Mentions, as one file per month, and the deal reports, read only if dedupe runs.
    struct Extracted {
        var mentions: [MentionFile]
        var reports: () throws -> [Deal]
    }

    func count(_ landscape: ArticleLandscape) -> Int { landscape.articles.count }

    func key(_ landscape: ArticleLandscape) -> String? {
        StageKey.make(.extract, inputs: [settings, landscape.identity])
    }

    /// Extracts month by month: a month whose articles are all as a stored month's is that
    /// month, unread; any other month takes what it can from the latest output's same month
    /// and extracts the rest.
    func run(_ landscape: ArticleLandscape, key: String?, isCached: Bool) throws -> StepOutput<Extracted> {
        let key = key ?? ""
        let earlier = reusesEarlier ? cache.earlierMonths(settings: settings) : [:]
        let extractor = DealExtractor(gazetteer: gazetteer, usdRates: options.usdRates)
        var months: [(month: String, key: String)] = []
        var files: [MentionFile] = []
        var tally = ExtractOutput()
        var reused = 0
        var extracted = 0
        for (month, indices) in Self.months(of: landscape.articles) {
            let ids = indices.map { landscape.articles[$0].articleID }
            let digests = indices.map { landscape.digests[$0] }
            let monthKey = ExtractCache.monthKey(settings: settings, month: month, articleIDs: ids, digests: digests)
            months.append((month, monthKey))
            if cache.hasMonth(monthKey), let file = try? cache.mentionFile(month: month, key: monthKey) {
                files.append(file)
                reused += ids.count
                StageProgress.shared.advance(ids.count)
                continue
            }
            let output = ExtractStage.run(
                indices.map { landscape.articles[$0] }, digests: digests,
                reusing: earlier[month].flatMap { cache.earlierMonth(key: $0) }, extractor: extractor, jobs: jobs,
                maxMentions: options.maxMentionsPerArticle)
            try cache.storeMonth(key: monthKey, articleIDs: ids, digests: digests, output: output)
            files.append(try cache.mentionFile(month: month, key: monthKey))
            reused += output.reused
            extracted += 1
            tally.mentionsCut += output.mentionsCut
            tally.unratedArticles += output.unratedArticles
            tally.unrated.merge(output.unrated, uniquingKeysWith: +)
        }
        try cache.store(key: key, settings: settings, months: months)
        let reports = try cache.deals(key: key)
        var warnings = tally.unrated.keys.sorted().map { currency in
            "\(tally.unrated[currency] ?? 0) articles state a deal amount in \(currency), which extract.usd_rates has no rate for: those amounts are left out of value_usd and value_original"
        }
        if tally.mentionsCut > 0 {
            warnings.append(
                "\(tally.mentionsCut) articles had more than extract.max_mentions (\(options.maxMentionsPerArticle)) mentions; the first ones in the text were kept"
            )
        }
        let mentionCount = files.reduce(0) { $0 + $1.rows }
        return StepOutput(
            value: Extracted(mentions: files.filter { $0.rows > 0 }, reports: { reports }), outputs: reports.count,
            counts: [
                "mentions": mentionCount, "article_deals": reports.count, "reused_articles": reused,
                "articles_with_unrated_amounts": tally.unratedArticles, "articles_mentions_cut": tally.mentionsCut,
                "months_extracted": extracted, "months_reused": months.count - extracted,
            ], warnings: warnings)
    }

    /// The landscape's articles by month (``RecordSet/month(of:)``), each month's in landscape
    /// order; months in the order their first article comes.
    static func months(of articles: [Article]) -> [(month: String, indices: [Int])] {
        var order: [String] = []
        var byMonth: [String: [Int]] = [:]
        for (index, article) in articles.enumerated() {
            let month = RecordSet.month(of: article)
            if byMonth[month] == nil { order.append(month) }
            byMonth[month, default: []].append(index)
        }
        return order.map { ($0, byMonth[$0] ?? []) }
    }

    func load(_ landscape: ArticleLandscape, key: String?) throws -> StepOutput<Extracted> {
        let key = key ?? ""
        let mentions = try cache.mentions(key: key)
        let cache = cache
        return StepOutput(
            value: Extracted(mentions: mentions, reports: { try cache.deals(key: key) }),
            outputs: mentions.reduce(0) { $0 + $1.rows })
    }

    /// `--only dedupe` and later: the snapshot's mentions as published; its deal reports come
    /// from the cache, and only if dedupe reruns.
    func published(_ landscape: ArticleLandscape, by snapshot: PublishedSnapshot) throws -> StepOutput<Extracted> {
        let mentions = try snapshot.mentionFiles()
        let cache = cache
        let key = snapshot.cacheKey(of: .extract)
        return StepOutput(
            value: Extracted(
                mentions: mentions,
                reports: {
                    guard let key, cache.cache.has(.extract, key: key) else {
                        throw RunError(
                            "snapshot \(snapshot.id): its extract output is no longer in the stage cache (only the last few snapshots' are kept); rerun with --from extract"
                        )
                    }
                    return try cache.deals(key: key)
                }), outputs: mentions.reduce(0) { $0 + $1.rows })
    }
}

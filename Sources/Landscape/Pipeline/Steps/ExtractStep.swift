/// Extract: mentions and per-article deal reports for every article in the landscape.
struct ExtractStep: StageStep {
    static let stage = Stage.extract
    static let unit = "articles"
    let cache: ExtractCache
    let options: ExtractOptions
    let gazetteer: Gazetteer
    /// The extractor of the gazetteer and the options' rates: made once asked for, or before
    /// (``Deferred/prefetch(cores:)``) on a core the run leaves idle.
    let extractor: Deferred<DealExtractor>
    /// Whether the articles the latest extract output holds as they are may be taken from it
    /// (a night's run); `--from extract` redoes them all.
    let reusesEarlier: Bool
    /// What vouches for cached mention files without reading them.
    let stamps: FileStamps
    let jobs: Int
    /// The settings part of the key: the options and the gazetteers by content, so that an
    /// edit to either file invalidates extract though the pipeline file did not change.
    let settings: String

    init(
        cache: ExtractCache, options: ExtractOptions, gazetteer: Gazetteer, reusesEarlier: Bool,
        stamps: FileStamps = FileStamps(), jobs: Int, extractor: Deferred<DealExtractor>? = nil
    ) {
        self.cache = cache
        self.stamps = stamps
        self.options = options
        self.gazetteer = gazetteer
        self.extractor = extractor ?? Self.extractor(gazetteer: gazetteer, options: options)
        self.reusesEarlier = reusesEarlier
        self.jobs = jobs
        settings = StageKey.make(.extract, options: options, files: [gazetteer.contentDigest], inputs: [])
    }

    /// Mentions, as one file per month, and the deal reports, read from the cache only if
    /// dedupe merges every report at once (a rerun on a parent's deals); a build merges them a
    /// part of the party sets at a time, and a night reads the few its merge needs.
    struct Extracted {
        var mentions: [MentionFile]
        var reports: @Sendable () throws -> [Deal]
    }

    /// The extractor a run's extract uses, not made until asked for. Its phrase tables take a
    /// tenth of a second on one core: a run with a core to spare makes them while fetch reads
    /// its feeds on one.
    static func extractor(gazetteer: Gazetteer, options: ExtractOptions) -> Deferred<DealExtractor> {
        Deferred { DealExtractor(gazetteer: gazetteer, usdRates: options.usdRates) }
    }

    func count(_ landscape: ArticleLandscape) -> Int { landscape.count }

    func key(_ landscape: ArticleLandscape) -> String? {
        StageKey.make(.extract, inputs: [settings, landscape.identity])
    }

    /// Extracts month by month: a month whose articles are all as a stored month's is that
    /// month, unread; any other month takes what it can from the latest output's same month
    /// and extracts the rest.
    func run(_ landscape: ArticleLandscape, key: String?, isCached: Bool) throws -> StepOutput<Extracted> {
        let key = key ?? ""
        let earlier = reusesEarlier ? cache.earlierMonths(settings: settings) : [:]
        let extractor = try extractor.value()
        let context = ExtractCache.context(settings: settings)
        let months = landscape.months.map { (month: $0, key: $0.key(context)) }
        // Stored months are checked whole on all cores; the others are made, one month a core
        // when many changed (a build), else one month after another on all cores: the articles
        // a month extracts are read for it and let go after it, some 40 MB a month at a million.
        let (cache, stamps) = (cache, stamps)
        let stored = parallelMap(months, jobs: jobs) { month in
            reusesEarlier && cache.hasMonth(month.key)
                ? try? cache.mentionFile(month: month.month.month, key: month.key, stamps: stamps) : nil
        }
        let changed = months.indices.filter { stored[$0] == nil }
        StageProgress.shared.advance(changed.reduce(landscape.count) { $0 - months[$1].month.count })
        let isMonthACore = changed.count >= 2 * jobs
        let perMonthJobs = isMonthACore ? 1 : jobs
        let options = options
        // A month is extracted a block of articles at a time and written as it goes: no
        // month's articles, mentions or reports are held whole (a build held two months' at a
        // time, 780 MB at a million articles). Dedupe reads the reports from the cache, a part
        // of the party sets at a time.
        let made = parallelMap(changed, jobs: isMonthACore ? jobs : 1, largestFirst: { months[$0].month.count }) {
            index in
            let (resting, monthKey) = months[index]
            return Result { () throws -> (MentionFile, ExtractCounts) in
                // A month at rest that is extracted (other settings) needs its ids again.
                let month = try resting.withWholeIndex()
                var extraction = MonthExtraction(
                    ids: month.ids,
                    reusing: earlier[month.month].flatMap { cache.earlierMonth(key: $0, stamps: stamps) },
                    extractor: extractor, jobs: perMonthJobs, maxMentions: options.maxMentionsPerArticle)
                let writer = try ExtractCache.MonthWriter(cache)
                do {
                    try month.forEachDigestedBlock(jobs: perMonthJobs) { articles, digests in
                        try extraction.extract(articles, digests: digests, store: writer.append)
                    }
                } catch {
                    writer.discard()
                    throw error
                }
                try writer.store(
                    key: monthKey, articleList: month.articleList(digests: extraction.digests), stamps: stamps)
                return (try cache.mentionFile(month: month.month, key: monthKey, stamps: stamps), extraction.counts)
            }
        }
        var files = stored
        var tally = ExtractCounts()
        var reused = landscape.count - changed.reduce(0) { $0 + months[$1].month.count }
        for (index, result) in zip(changed, made) {
            let (file, counts) = try result.get()
            files[index] = file
            tally.add(counts)
        }
        reused += tally.reused
        try cache.store(key: key, settings: settings, months: months.map { ($0.month.month, $0.key) })
        // Reports in the landscape's order, read only if dedupe merges every report at once;
        // counted without decoding them.
        let counts = parallelMap(months.indices.filter { stored[$0] != nil }, jobs: jobs) { index in
            Result { try cache.monthDealCount(key: months[index].key) }
        }
        let reportCount = try counts.reduce(tally.reports) { try $0 + $1.get() }
        let (monthKeys, jobs) = (months.map(\.key), jobs)
        let allReports: @Sendable () throws -> [Deal] = {
            try parallelMap(monthKeys, jobs: jobs) { key in Result { try cache.monthDeals(key: key) } }
                .flatMap { try $0.get() }
        }
        let mentionFiles = files.compactMap { $0 }
        let extracted = changed.count
        var warnings = tally.unrated.keys.sorted().map { currency in
            "\(tally.unrated[currency] ?? 0) articles state a deal amount in \(currency), which extract.usd_rates has no rate for: those amounts are left out of value_usd and value_original"
        }
        if tally.mentionsCut > 0 {
            warnings.append(
                "\(tally.mentionsCut) articles had more than extract.max_mentions (\(options.maxMentionsPerArticle)) mentions; the first ones in the text were kept"
            )
        }
        let mentionCount = mentionFiles.reduce(0) { $0 + $1.rows }
        return StepOutput(
            value: Extracted(
                mentions: mentionFiles.filter { $0.rows > 0 }, reports: allReports),
            outputs: reportCount,
            counts: [
                "mentions": mentionCount, "article_deals": reportCount, "reused_articles": reused,
                "articles_with_unrated_amounts": tally.unratedArticles, "articles_mentions_cut": tally.mentionsCut,
                "months_extracted": extracted, "months_reused": months.count - extracted,
                "articles_extracted": landscape.count - reused,
            ], warnings: warnings)
    }

    func load(_ landscape: ArticleLandscape, key: String?) throws -> StepOutput<Extracted> {
        let key = key ?? ""
        let mentions = try cache.mentions(key: key, jobs: jobs, stamps: stamps)
        let (cache, jobs) = (cache, jobs)
        return StepOutput(
            value: Extracted(mentions: mentions, reports: { try cache.deals(key: key, jobs: jobs) }),
            outputs: mentions.reduce(0) { $0 + $1.rows })
    }

    /// `--only dedupe` and later: the snapshot's mentions as published; its deal reports come
    /// from the cache, and only if dedupe reruns.
    func published(_ landscape: ArticleLandscape, by snapshot: PublishedSnapshot) throws -> StepOutput<Extracted> {
        let mentions = snapshot.mentionFiles()
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
                    return try cache.deals(key: key, jobs: jobs)
                }), outputs: mentions.reduce(0) { $0 + $1.rows })
    }
}

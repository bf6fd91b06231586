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

    /// Mentions, and the deal reports, read only if dedupe runs.
    struct Extracted {
        var mentions: MentionLines
        var reports: () throws -> [Deal]
    }

    func count(_ landscape: ArticleLandscape) -> Int { landscape.articles.count }

    func key(_ landscape: ArticleLandscape) -> String? {
        StageKey.make(.extract, inputs: [settings, landscape.identity])
    }

    func run(_ landscape: ArticleLandscape, key: String?, isCached: Bool) throws -> StepOutput<Extracted> {
        let key = key ?? ""
        let earlier = reusesEarlier ? cache.earlier(settings: settings) : nil
        let extractor = DealExtractor(gazetteer: gazetteer, usdRates: options.usdRates)
        let output = ExtractStage.run(
            landscape.articles, digests: landscape.digests, reusing: earlier, extractor: extractor, jobs: jobs,
            maxMentions: options.maxMentionsPerArticle)
        try cache.store(
            key: key, settings: settings, articleIDs: landscape.articles.map(\.articleID),
            digests: landscape.digests, output: output)
        let deals = output.deals
        var warnings = output.unrated.keys.sorted().map { currency in
            "\(output.unrated[currency] ?? 0) articles state a deal amount in \(currency), which extract.usd_rates has no rate for: those amounts are left out of value_usd and value_original"
        }
        if output.mentionsCut > 0 {
            warnings.append(
                "\(output.mentionsCut) articles had more than extract.max_mentions (\(options.maxMentionsPerArticle)) mentions; the first ones in the text were kept"
            )
        }
        return StepOutput(
            value: Extracted(mentions: output.mentions, reports: { deals }), outputs: output.deals.count,
            counts: [
                "mentions": output.mentions.count, "article_deals": output.deals.count,
                "reused_articles": output.reused, "articles_with_unrated_amounts": output.unratedArticles,
                "articles_mentions_cut": output.mentionsCut,
            ], warnings: warnings)
    }

    func load(_ landscape: ArticleLandscape, key: String?) throws -> StepOutput<Extracted> {
        let key = key ?? ""
        let mentions = try cache.mentions(key: key)
        let cache = cache
        return StepOutput(
            value: Extracted(mentions: mentions, reports: { try cache.deals(key: key) }), outputs: mentions.count)
    }

    /// `--only dedupe` and later: the snapshot's mentions as published; its deal reports come
    /// from the cache, and only if dedupe reruns.
    func published(_ landscape: ArticleLandscape, by snapshot: PublishedSnapshot) throws -> StepOutput<Extracted> {
        let mentions = try snapshot.mentionLines()
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
                }), outputs: mentions.count)
    }
}

/// Dedupe: articles grouped into stories, and the per-article deal reports merged into deals.
/// Deals that continue one of the parent snapshot's keep its id.
struct DedupeStep: StageStep {
    static let stage = Stage.dedupe
    static let unit = "articles"
    let cache: DedupeCache
    let options: DedupeOptions
    /// The parent snapshot's deals, and the digest standing for them.
    let parentDeals: [Deal]
    let parentDealsDigest: String
    let jobs: Int

    struct Input {
        var landscape: ArticleLandscape
        var extracted: Keyed<ExtractStep.Extracted>
    }

    /// The landscape after dedupe: articles grouped into stories, mentions, merged deals.
    struct Deduped {
        var articles: [Article]
        var mentions: [MentionFile]
        var deals: [Deal]
    }

    func count(_ input: Input) -> Int { input.landscape.articles.count }

    func key(_ input: Input) -> String? {
        StageKey.make(
            .dedupe, options: options,
            inputs: [
                input.landscape.identity, "extract \(input.extracted.key)", "parent deals \(parentDealsDigest)",
            ])
    }

    func run(_ input: Input, key: String?, isCached: Bool) throws -> StepOutput<Deduped> {
        let (grouped, grouping) = ArticleDeduper.run(input.landscape.articles, options: options, jobs: jobs)
        let reports = try input.extracted.value.reports()
        let merged = DealMerger.run(reports, windowDays: options.dealWindowDays, previous: parentDeals)
        try cache.store(key: key ?? "", articles: grouped, deals: merged)
        return StepOutput(
            value: Deduped(articles: grouped, mentions: input.extracted.value.mentions, deals: merged),
            outputs: merged.count,
            counts: [
                "duplicate_articles": grouped.count(where: { $0.duplicateOf != nil }), "deal_reports": reports.count,
                "near_duplicate_links": grouping.nearDuplicateLinks, "candidate_pairs": grouping.candidatePairs,
            ])
    }

    func load(_ input: Input, key: String?) throws -> StepOutput<Deduped> {
        let (grouped, deals) = try cache.load(key: key ?? "", articles: input.landscape.articles)
        return StepOutput(
            value: Deduped(articles: grouped, mentions: input.extracted.value.mentions, deals: deals),
            outputs: deals.count)
    }

    /// `--only aggregate` or publish: the base snapshot's articles (story groups and all) and deals.
    func published(_ input: Input, by snapshot: PublishedSnapshot) throws -> StepOutput<Deduped> {
        StepOutput(
            value: Deduped(
                articles: input.landscape.articles, mentions: input.extracted.value.mentions, deals: parentDeals),
            outputs: parentDeals.count)
    }
}

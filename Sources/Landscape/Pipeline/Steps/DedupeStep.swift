/// Dedupe: articles grouped into stories, and the per-article deal reports merged into deals.
/// Deals that continue one of the parent snapshot's keep its id.
struct DedupeStep: StageStep {
    static let stage = Stage.dedupe
    static let unit = "articles"
    let cache: DedupeCache
    let fingerprintCache: FingerprintCache
    let options: DedupeOptions
    /// The parent snapshot's deals, read only if dedupe runs, and the digest standing for them.
    let parentDeals: DealRecords
    let parentDealsDigest: String
    /// The parent snapshot's dedupe key, on a night's run (nil for reruns).
    let parentKey: String?
    /// Whether fingerprints of unchanged months are taken from the cache (a night's run);
    /// `--from dedupe` and earlier sign every article again.
    let reusesFingerprints: Bool
    let jobs: Int

    struct Input {
        var landscape: ArticleLandscape
        var extracted: Keyed<ExtractStep.Extracted>
    }

    /// The landscape after dedupe: articles grouped into stories, mentions, merged deals.
    struct Deduped {
        var landscape: ArticleLandscape
        var mentions: [MentionFile]
        var deals: DealRecords
    }

    func count(_ input: Input) -> Int { input.landscape.count }

    /// A night whose articles and extract output are the parent's takes the parent's dedupe
    /// output: merging the same reports again, with the parent's deals as the previous ones,
    /// gives back those deals, ids and all. Otherwise the key covers the parent's deals, whose
    /// ids continuing deals keep.
    func key(_ input: Input) -> String? {
        let made = madeFrom(input)
        if let parentKey, cache.madeFrom(key: parentKey) == made { return parentKey }
        return StageKey.make(.dedupe, options: options, inputs: [made, "parent deals \(parentDealsDigest)"])
    }

    /// What a dedupe output is made from besides the parent's deals: settings, articles, reports.
    private func madeFrom(_ input: Input) -> String {
        "\(StageKey.encoding(of: options)) \(input.landscape.identity) extract \(input.extracted.key)"
    }

    func run(_ input: Input, key: String?, isCached: Bool) throws -> StepOutput<Deduped> {
        let landscape = input.landscape
        let (fingerprints, monthKeys, signedMonths) = try fingerprints(landscape)
        let ids = landscape.months.flatMap(\.ids)
        let (groups, grouping) = ArticleDeduper.groups(
            ids: ids, firstSeen: landscape.months.flatMap(\.index.firstSeen),
            published: landscape.months.flatMap(\.index.published), fingerprints: fingerprints, options: options)
        let grouped = landscape.grouped(groups)
        let reports = try input.extracted.value.reports()
        let merged = DealMerger.run(
            reports, windowDays: options.dealWindowDays, previous: try parentDeals.all(), jobs: jobs)
        try cache.store(
            key: key ?? "", ids: ids, groups: groups, deals: merged, madeFrom: madeFrom(input),
            fingerprintMonths: monthKeys, jobs: jobs)
        return StepOutput(
            value: Deduped(landscape: grouped, mentions: input.extracted.value.mentions, deals: DealRecords(merged)),
            outputs: merged.count,
            counts: [
                "duplicate_articles": grouped.duplicateCount, "deal_reports": reports.count,
                "near_duplicate_links": grouping.nearDuplicateLinks, "candidate_pairs": grouping.candidatePairs,
                "months_signed": signedMonths.months, "articles_signed": signedMonths.articles,
            ])
    }

    /// The fingerprints of the landscape's articles, in order: each month's from the cache when
    /// its articles are the ones it was signed from, else signed on all cores and stored.
    /// Returns them, the keys of their months, and how many months and articles were signed.
    private func fingerprints(_ landscape: ArticleLandscape) throws -> (
        ArticleFingerprints, [String], (months: Int, articles: Int)
    ) {
        let hasher = ArticleDeduper.hasher(options)
        let context = FingerprintCache.context(options: options)
        let keys = landscape.months.map { $0.key(context) }
        let store = fingerprintCache
        let reuses = reusesFingerprints
        let stored = parallelMap(keys, jobs: jobs) { reuses ? store.month(key: $0, hasher: hasher) : nil }
        var all = ArticleFingerprints(hasher: hasher)
        all.reserveCapacity(landscape.count)
        var signed = (months: 0, articles: 0)
        for (month, (key, cached)) in zip(landscape.months, zip(keys, stored)) {
            if let cached, cached.count == month.count {
                all.append(contentsOf: cached)
                continue
            }
            let made = ArticleDeduper.fingerprints(try month.articles(), options: options, jobs: jobs)
            try store.store(key: key, made)
            all.append(contentsOf: made)
            signed.months += 1
            signed.articles += month.count
        }
        return (all, keys, signed)
    }

    func load(_ input: Input, key: String?) throws -> StepOutput<Deduped> {
        let deals: DealRecords
        let groups: [StoryGroup]
        if key != nil && key == parentKey {
            // The parent's own dedupe output is the story groups the parent published and its
            // deals (only their flags may differ, and aggregate sets those again): nothing of it
            // is read here, and the deals only if a later step needs them.
            groups = input.landscape.parentGroups
            deals = parentDeals
        } else {
            let ids = input.landscape.months.flatMap(\.ids)
            let loaded = try cache.load(key: key ?? "", ids: ids)
            (groups, deals) = (loaded.groups, DealRecords(loaded.deals))
        }
        return StepOutput(
            value: Deduped(
                landscape: input.landscape.grouped(groups), mentions: input.extracted.value.mentions, deals: deals),
            outputs: deals.count)
    }

    /// `--only aggregate` or publish: the base snapshot's articles (story groups and all) and deals.
    func published(_ input: Input, by snapshot: PublishedSnapshot) throws -> StepOutput<Deduped> {
        StepOutput(
            value: Deduped(
                landscape: input.landscape, mentions: input.extracted.value.mentions, deals: parentDeals),
            outputs: parentDeals.count)
    }
}

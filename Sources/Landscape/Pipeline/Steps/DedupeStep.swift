/// Dedupe: articles grouped into stories, and the per-article deal reports merged into deals.
/// Deals that continue one of the parent snapshot's keep its id.
struct DedupeStep: StageStep {
    static let stage = Stage.dedupe
    static let unit = "articles"
    let cache: DedupeCache
    let fingerprintCache: FingerprintCache
    let options: DedupeOptions
    /// The parent snapshot's deals, and the digest standing for them.
    let parentDeals: [Deal]
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
        var articles: [Article]
        var mentions: [MentionFile]
        var deals: [Deal]
    }

    func count(_ input: Input) -> Int { input.landscape.articles.count }

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
        let (fingerprints, monthKeys, signedMonths) = try fingerprints(input.landscape)
        let (grouped, grouping) = ArticleDeduper.run(
            input.landscape.articles, fingerprints: fingerprints, options: options)
        let reports = try input.extracted.value.reports()
        let merged = DealMerger.run(reports, windowDays: options.dealWindowDays, previous: parentDeals, jobs: jobs)
        try cache.store(
            key: key ?? "", articles: grouped, deals: merged, madeFrom: madeFrom(input), fingerprintMonths: monthKeys,
            jobs: jobs)
        return StepOutput(
            value: Deduped(articles: grouped, mentions: input.extracted.value.mentions, deals: merged),
            outputs: merged.count,
            counts: [
                "duplicate_articles": grouped.count(where: { $0.duplicateOf != nil }), "deal_reports": reports.count,
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
        let months = landscape.months().map { (key: $0.key(context), indices: $0.indices) }
        let store = fingerprintCache
        let reuses = reusesFingerprints
        let stored = parallelMap(months.map(\.key), jobs: jobs) { reuses ? store.month(key: $0, hasher: hasher) : nil }
        var byMonth: [ArticleFingerprints] = []
        var signed = (months: 0, articles: 0)
        for (month, cached) in zip(months, stored) {
            if let cached, cached.count == month.indices.count {
                byMonth.append(cached)
                continue
            }
            let made = ArticleDeduper.fingerprints(
                month.indices.map { landscape.articles[$0] }, options: options, jobs: jobs)
            try store.store(key: month.key, made)
            byMonth.append(made)
            signed.months += 1
            signed.articles += month.indices.count
        }
        // Back into the landscape's order, whatever order the months came in.
        var slot = [(month: Int, row: Int)](repeating: (0, 0), count: landscape.articles.count)
        for (monthIndex, month) in months.enumerated() {
            for (row, index) in month.indices.enumerated() { slot[index] = (monthIndex, row) }
        }
        var all = ArticleFingerprints(hasher: hasher)
        all.reserveCapacity(landscape.articles.count)
        for (month, row) in slot { all.append(row, of: byMonth[month]) }
        return (all, months.map(\.key), signed)
    }

    func load(_ input: Input, key: String?) throws -> StepOutput<Deduped> {
        // The parent's own dedupe output is the parent's deals, decoded already; only their
        // flags may differ, and aggregate sets those again.
        let (grouped, deals) = try cache.load(
            key: key ?? "", articles: input.landscape.articles,
            knownDeals: key != nil && key == parentKey ? parentDeals : nil)
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

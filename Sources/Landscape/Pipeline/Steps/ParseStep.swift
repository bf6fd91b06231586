/// Parse: the fetched bodies as articles, reusing the articles of every body parsed before.
struct ParseStep: StageStep {
    static let stage = Stage.parse
    static let unit = "feeds"
    let cache: ParseCache
    let seenAt: Timestamp
    let jobs: Int
    /// The articles of the bodies parsed before, when the run may reuse them.
    let earlier: () -> [String: EarlierParse]

    /// What parse produced: the articles, and how each feed fared.
    struct Parsed {
        var articles: [Article]
        var outcomes: [FeedOutcome]
    }

    var runsWhenCached: Bool { true }

    func count(_ fetched: Keyed<FetchStep.Fetched>) -> Int { fetched.value.results.count }

    func key(_ fetched: Keyed<FetchStep.Fetched>) -> String? {
        StageKey.make(.parse, inputs: [fetched.key])
    }

    func run(_ fetched: Keyed<FetchStep.Fetched>, key: String?, isCached: Bool) throws -> StepOutput<Parsed> {
        let result = ParseStage.run(fetched.value.results, jobs: jobs, seenAt: seenAt, earlier: earlier())
        // Every body was parsed before and its articles are stored under this key: the stage
        // did no work of its own.
        let isUnchanged = isCached && result.outcomes.allSatisfy { $0.isReused || $0.bodySHA256 == nil }
        if !isUnchanged, let key { try cache.store(key: key, outcomes: result.outcomes, articles: result.articles) }
        return StepOutput(
            value: Parsed(articles: result.articles, outcomes: result.outcomes), outputs: result.articles.count,
            counts: [
                "bozo_feeds": result.outcomes.filter(\.isBozo).count,
                "reused_feeds": result.outcomes.filter(\.isReused).count,
            ],
            isUnchanged: isUnchanged)
    }

    func load(_ fetched: Keyed<FetchStep.Fetched>, key: String?) throws -> StepOutput<Parsed> {
        let loaded = try cache.load(key: key ?? "")
        return StepOutput(
            value: Parsed(articles: loaded.articles, outcomes: loaded.outcomes), outputs: loaded.articles.count)
    }

    /// `--only`: the base snapshot's articles are the input; parse output is not needed.
    func published(_ fetched: Keyed<FetchStep.Fetched>, by snapshot: PublishedSnapshot) throws -> StepOutput<Parsed> {
        StepOutput(value: Parsed(articles: [], outcomes: []), outputs: 0)
    }
}

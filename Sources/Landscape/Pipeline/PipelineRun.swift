import FoundationEssentials
import Logging

/// One run of the pipeline in progress: its settings, where each stage's output comes from,
/// and the manifest records of the stages so far. ``Pipeline/run(_:logger:beforePublish:)``
/// calls one method per stage, in order.
struct PipelineRun {
    let options: RunOptions
    let config: PipelineConfig
    let plan: RunPlan
    let cache: StageCache
    /// The snapshot this run builds on: the latest, or the one `--only` reruns on.
    let parent: PublishedSnapshot?
    let jobs: Int
    let logger: Logger
    var recorder: StageRecorder

    /// What fetch handed to parse, with the key standing for it.
    struct Fetched {
        var results: [FetchResult]
        var failing: [FailingSource]
        var key: String
    }

    /// What parse produced, with the key it is cached under.
    struct Parsed {
        var articles: [Article]
        var outcomes: [FeedOutcome]
        var key: String
    }

    /// The cache key a stage uses and whether its output is taken from the cache.
    ///
    /// - Throws: ``RunError`` when the plan wants a cached output that is not there.
    func resolve(_ stage: Stage, computed: () -> String) throws(RunError) -> (key: String, isCached: Bool) {
        switch plan[stage] {
        case .runUnlessCached:
            let key = computed()
            return (key, cache.has(stage, key: key))
        case .run:
            return (computed(), false)
        case .latest:
            guard let key = cache.latestKey(stage) else {
                throw RunError(
                    "--from \(options.from.rawValue): no cached \(stage.rawValue) output; run from \(stage.rawValue) or earlier first"
                )
            }
            return (key, true)
        case .snapshot:
            let id = parent?.id ?? "?"
            guard let key = parent?.cacheKey(of: stage), cache.has(stage, key: key) else {
                throw RunError(
                    "snapshot \(id): its \(stage.rawValue) output is no longer in the stage cache (only the last few snapshots' are kept); rerun with --from \(stage.rawValue)"
                )
            }
            return (key, true)
        }
    }

    // MARK: fetch

    /// Fetches every source, or takes their last bodies from the cache.
    ///
    /// Fetch is never skipped in a plain run: its input is the network. Its key is a digest of
    /// the bodies it ended with, which is what parse depends on.
    mutating func fetch(state: StateDatabase) throws -> Fetched {
        let runner = FetchRunner(cache: cache, state: state, logger: logger)
        switch plan[.fetch] {
        case .run, .runUnlessCached:
            var failing: [FailingSource] = []
            let results = try recorder.run(.fetch, inputs: config.sources.count) {
                let (results, alerts, run) = try runner.fetch(
                    config.sources, options: config.fetch, isOffline: options.isOffline, now: options.now)
                failing = alerts
                return (results, run.fetched + run.notModified, run.counts)
            }
            let key = Self.fetchKey(results)
            recorder.setKey(key, of: .fetch)
            return Fetched(results: results, failing: failing, key: key)
        case .latest:
            let results = try runner.cached(config.sources)
            let key = Self.fetchKey(results)
            recorder.cached(.fetch, key: key, from: "the body cache") { ((), results.count) }
            return Fetched(results: results, failing: [], key: key)
        case .snapshot:
            let key = parent?.cacheKey(of: .fetch) ?? ""
            recorder.cached(.fetch, key: key, from: "snapshot \(parent?.id ?? "?")") { ((), 0) }
            return Fetched(results: [], failing: [], key: key)
        }
    }

    static func fetchKey(_ results: [FetchResult]) -> String {
        StageKey.make(
            .fetch, inputs: results.map { "\($0.source.id) \($0.source.url) \($0.bodySHA256 ?? "no body")" })
    }

    // MARK: parse

    /// Parses the fetched bodies, reusing the articles of every body parsed before.
    mutating func parse(_ fetched: Fetched, earlier: BackgroundWork<[String: EarlierParse]>) throws -> Parsed {
        if plan[.parse] == .snapshot {
            // --only: the base snapshot's articles are the input; parse output is not needed.
            let key = parent?.cacheKey(of: .parse) ?? ""
            recorder.cached(.parse, key: key, from: "snapshot \(parent?.id ?? "?")") { ((), 0) }
            return Parsed(articles: [], outcomes: [], key: key)
        }
        let parseCache = ParseCache(cache: cache)
        let (key, isCached) = try resolve(.parse) { StageKey.make(.parse, inputs: [fetched.key]) }
        if plan[.parse] == .latest {
            let (articles, outcomes) = try recorder.cached(.parse, key: key, from: "the stage cache") {
                let loaded = try parseCache.load(key: key)
                return (loaded, loaded.articles.count)
            }
            return Parsed(articles: articles, outcomes: outcomes, key: key)
        }
        var previous: [String: EarlierParse] = [:]
        if plan[.parse] == .runUnlessCached {
            do {
                previous = try earlier.value()
            } catch {
                logger.warning("parse cache unreadable, parsing every feed afresh: \(error)")
            }
        }
        let started = Timestamp.now
        let clock = ContinuousClock.now
        let result = ParseStage.run(fetched.results, jobs: jobs, seenAt: options.now, earlier: previous)
        let counts = [
            "bozo_feeds": result.outcomes.filter(\.isBozo).count,
            "reused_feeds": result.outcomes.filter(\.isReused).count,
        ]
        // Every body was parsed before and its articles are stored under this key: the
        // stage did no work of its own.
        let isUnchanged = isCached && result.outcomes.allSatisfy { $0.isReused || $0.bodySHA256 == nil }
        if !isUnchanged { try parseCache.store(key: key, outcomes: result.outcomes, articles: result.articles) }
        recorder.records.append(
            StageRecord(
                name: .parse, status: isUnchanged ? .cached : .ran, cacheKey: key, started: started,
                seconds: seconds(since: clock), inputs: fetched.results.count, outputs: result.articles.count,
                counts: counts))
        logger.info(
            "parse: \(fetched.results.count) in, \(result.articles.count) out, \(counts["reused_feeds"] ?? 0) feeds unchanged\(isUnchanged ? " (cached)" : "")"
        )
        return Parsed(articles: result.articles, outcomes: result.outcomes, key: key)
    }

    // MARK: the landscape

    /// Every article in the landscape tonight: the parent snapshot's plus tonight's parse, or,
    /// for `--only`, the base snapshot's as published.
    struct Landscape {
        var articles: [Article]
        var newCount: Int
        /// The digest of each article, in order, and one for the whole set: extract's input is
        /// known by its content, not by how it was reached, so a night that brings nothing new
        /// finds extract and everything after it in the cache.
        var digests: [String]
        var identity: String
    }

    func landscape(_ parsed: Parsed, parentArticles: BackgroundWork<[Article]>) throws -> Landscape {
        let previous = try parentArticles.value()
        let articles: [Article]
        var newCount = 0
        switch (plan[.parse], plan[.dedupe]) {
        case (.snapshot, .snapshot):
            // --only aggregate or publish: the base snapshot's articles, story groups and all.
            return Landscape(articles: previous, newCount: 0, digests: [], identity: "")
        case (.snapshot, _):
            // In the order a night's run gives them, so that dedupe, whose grouping can depend
            // on the order it meets articles in, sees them as the base snapshot's run did.
            (articles, _) = ArticleStore.accumulate(previous, with: [])
        default:
            // Articles count as seen tonight only when tonight's feeds were read.
            let seenAt = plan[.fetch] == .latest ? nil : options.now
            (articles, newCount) = ArticleStore.accumulate(previous, with: parsed.articles, seenAt: seenAt)
        }
        let digests = ArticleStore.digests(articles, jobs: jobs)
        return Landscape(
            articles: articles, newCount: newCount, digests: digests,
            identity: "articles \(ArticleStore.digest(of: digests))")
    }
}

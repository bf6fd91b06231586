/// Fetch: every source's body, from the network or, for a run that starts later, the cache.
///
/// Fetch is never skipped in a plain run: its input is the network. Its key is a digest of the
/// bodies it ended with, which is what parse depends on.
struct FetchStep: StageStep {
    static let stage = Stage.fetch
    static let unit = "feeds"
    let runner: FetchRunner
    let options: FetchOptions
    let isOffline: Bool
    let now: Timestamp

    /// What fetch hands to parse.
    struct Fetched {
        var results: [FetchResult]
        var failing: [FailingSource]
    }

    func count(_ sources: [FeedSource]) -> Int { sources.count }

    func key(_ sources: [FeedSource]) -> String? { nil }

    func run(_ sources: [FeedSource], key: String?, isCached: Bool) throws -> StepOutput<Fetched> {
        let (results, failing, run) = try runner.fetch(sources, options: options, isOffline: isOffline, now: now)
        return StepOutput(
            value: Fetched(results: results, failing: failing), outputs: run.fetched + run.notModified,
            counts: run.counts, key: Self.key(results))
    }

    func load(_ sources: [FeedSource], key: String?) throws -> StepOutput<Fetched> {
        let results = try runner.cached(sources)
        return StepOutput(value: Fetched(results: results, failing: []), outputs: results.count, key: Self.key(results))
    }

    /// `--only` reruns on a snapshot's articles, never on its feeds.
    func published(_ sources: [FeedSource], by snapshot: PublishedSnapshot) throws -> StepOutput<Fetched> {
        StepOutput(value: Fetched(results: [], failing: []), outputs: 0)
    }

    static func key(_ results: [FetchResult]) -> String {
        StageKey.make(
            .fetch, inputs: results.map { "\($0.source.id) \($0.source.url) \($0.bodySHA256 ?? "no body")" })
    }
}

import FoundationEssentials
import Logging

/// The fetch stage: downloads every source concurrently, within the configured limits, retrying
/// what is worth retrying.
///
/// One broken source never stops the others: each gets its own ``FetchResult``, failed or not.
public enum FetchStage {
    /// Fetches each request, conditionally when it carries validators, and returns one result
    /// per request, in the order given.
    ///
    /// Runs on the calling thread: all transfers share one libcurl multi handle. A 304 comes
    /// back as `not_modified` with an empty body; filling it from the cache is the caller's job.
    ///
    /// - Parameters:
    ///   - requests: the sources, with the validators of their last successful fetch.
    ///   - options: limits, retries and identity.
    ///   - hostDelays: seconds to leave between two requests to a host (`scheme://name:port`),
    ///     from its robots.txt; such a host gets one request at a time.
    ///   - logger: where retries are logged, if anywhere.
    ///   - handing: what is done with each result as its transfer ends, before the others end:
    ///     the run stores a body and lets it go, rather than hold every feed until the last
    ///     arrives. The result it gives back is the one returned.
    /// - Returns: one result per request, in order.
    public static func run(
        _ requests: [FetchRequest], options: FetchOptions, hostDelays: [String: Double] = [:], logger: Logger? = nil,
        handing: (FetchResult) -> FetchResult = { $0 }
    ) -> [FetchResult] {
        CurlMultiFetcher(options: options, logger: logger).fetch(requests, hostDelays: hostDelays, handing: handing)
    }

    /// Fetches `sources` unconditionally.
    ///
    /// - Parameters:
    ///   - sources: what to fetch.
    ///   - options: limits, retries and identity.
    /// - Returns: one result per source, in order.
    public static func run(_ sources: [FeedSource], options: FetchOptions) -> [FetchResult] {
        run(sources.map { FetchRequest(source: $0) }, options: options)
    }
}

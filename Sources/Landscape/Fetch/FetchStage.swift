import FoundationEssentials

/// The fetch stage: downloads every source once, concurrently, within the configured limits.
///
/// One broken source never stops the others: each gets its own ``FetchResult``, failed or not.
public enum FetchStage {
    /// Fetches `sources` and returns one result per source, in the order given.
    ///
    /// Runs on the calling thread: all transfers share one libcurl multi handle.
    public static func run(_ sources: [FeedSource], options: FetchOptions) -> [FetchResult] {
        CurlMultiFetcher(options: options).fetch(sources)
    }
}

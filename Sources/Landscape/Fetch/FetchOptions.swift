/// Limits, politeness and identity for the fetch stage (`fetch:` in a pipeline file).
public struct FetchOptions: Sendable, Hashable, Codable {
    /// Transfers in flight at once, over all hosts.
    public var concurrency = 32
    /// Transfers in flight at once to one host (scheme, name and port).
    public var perHost = 4
    public var connectTimeoutSeconds = 10
    /// Limit for one attempt, from connect to the last byte.
    public var timeoutSeconds = 60
    /// A transfer slower than this many bytes per second for `lowSpeedSeconds` is aborted.
    public var lowSpeedBytesPerSecond = 64
    public var lowSpeedSeconds = 20
    /// Largest body accepted, counted after decompression.
    public var maxBodyBytes = 32 * 1024 * 1024
    public var maxRedirects = 5
    /// Attempts after the first for timeouts, connection errors, 429 and 5xx.
    public var retries = 2
    /// First backoff delay; each later retry doubles it, up to `retryMaxSeconds`, with jitter.
    public var retryBaseSeconds = 1.0
    public var retryMaxSeconds = 30.0
    /// A `Retry-After` longer than this is not waited for: the source fails for tonight.
    public var retryAfterMaxSeconds = 120.0
    /// A source failing this many nights in a row is reported loudly in the log and manifest.
    public var failureAlertNights = 3
    /// How many sources must answer (fetched, not modified, or served from the cache offline)
    /// for the night to publish; fewer is an outage, and nothing is published.
    public var minSourcesOK = SourceThreshold.count(1)
    /// Fetched bodies neither stored nor read for this many days are removed from the cache.
    public var keepBodiesDays = 30
    /// Where a publisher can reach whoever runs the crawler; goes into the `User-Agent`.
    public var contact = "https://github.com/landscape-biotech/landscape"
    /// Replaces the whole `User-Agent` when set.
    public var userAgentOverride: String?

    public init() {}

    /// `Landscape/VERSION (+CONTACT)` unless the pipeline sets `user_agent`.
    public var userAgent: String {
        userAgentOverride ?? "Landscape/\(CodeFingerprint.version) (APAC biotech partnership landscape; +\(contact))"
    }
}

/// `fetch.min_sources_ok`: the sources a night needs, as a count or a share of all sources.
public enum SourceThreshold: Sendable, Hashable, Codable {
    case count(Int)
    case share(Double)

    /// The number of sources that must answer out of `total`: a share rounds up, and a night
    /// always needs at least one.
    public func required(of total: Int) -> Int {
        switch self {
        case .count(let count): return min(max(1, count), max(1, total))
        case .share(let share): return max(1, Int((Double(total) * share).rounded(.up)))
        }
    }
}

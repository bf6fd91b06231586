/// Settings of the pages stage (`pages:`): whether to follow new articles' links to their
/// pages, how many a night, how politely, and where.
public struct PagesOptions: Sendable, Hashable, Codable {
    /// Read the pages of new articles at all.
    public var follow = true
    /// Pages requested from the network in one run at most; the newest articles go first and
    /// the rest are recorded as over budget.
    public var maxPerNight = 200
    /// Page requests in flight at once to one host (a host's robots.txt `Crawl-delay` makes it one).
    public var perHost = 2
    /// Limit for one page request, connect to last byte.
    public var timeoutSeconds = 30
    /// Hosts whose pages may be requested; empty means every host. `example.com` covers its
    /// subdomains, `*.example` every host under `example`, `*` every host.
    public var allowHosts: [String] = []
    /// Hosts whose pages are never requested, written as for `allowHosts`.
    public var denyHosts: [String] = []
    /// A folder of saved pages laid out as `<host>/<path>` (`.html` added to a path without a
    /// suffix, `index.html` for a path ending in `/`): a page found there is read from disk and
    /// never requested. For archives downloaded beforehand, and the offline samples.
    public var mirror: String?

    public init() {}

    /// Whether the pipeline lets the stage request `host` (lower case, no port).
    public func allows(host: String) -> Bool {
        if denyHosts.contains(where: { Self.matches(host, $0) }) { return false }
        return allowHosts.isEmpty || allowHosts.contains { Self.matches(host, $0) }
    }

    static func matches(_ host: String, _ pattern: String) -> Bool {
        let pattern = pattern.lowercased()
        if pattern == "*" { return true }
        if pattern.hasPrefix("*.") { return host.hasSuffix(String(pattern.dropFirst(1))) }
        return host == pattern || host.hasSuffix("." + pattern)
    }
}

/// Which request to start next: round-robin over hosts, never more than `perHost` in flight to
/// one host, so that a long list of feeds from one publisher neither hammers it nor starves the
/// others.
///
/// A host is a URL's scheme, name and port. `file://` sources have no host limit. A host with a
/// crawl delay (from its robots.txt) gets one request at a time, each started at least that
/// long after the one before.
struct HostScheduler {
    private let perHost: Int
    private let delays: [String: Duration]
    private var notBefore: [String: ContinuousClock.Instant] = [:]
    /// Waiting request indices per host, stored last-first so that both taking the next one and
    /// putting a retry back in front are O(1).
    private var waiting: [String: [Int]] = [:]
    private var inFlight: [String: Int] = [:]
    private var hosts: [String] = []
    private var cursor = 0
    private(set) var waitingCount = 0

    init(perHost: Int, delays: [String: Double] = [:]) {
        self.perHost = perHost
        self.delays = delays.mapValues { .milliseconds(Int64(($0 * 1000).rounded())) }
    }

    /// The earliest time a host held back by its crawl delay may start its next request.
    var nextDelayedStart: ContinuousClock.Instant? {
        waiting.compactMap { host, queue in queue.isEmpty ? nil : notBefore[host] }.min()
    }

    /// Queues requests in order, each under its host.
    mutating func enqueue(_ items: [(index: Int, host: String)]) {
        var byHost: [String: [Int]] = [:]
        for item in items {
            if byHost[item.host] == nil, waiting[item.host] == nil { hosts.append(item.host) }
            byHost[item.host, default: []].append(item.index)
        }
        for (host, indices) in byHost {
            waiting[host] = indices.reversed() + waiting[host, default: []]
        }
        waitingCount += items.count
    }

    /// Puts a request back at the front of its host's queue (a retry whose wait is over).
    mutating func requeueFirst(_ index: Int, host: String) {
        if waiting[host] == nil, inFlight[host] == nil { hosts.append(host) }
        waiting[host, default: []].append(index)
        waitingCount += 1
    }

    /// The next request whose host has room, marked in flight; nil when none can start now.
    mutating func next(now: ContinuousClock.Instant = .now) -> (index: Int, host: String)? {
        guard waitingCount > 0 else { return nil }
        for step in 0..<hosts.count {
            let host = hosts[(cursor + step) % hosts.count]
            guard var queue = waiting[host], let index = queue.popLast() else { continue }
            let delay = delays[host]
            let limit = host == "file://" ? Int.max : delay == nil ? perHost : 1
            guard inFlight[host, default: 0] < limit else { continue }
            if let due = notBefore[host], due > now { continue }
            if let delay { notBefore[host] = now + delay }
            waiting[host] = queue
            inFlight[host, default: 0] += 1
            waitingCount -= 1
            cursor = (cursor + step + 1) % hosts.count
            return (index, host)
        }
        return nil
    }

    mutating func finished(host: String) {
        inFlight[host, default: 1] -= 1
    }

    /// The scheduling key of a URL: `scheme://host:port`, lower-cased, without user info.
    static func host(of url: String) -> String {
        // Only the scheme and authority are lower-cased: the pages stage asks this of every
        // article's URL, and a path can be long.
        guard let schemeEnd = url.utf8.firstRange(of: "://".utf8)?.lowerBound else { return url.lowercased() }
        let scheme = url[..<schemeEnd].lowercased()
        if scheme == "file" { return "file://" }
        // The authority's ends are ASCII bytes, found without reading the URL as characters.
        let utf8 = url.utf8
        let rest = utf8[utf8.index(schemeEnd, offsetBy: 3)...]
        let end = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
        var authority = rest[..<(end ?? utf8.endIndex)]
        if let at = authority.lastIndex(of: UInt8(ascii: "@")) { authority = authority[utf8.index(after: at)...] }
        return "\(scheme)://\(url[authority.startIndex..<authority.endIndex].lowercased())"
    }
}

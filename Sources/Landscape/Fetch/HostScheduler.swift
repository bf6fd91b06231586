/// Which request to start next: round-robin over hosts, never more than `perHost` in flight to
/// one host, so that a long list of feeds from one publisher neither hammers it nor starves the
/// others.
///
/// A host is a URL's scheme, name and port. `file://` sources have no host limit.
struct HostScheduler {
    private let perHost: Int
    /// Waiting request indices per host, stored last-first so that both taking the next one and
    /// putting a retry back in front are O(1).
    private var waiting: [String: [Int]] = [:]
    private var inFlight: [String: Int] = [:]
    private var hosts: [String] = []
    private var cursor = 0
    private(set) var waitingCount = 0

    init(perHost: Int) {
        self.perHost = perHost
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
    mutating func next() -> (index: Int, host: String)? {
        guard waitingCount > 0 else { return nil }
        for step in 0..<hosts.count {
            let host = hosts[(cursor + step) % hosts.count]
            guard var queue = waiting[host], let index = queue.popLast() else { continue }
            let limit = host == "file://" ? Int.max : perHost
            guard inFlight[host, default: 0] < limit else { continue }
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
        let lower = url.lowercased()
        guard let schemeEnd = lower.range(of: "://") else { return lower }
        let scheme = lower[..<schemeEnd.lowerBound]
        if scheme == "file" { return "file://" }
        var authority = lower[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        return "\(scheme)://\(authority)"
    }
}

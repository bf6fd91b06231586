import FoundationEssentials
import Logging

/// The pages stage as a run uses it: each new article's page read once, from the pipeline's
/// folder of saved pages or from the network, politely: robots.txt fetched once a host a day
/// and kept in the state database, its rules and crawl delay obeyed, at most `max_per_night`
/// requests, `per_host` at a time, conditional requests for a URL read before. Bodies go to the
/// body cache by SHA-256.
struct PagesRunner {
    let cache: StageCache
    let state: StateDatabase
    let logger: Logger
    let options: PagesOptions
    let fetch: FetchOptions
    let isOffline: Bool
    let now: Timestamp

    /// The product token our robots.txt groups are looked up by.
    static let robotsToken = "Landscape"

    func run(_ pages: some Collection<PageRequest>) throws -> [PageOutcome] {
        var outcomes = pages.map { PageOutcome(articleID: $0.articleID, url: $0.url ?? "", status: .skippedHost) }
        var network: [Int] = []
        for (index, page) in pages.enumerated() {
            guard let url = page.url, let host = Self.hostName(url) else {
                outcomes[index].error = "not an http(s) URL"
                continue
            }
            if let mirror = options.mirror, let bytes = FileBytes.read(Self.mirrorPath(url, in: mirror)) {
                outcomes[index].status = .saved
                PagesStage.read(bytes, contentType: nil, into: &outcomes[index])
                continue
            }
            guard options.allows(host: host) else { continue }
            network.append(index)
        }
        if network.count > options.maxPerNight {
            for index in network[options.maxPerNight...] { outcomes[index].status = .overBudget }
            network = Array(network.prefix(options.maxPerNight))
        }
        guard !network.isEmpty else { return outcomes }
        let known = try state.pageStates(network.map { outcomes[$0].url })
        if isOffline {
            for index in network {
                if let digest = known[outcomes[index].url]?.bodySHA256, let body = cache.body(digest) {
                    outcomes[index].status = .saved
                    outcomes[index].bodySHA256 = digest
                    PagesStage.read(body, contentType: known[outcomes[index].url]?.contentType, into: &outcomes[index])
                } else {
                    outcomes[index].status = .offline
                }
            }
            return outcomes
        }

        let (robots, newRobots) = try robotsFiles(for: network.map { HostScheduler.host(of: outcomes[$0].url) })
        var requests: [FetchRequest] = []
        var requested: [Int] = []
        var delays: [String: Double] = [:]
        for index in network {
            let url = outcomes[index].url
            let origin = HostScheduler.host(of: url)
            let rules = robots[origin] ?? .disallowAll
            guard rules.allows(path: Self.pathAndQuery(url)) else {
                outcomes[index].status = .skippedRobots
                continue
            }
            if let delay = rules.crawlDelay { delays[origin] = delay }
            var validators = Validators()
            if let page = known[url], let digest = page.bodySHA256, cache.hasBody(digest) {
                validators = Validators(etag: page.etag, lastModified: page.lastModified)
            }
            requests.append(
                FetchRequest(source: FeedSource(id: outcomes[index].articleID, url: url), validators: validators))
            requested.append(index)
        }
        var pageFetch = fetch
        pageFetch.perHost = options.perHost
        pageFetch.timeoutSeconds = options.timeoutSeconds
        let results = FetchStage.run(requests, options: pageFetch, hostDelays: delays, logger: logger)
        var pages: [PageState] = []
        for (index, result) in zip(requested, results) {
            outcomes[index].httpStatus = result.httpStatus
            var body = result.body
            var contentType = result.contentType
            switch result.status {
            case .fetched:
                outcomes[index].status = .fetched
                outcomes[index].bodySHA256 = try cache.storeBody(body)
            case .notModified:
                let page = known[outcomes[index].url]
                guard let digest = page?.bodySHA256, let cached = cache.body(digest) else {
                    outcomes[index].status = .failed
                    outcomes[index].error = "304 Not Modified, and the page is no longer in the body cache"
                    continue
                }
                outcomes[index].status = .notModified
                outcomes[index].bodySHA256 = digest
                body = cached
                contentType = page?.contentType
            case .failed:
                outcomes[index].status = .failed
                outcomes[index].error = result.error?.description
                logger.warning(
                    "pages: \(outcomes[index].url): \(result.error?.description ?? "failed")",
                    metadata: [
                        "stage": "pages", "article": "\(outcomes[index].articleID)", "url": "\(outcomes[index].url)",
                        "error": "\(result.error?.description ?? "failed")",
                    ])
                continue
            }
            PagesStage.read(body, contentType: contentType, into: &outcomes[index])
            if let problem = outcomes[index].error {
                logger.warning(
                    "pages: \(outcomes[index].url): \(problem)",
                    metadata: [
                        "stage": "pages", "article": "\(outcomes[index].articleID)", "url": "\(outcomes[index].url)",
                        "error": "\(problem)",
                    ])
            }
            pages.append(
                PageState(
                    url: outcomes[index].url, etag: result.validators.etag ?? known[outcomes[index].url]?.etag,
                    lastModified: result.validators.lastModified ?? known[outcomes[index].url]?.lastModified,
                    bodySHA256: outcomes[index].bodySHA256, contentType: contentType, httpStatus: result.httpStatus,
                    lastFetched: now.iso8601))
        }
        try state.record(robots: newRobots, pages: pages)
        return outcomes
    }

    /// The robots.txt rules of each origin (`scheme://host:port`): from the state database when
    /// fetched today, else fetched now, all origins at once. A 4xx means no rules; a file that
    /// could not be read (5xx, network) disallows everything tonight and is not remembered.
    private func robotsFiles(for origins: [String]) throws -> ([String: RobotsTxt], [RobotsRecord]) {
        let day = String(now.iso8601.prefix(10))
        let unique = Array(Set(origins)).sorted()
        let stored = try state.robots(unique, day: day)
        let missing = unique.filter { stored[$0] == nil }
        var robotsFetch = fetch
        robotsFetch.perHost = 1
        robotsFetch.timeoutSeconds = options.timeoutSeconds
        robotsFetch.maxBodyBytes = min(fetch.maxBodyBytes, 512 * 1024)
        robotsFetch.retries = min(fetch.retries, 1)
        let results = FetchStage.run(
            missing.map { FetchRequest(source: FeedSource(id: "robots.txt", url: $0 + "/robots.txt")) },
            options: robotsFetch, logger: logger)
        var records: [RobotsRecord] = []
        for (origin, result) in zip(missing, results) {
            if result.status == .fetched {
                records.append(
                    RobotsRecord(host: origin, day: day, httpStatus: result.httpStatus, body: Data(result.body)))
            } else if let status = result.httpStatus, (400..<500).contains(status) {
                records.append(RobotsRecord(host: origin, day: day, httpStatus: status, body: nil))
            } else {
                logger.notice(
                    "pages: \(origin)/robots.txt unreadable (\(result.error?.description ?? "no answer")): no page of it is requested tonight"
                )
            }
        }
        var rules: [String: RobotsTxt] = [:]
        for record in Array(stored.values) + records {
            if let status = record.httpStatus, (400..<500).contains(status) {
                rules[record.host] = .allowAll
            } else if let body = record.body {
                rules[record.host] = RobotsTxt(Array(body), token: Self.robotsToken)
            }
        }
        return (rules, records)
    }

    /// The lower-case host name of an http(s) URL; nil for anything else.
    static func hostName(_ url: String) -> String? {
        let origin = HostScheduler.host(of: url)
        let authority: Substring.UTF8View
        if origin.hasPrefix("https://") {
            authority = origin.utf8.dropFirst(8)
        } else if origin.hasPrefix("http://") {
            authority = origin.utf8.dropFirst(7)
        } else {
            return nil
        }
        // An IPv6 literal keeps its brackets; any other name ends at the port.
        let name =
            authority.first == UInt8(ascii: "[")
            ? authority.prefix { $0 != UInt8(ascii: "]") } + [UInt8(ascii: "]")]
            : Array(authority.prefix { $0 != UInt8(ascii: ":") })
        return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
    }

    /// A URL's path and query, from the `/` after its authority.
    static func pathAndQuery(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "/" }
        let rest = url[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        var path = String(rest[slash...].prefix { $0 != "#" })
        if path.hasPrefix("?") { path = "/" + path }
        return path
    }

    /// Where a saved copy of `url` lies in the mirror folder.
    static func mirrorPath(_ url: String, in mirror: String) -> String {
        let host = hostName(url) ?? ""
        var path = pathAndQuery(url).prefix { $0 != "?" }.split(separator: "/").map(String.init)
        if path.isEmpty || pathAndQuery(url).prefix(while: { $0 != "?" }).hasSuffix("/") {
            path.append("index.html")
        } else if let last = path.last, !last.contains(".") {
            path[path.count - 1] = last + ".html"
        }
        // Never outside the mirror: ".." and "." segments are dropped.
        return FilePaths.join(mirror, ([host] + path.filter { $0 != ".." && $0 != "." }).joined(separator: "/"))
    }
}

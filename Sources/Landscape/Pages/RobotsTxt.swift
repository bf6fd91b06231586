/// A site's robots.txt (RFC 9309), as it applies to one crawler.
///
/// The groups naming our product token are used if there are any, else those for `*`. Of the
/// rules that match a path, the longest wins and `Allow` wins a tie; `*` matches any run of
/// bytes and `$` the end of the path. `Crawl-delay`, not in the RFC but widely set, is read from
/// the same groups.
public struct RobotsTxt: Sendable, Equatable {
    struct Rule: Sendable, Equatable {
        var isAllow: Bool
        var pattern: [UInt8]
    }

    var rules: [Rule]
    /// Seconds to leave between two requests to the host.
    public var crawlDelay: Double?

    /// A site with no robots.txt (404 and other client errors): everything is allowed.
    public static let allowAll = RobotsTxt(rules: [], crawlDelay: nil)
    /// A site whose robots.txt could not be read (server errors, network failures): the RFC
    /// says to assume everything is disallowed.
    public static let disallowAll = RobotsTxt(
        rules: [Rule(isAllow: false, pattern: [UInt8(ascii: "/")])], crawlDelay: nil)

    init(rules: [Rule], crawlDelay: Double?) {
        self.rules = rules
        self.crawlDelay = crawlDelay
    }

    /// Reads a robots.txt for the crawler whose product token is `token` (`Landscape`).
    public init(_ text: [UInt8], token: String) {
        let ours = token.lowercased()
        struct Group {
            var agents: [String] = []
            var rules: [Rule] = []
            var delay: Double?
        }
        var groups: [Group] = []
        var current = Group()
        var lastWasAgent = false
        for rawLine in text.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }) {
            var line = rawLine
            if let hash = line.firstIndex(of: UInt8(ascii: "#")) { line = line[..<hash] }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let key = Substring(String(decoding: line[..<colon], as: UTF8.self)).trimmingSpaces.lowercased()
            let value = String(
                Substring(String(decoding: line[line.index(after: colon)...], as: UTF8.self)).trimmingSpaces)
            switch key {
            case "user-agent":
                if !lastWasAgent, !current.agents.isEmpty {
                    groups.append(current)
                    current = Group()
                }
                current.agents.append(String(value.lowercased().prefix { $0 != "/" && $0 != " " }))
                lastWasAgent = true
            case "allow", "disallow":
                lastWasAgent = false
                // "Disallow:" with no path disallows nothing.
                guard !value.isEmpty else { continue }
                current.rules.append(Rule(isAllow: key == "allow", pattern: Array(value.utf8)))
            case "crawl-delay":
                lastWasAgent = false
                if let seconds = Double(value), seconds >= 0, seconds.isFinite { current.delay = seconds }
            default:
                lastWasAgent = false
            }
        }
        if !current.agents.isEmpty { groups.append(current) }
        var chosen = groups.filter { $0.agents.contains(ours) }
        if chosen.isEmpty { chosen = groups.filter { $0.agents.contains("*") } }
        rules = chosen.flatMap(\.rules)
        crawlDelay = chosen.compactMap(\.delay).max()
    }

    /// Whether the crawler may request `path` (the URL's path and query, from its first `/`).
    public func allows(path: String) -> Bool {
        let bytes = Array(path.isEmpty ? "/".utf8 : path.utf8)
        var best: Rule?
        for rule in rules where Self.matches(rule.pattern, bytes) {
            guard let current = best else {
                best = rule
                continue
            }
            if rule.pattern.count > current.pattern.count
                || (rule.pattern.count == current.pattern.count && rule.isAllow && !current.isAllow)
            {
                best = rule
            }
        }
        return best?.isAllow ?? true
    }

    /// Whether `pattern` matches a prefix of `path` (all of it when the pattern ends in `$`).
    static func matches(_ pattern: [UInt8], _ path: [UInt8]) -> Bool {
        var pattern = pattern[...]
        var anchored = false
        if pattern.last == UInt8(ascii: "$") {
            anchored = true
            pattern = pattern.dropLast()
        }
        // Positions in `path` the pattern so far can end at, as a sorted set.
        var ends: [Int] = [0]
        for byte in pattern {
            if byte == UInt8(ascii: "*") {
                guard let first = ends.first else { return false }
                ends = Array(first...path.count)
            } else {
                ends = ends.compactMap { $0 < path.count && path[$0] == byte ? $0 + 1 : nil }
                if ends.isEmpty { return false }
            }
        }
        return anchored ? ends.contains(path.count) : !ends.isEmpty
    }
}

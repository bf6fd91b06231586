import FoundationEssentials

/// What parse remembers of one source, so that the same body is not parsed twice.
struct ParseCacheEntry: Sendable, Codable {
    let sourceID: String
    let bodySHA256: String
    /// The build that produced the articles (``CodeFingerprint``); another build parses afresh.
    let codeVersion: String
    let items: Int
    let isBozo: Bool
    let bozoMessage: String?

    enum CodingKeys: String, CodingKey {
        case sourceID = "source_id"
        case bodySHA256 = "body_sha256"
        case codeVersion = "code_version"
        case items
        case isBozo = "bozo"
        case bozoMessage = "bozo_message"
    }
}

extension ParseCacheEntry: JSONLineRecord {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("source_id", sourceID)
        writer.field("body_sha256", bodySHA256)
        writer.field("code_version", codeVersion)
        writer.field("items", items)
        writer.field("bozo", isBozo)
        writer.field("bozo_message", bozoMessage)
        writer.endObject()
    }
}

/// The parse stage's outputs in the ``StageCache``: every article of the night's feeds
/// (`articles.jsonl`) and, per source, the digest of the body they came from (`feeds.jsonl`).
struct ParseCache {
    let cache: StageCache

    static let articlesFile = "articles.jsonl"
    static let feedsFile = "feeds.jsonl"

    func store(key: String, outcomes: [FeedOutcome], articles: [Article], jobs: Int = 1) throws {
        let entries = outcomes.compactMap { outcome -> ParseCacheEntry? in
            guard let digest = outcome.bodySHA256, outcome.error == nil else { return nil }
            return ParseCacheEntry(
                sourceID: outcome.sourceID, bodySHA256: digest, codeVersion: CodeFingerprint.current,
                items: outcome.items, isBozo: outcome.isBozo, bozoMessage: outcome.bozoMessage)
        }
        try cache.store(
            .parse, key: key,
            files: [
                CacheFile(Self.articlesFile, lines: articles, jobs: jobs),
                CacheFile(Self.feedsFile, bytes: entries.jsonLines()),
            ])
    }

    /// The articles parse produced under `key`.
    func articles(key: String) throws -> [Article] {
        try cache.load(Article.self, .parse, key: key, file: Self.articlesFile)
    }

    /// The articles parse stored under `key` and what it recorded of each source.
    func load(key: String) throws -> (articles: [Article], outcomes: [FeedOutcome]) {
        let entries = try cache.load(ParseCacheEntry.self, .parse, key: key, file: Self.feedsFile)
        let outcomes = entries.map {
            FeedOutcome(
                sourceID: $0.sourceID, bodySHA256: $0.bodySHA256, items: $0.items, isBozo: $0.isBozo,
                bozoMessage: $0.bozoMessage, isReused: true)
        }
        return (try articles(key: key), outcomes)
    }

    /// The latest parse of each source, so that a body seen before is not parsed again; see
    /// ``ParseStage/run(_:jobs:seenAt:earlier:)``. Parses by another build are left out.
    func earlier() throws -> [String: EarlierParse] {
        guard let key = cache.latestKey(.parse) else { return [:] }
        let entries = try cache.load(ParseCacheEntry.self, .parse, key: key, file: Self.feedsFile)
        let bySource = Dictionary(grouping: try articles(key: key), by: \.sourceID)
        var earlier: [String: EarlierParse] = [:]
        for entry in entries where entry.codeVersion == CodeFingerprint.current {
            let outcome = FeedOutcome(
                sourceID: entry.sourceID, bodySHA256: entry.bodySHA256, items: entry.items, isBozo: entry.isBozo,
                bozoMessage: entry.bozoMessage)
            earlier[entry.sourceID] = EarlierParse(outcome: outcome, articles: bySource[entry.sourceID] ?? [])
        }
        return earlier
    }
}

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

/// The parse stage's last output under `cache/stages/`: every article (`parse.jsonl`) and, per
/// source, the digest of the body they came from (`parse-feeds.jsonl`).
struct ParseCache {
    let cache: StageCache

    static let articlesFile = "parse.jsonl"
    static let feedsFile = "parse-feeds.jsonl"

    func store(outcomes: [FeedOutcome], articles: [Article]) throws {
        let entries = outcomes.compactMap { outcome -> ParseCacheEntry? in
            guard let digest = outcome.bodySHA256, outcome.error == nil else { return nil }
            return ParseCacheEntry(
                sourceID: outcome.sourceID, bodySHA256: digest, codeVersion: CodeFingerprint.current,
                items: outcome.items,
                isBozo: outcome.isBozo, bozoMessage: outcome.bozoMessage)
        }
        try cache.store(Self.articlesFile, articles.jsonLines())
        try cache.store(Self.feedsFile, entries.jsonLines())
    }

    /// The articles of the last parse.
    func articles() throws -> [Article]? {
        try cache.load(Article.self, Self.articlesFile)
    }

    /// The last parse of each source, for ``ParseStage/run(_:jobs:seenAt:earlier:)``.
    func earlier() throws -> [String: EarlierParse] {
        guard let entries = try cache.load(ParseCacheEntry.self, Self.feedsFile),
            let articles = try articles()
        else { return [:] }
        let bySource = Dictionary(grouping: articles, by: \.sourceID)
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

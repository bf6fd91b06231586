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
    /// The line of the articles file where the source's articles start (nil when it has none),
    /// and how many there are; both nil when its articles are not together.
    let firstArticle: Int?
    let articles: Int?

    enum CodingKeys: String, CodingKey {
        case sourceID = "source_id"
        case bodySHA256 = "body_sha256"
        case codeVersion = "code_version"
        case items
        case isBozo = "bozo"
        case bozoMessage = "bozo_message"
        case firstArticle = "first_article"
        case articles
    }

    /// What parsing the source's body gave.
    var outcome: FeedOutcome {
        FeedOutcome(
            sourceID: sourceID, bodySHA256: bodySHA256, items: items, isBozo: isBozo, bozoMessage: bozoMessage)
    }

    /// The lines of the articles file that hold the source's articles, when known.
    var articleLines: Range<Int>? {
        guard let articles else { return nil }
        guard articles > 0 else { return 0..<0 }
        return firstArticle.map { $0..<($0 + articles) }
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
        writer.field("first_article", firstArticle)
        writer.field("articles", articles)
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
        // An article's line is some 3 KB: 4,096 of them a core were 28 MB in flight, held
        // while a build makes its landscape.
        try store(
            key: key, outcomes: outcomes,
            articles: CacheFile(Self.articlesFile, lines: articles, jobs: jobs, chunk: 512),
            places: Self.places(of: articles))
    }

    /// Stores the articles written already as `articles` (``ArticleSpool``), where `places`
    /// are each source's lines in it; `now`, not behind the run.
    func store(
        key: String, outcomes: [FeedOutcome], articles: CacheFile,
        places: (lines: [String: Range<Int>], apart: Set<String>), now: Bool = false
    ) throws {
        let entries = outcomes.compactMap { outcome -> ParseCacheEntry? in
            guard let digest = outcome.bodySHA256, outcome.error == nil else { return nil }
            let lines = places.lines[outcome.sourceID]
            let isApart = places.apart.contains(outcome.sourceID)
            return ParseCacheEntry(
                sourceID: outcome.sourceID, bodySHA256: digest, codeVersion: CodeFingerprint.current,
                items: outcome.items, isBozo: outcome.isBozo, bozoMessage: outcome.bozoMessage,
                firstArticle: lines?.lowerBound, articles: isApart ? nil : lines?.count ?? 0)
        }
        try cache.store(
            .parse, key: key, files: [articles, CacheFile(Self.feedsFile, bytes: entries.jsonLines())], now: now)
    }

    /// Where the articles stored under `key` are.
    func articlesPath(key: String) -> String {
        FilePaths.join(cache.entryPath(.parse, key: key), Self.articlesFile)
    }

    /// The articles parse produced under `key`.
    func articles(key: String) throws -> [Article] {
        try cache.load(Article.self, .parse, key: key, file: Self.articlesFile)
    }

    /// The articles parse stored under `key` and what it recorded of each source.
    func load(key: String) throws -> (articles: [Article], outcomes: [FeedOutcome]) {
        (try articles(key: key), try outcomes(key: key))
    }

    /// What parse recorded of each source under `key`, as a run that reuses it reports it.
    func outcomes(key: String) throws -> [FeedOutcome] {
        try cache.load(ParseCacheEntry.self, .parse, key: key, file: Self.feedsFile).map { $0.outcome.reused() }
    }

    /// The latest parse, so that a body seen before is not parsed again; see
    /// ``ParseStage/run(_:jobs:seenAt:earlier:storedBody:)``. Parses by another build are left
    /// out. Only what each source gave is read now; articles are read for the sources asked for.
    func earlier() throws -> EarlierParses {
        guard let key = cache.latestKey(.parse) else { return EarlierParses() }
        let entries = try cache.load(ParseCacheEntry.self, .parse, key: key, file: Self.feedsFile)
        return EarlierParses(
            cache: self, key: key, entries: entries.filter { $0.codeVersion == CodeFingerprint.current })
    }

    /// The lines of `articles` that hold each source's articles, and the sources whose articles
    /// are not together (parse writes a source's articles one after another, so none, as a rule).
    static func places(of articles: [Article]) -> (lines: [String: Range<Int>], apart: Set<String>) {
        guard !articles.isEmpty else { return ([:], []) }
        var lines: [String: Range<Int>] = [:]
        var apart = Set<String>()
        var start = 0
        for end in articles.indices.dropFirst() + [articles.count]
        where end == articles.count || articles[end].sourceID != articles[start].sourceID {
            if lines.updateValue(start..<end, forKey: articles[start].sourceID) != nil {
                apart.insert(articles[start].sourceID)
            }
            start = end
        }
        for source in apart { lines[source] = nil }
        return (lines, apart)
    }
}

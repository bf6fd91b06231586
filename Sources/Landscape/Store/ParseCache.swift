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
        let places = Self.places(of: articles)
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

    /// The latest parse, so that a body seen before is not parsed again; see
    /// ``ParseStage/run(_:jobs:seenAt:earlier:storedBody:)``. Parses by another build are left out. Only
    /// what each source gave is read now; articles are read for the sources asked for.
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

/// The latest parse, for a night that may reuse it: what each source's body gave, and the
/// articles of the sources asked for, read then.
///
/// A night reuses the articles of the sources whose bodies did not change. Reading every
/// article of the latest parse for that held them all at once: 3.8 GB on the first night after
/// a run over a million articles, whose feeds were no longer the night's.
struct EarlierParses: Sendable {
    private let cache: ParseCache?
    private let key: String
    private let entries: [String: ParseCacheEntry]

    /// No earlier parse.
    init() {
        (cache, key, entries) = (nil, "", [:])
    }

    init(cache: ParseCache, key: String, entries: [ParseCacheEntry]) {
        (self.cache, self.key) = (cache, key)
        self.entries = Dictionary(entries.map { ($0.sourceID, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The sources of `results` whose bodies are the ones parsed before.
    func reusable(in results: [FetchResult]) -> [String] {
        results.compactMap { result in
            guard let entry = entries[result.source.id], ParseStage.isSameBody(result, as: outcome(of: entry))
            else { return nil }
            return result.source.id
        }
    }

    /// The earlier parses of `sources` (those parsed before), articles and all.
    ///
    /// Only the lines of their articles are decoded, found by the places stored with each
    /// source; a source stored without them, or whose lines turn out to be another's, has the
    /// whole file decoded instead.
    func parses(of sources: [String]) throws -> [String: EarlierParse] {
        let found = sources.compactMap { entries[$0] }
        guard let cache, !found.isEmpty else { return [:] }
        let articles = try placedArticles(found, cache: cache) ?? wholeFileArticles(found, cache: cache)
        return Dictionary(
            zip(found, articles).map { ($0.sourceID, EarlierParse(outcome: outcome(of: $0), articles: $1)) },
            uniquingKeysWith: { _, last in last })
    }

    /// Each entry's articles, read by their lines; nil when some entry has no lines stored or
    /// the lines read are not its articles.
    private func placedArticles(_ found: [ParseCacheEntry], cache: ParseCache) throws -> [[Article]]? {
        let places = found.compactMap(\.articleLines)
        guard places.count == found.count else { return nil }
        let order = places.indices.filter { !places[$0].isEmpty }.sorted {
            places[$0].lowerBound < places[$1].lowerBound
        }
        let wanted = order.flatMap { Array(places[$0]) }
        var articles = [[Article]](repeating: [], count: found.count)
        guard !wanted.isEmpty else { return articles }
        // Overlapping places would be a damaged list: the whole file settles it.
        guard zip(wanted, wanted.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        let read = try cache.cache.lines(
            shelf: Stage.parse.rawValue, key: key, file: ParseCache.articlesFile, numbered: wanted)
        guard read.lineCount > wanted[wanted.count - 1],
            let decoded = try? JSONLinesReader.decode(
                Article.self, read.chosen, path: ParseCache.articlesFile, jobs: cache.cache.jobs),
            decoded.count == wanted.count
        else { return nil }
        var next = 0
        for index in order {
            let count = places[index].count
            let slice = decoded[next..<(next + count)]
            guard slice.allSatisfy({ $0.sourceID == found[index].sourceID }) else { return nil }
            articles[index] = Array(slice)
            next += count
        }
        cache.cache.tally.read(decoded.count)
        return articles
    }

    private func wholeFileArticles(_ found: [ParseCacheEntry], cache: ParseCache) throws -> [[Article]] {
        let bySource = Dictionary(grouping: try cache.articles(key: key), by: \.sourceID)
        return found.map { bySource[$0.sourceID] ?? [] }
    }

    private func outcome(of entry: ParseCacheEntry) -> FeedOutcome {
        FeedOutcome(
            sourceID: entry.sourceID, bodySHA256: entry.bodySHA256, items: entry.items, isBozo: entry.isBozo,
            bozoMessage: entry.bozoMessage)
    }
}

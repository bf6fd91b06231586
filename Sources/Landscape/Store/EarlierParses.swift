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
            guard let entry = entries[result.source.id], ParseStage.isSameBody(result, as: entry.outcome)
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
            zip(found, articles).map { ($0.sourceID, EarlierParse(outcome: $0.outcome, articles: $1)) },
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
        guard
            let decoded = try cache.cache.records(
                Article.self, shelf: Stage.parse.rawValue, key: key, file: ParseCache.articlesFile, numbered: wanted)
        else { return nil }
        var next = 0
        for index in order {
            let count = places[index].count
            let slice = decoded[next..<(next + count)]
            guard slice.allSatisfy({ $0.sourceID == found[index].sourceID }) else { return nil }
            articles[index] = Array(slice)
            next += count
        }
        return articles
    }

    private func wholeFileArticles(_ found: [ParseCacheEntry], cache: ParseCache) throws -> [[Article]] {
        let bySource = Dictionary(grouping: try cache.articles(key: key), by: \.sourceID)
        return found.map { bySource[$0.sourceID] ?? [] }
    }
}

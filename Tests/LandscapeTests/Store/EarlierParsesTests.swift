import Foundation
import Testing

@testable import Landscape

@Suite("The latest parse, read only for the sources whose bodies are unchanged")
struct EarlierParsesTests {
    static let seen = Timestamp(secondsSinceEpoch: 1_780_000_000)

    static func article(_ source: String, _ number: Int) -> Article {
        Article(
            articleID: "\(source)-\(number)", url: "https://\(source).example/\(number)", canonicalURL: nil,
            sourceID: source, title: "Item \(number) of \(source)", published: nil,
            summary: "A licensing note numbered \(number).", content: nil, language: "en", authors: [],
            categories: [], firstSeen: seen)
    }

    static func outcome(_ source: String, _ digest: String) -> FeedOutcome {
        FeedOutcome(sourceID: source, bodySHA256: digest, items: 5)
    }

    static func fetched(_ source: String, _ digest: String?) -> FetchResult {
        FetchResult(
            source: FeedSource(id: source, url: "https://\(source).example/feed"), status: .fetched,
            bodySHA256: digest)
    }

    /// A parse cache holding `articles` from sources `a` to `d` (d gave none), stored under one key.
    static func stored(_ articles: [Article]) throws -> (cache: StageCache, parse: ParseCache, output: String) {
        let output = try TestPaths.makeTemporaryDirectory("earlier-parses")
        let cache = StageCache(outputDirectory: output, pipeline: "earlier-parses-test")
        try cache.prepare()
        let parse = ParseCache(cache: cache)
        let outcomes = ["a", "b", "c", "d"].map { outcome($0, "body-\($0)") }
        try parse.store(key: "night-1", outcomes: outcomes, articles: articles)
        try cache.finishStores()
        return (cache, parse, output)
    }

    @Test("only the unchanged sources are reused, and only their lines are decoded, articles as stored")
    func readsOnlyUnchangedSources() throws {
        let articles =
            (0..<4).map { Self.article("a", $0) } + (0..<3).map { Self.article("b", $0) }
            + (0..<5).map { Self.article("c", $0) }
        let (cache, parse, output) = try Self.stored(articles)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let earlier = try parse.earlier()
        let results = [
            Self.fetched("a", "body-a-changed"), Self.fetched("b", "body-b"), Self.fetched("c", "body-c"),
            Self.fetched("d", "body-d"), Self.fetched("e", "body-e"), Self.fetched("a2", nil),
        ]
        let reusable = earlier.reusable(in: results)
        #expect(reusable == ["b", "c", "d"])
        let before = cache.tally.totals.read
        let parses = try earlier.parses(of: reusable)
        #expect(cache.tally.totals.read - before == 8)
        #expect(parses["b"]?.articles.map(\.articleID) == ["b-0", "b-1", "b-2"])
        #expect(parses["c"]?.articles.map(\.title) == (0..<5).map { "Item \($0) of c" })
        #expect(parses["d"]?.articles.isEmpty == true)
        #expect(parses["b"]?.outcome.bodySHA256 == "body-b" && parses["b"]?.outcome.items == 5)
        #expect(parses["a"] == nil)
        // What ParseStage takes from them: the same articles, marked reused.
        let reused = try #require(ParseStage.reusable(Self.fetched("c", "body-c"), earlier: parses))
        #expect(reused.outcome.isReused && reused.articles.count == 5)
    }

    @Test("a source whose articles are not together is read from the whole file, in order")
    func sourceApartReadsWholeFile() throws {
        let articles =
            [Self.article("a", 0), Self.article("b", 0), Self.article("a", 1), Self.article("c", 0)]
        let (cache, parse, output) = try Self.stored(articles)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let places = ParseCache.places(of: articles)
        #expect(places.apart == ["a"] && places.lines["b"] == 1..<2 && places.lines["c"] == 3..<4)
        let earlier = try parse.earlier()
        let before = cache.tally.totals.read
        let parses = try earlier.parses(of: ["a", "c"])
        #expect(cache.tally.totals.read - before == 4)
        #expect(parses["a"]?.articles.map(\.articleID) == ["a-0", "a-1"])
        #expect(parses["c"]?.articles.map(\.articleID) == ["c-0"])
        #expect(ParseCache.places(of: []).lines.isEmpty)
    }

    @Test("no earlier parse gives nothing to reuse; an articles file changed since is named")
    func missingAndDamaged() throws {
        #expect(EarlierParses().reusable(in: [Self.fetched("a", "body-a")]).isEmpty)
        #expect(try EarlierParses().parses(of: ["a"]).isEmpty)
        let (cache, parse, output) = try Self.stored((0..<3).map { Self.article("a", $0) })
        defer { try? FileManager.default.removeItem(atPath: output) }
        let path = cache.entryPath(shelf: Stage.parse.rawValue, key: "night-1") + "/" + ParseCache.articlesFile
        var bytes = try TestPaths.bytes(path)
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: DamagedDataError.self) { try parse.earlier().parses(of: ["a"]) }
        #expect(error?.description.contains(path) == true)
    }
}

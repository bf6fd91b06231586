import Foundation
import Testing

@testable import Landscape

/// A build's articles, written as parsed and filed by month as they are read back, make the
/// landscape a build made of them held in memory.
@Suite("Publish: a build's landscape made from its spooled articles")
struct ArticleSpoolTests {
    /// One article of `source`, dated `published` (nil: undated).
    static func article(_ id: String, source: String, published: String?, text: String) -> Article {
        Article(
            articleID: id, url: "https://ex.org/\(id)", canonicalURL: "https://ex.org/\(id)", sourceID: source,
            title: "Article \(id)", published: published.flatMap(FeedDate.parse), summary: text, content: nil,
            language: "en", authors: [], categories: [], firstSeen: Timestamp(secondsSinceEpoch: 1_740_000_000))
    }

    /// Articles of two sources over three months, with an id parsed twice (a later sighting
    /// with another date, and so another month, and a longer text) and one with no date.
    static func articles() -> [Article] {
        var articles = (0..<60).map { index in
            article(
                "a\(index)", source: index < 30 ? "wire" : "digest",
                published: "2025-0\(1 + index % 3)-\(10 + index % 17)",
                text: "Report \(index) on a licensing deal between two drug makers.")
        }
        articles.append(
            article(
                "a4", source: "digest", published: "2025-03-28",
                text: "Report 4, corrected, with the terms of the licensing deal and its milestones."))
        articles.append(article("u1", source: "digest", published: nil, text: "An undated note on a CDMO contract."))
        return articles
    }

    /// Writes `articles` through a spool writer in batches of `batch`, to `path`.
    static func spooled(_ articles: [Article], batch: Int, path: String, skipping: Set<String> = []) throws
        -> ArticleSpool
    {
        var writer = ArticleSpool.Writer(skipping: skipping)
        var bytes: [UInt8] = []
        for start in stride(from: 0, to: articles.count, by: batch) {
            try writer.add(Array(articles[start..<min(start + batch, articles.count)]), jobs: 2) { bytes += $0 }
        }
        try bytes.writeFile(path)
        #expect(bytes == articles.jsonLines())
        return ArticleSpool(path: path, count: writer.count, newPages: writer.newPages(), repeated: writer.repeated)
    }

    @Test("filed by month from the spool, every month holds what the build in memory makes, in its order")
    func sameAsInMemory() throws {
        let folder = try TestPaths.makeTemporaryDirectory("article-spool")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let articles = Self.articles()
        let seenAt = Timestamp(secondsSinceEpoch: 1_760_000_000)
        let spool = try Self.spooled(articles, batch: 7, path: FilePaths.join(folder, "articles.jsonl"))
        #expect(spool.count == articles.count)
        #expect(spool.repeated == ["a4"])
        // Pages are read once an id, newest first.
        #expect(
            Array(spool.newPages)
                == PagesStage.newPages(articles, isKnown: { _ in false }).map {
                    PageRequest(articleID: $0.articleID, url: $0.url)
                })
        let months = FilePaths.join(folder, "months")
        try DurableFile.makeDirectories(months)
        // The change a build makes on the way (a page's text): the same on both sides.
        let change = { (articles: [Article]) -> [Article] in
            articles.map { article in
                var changed = article
                if article.articleID == "a7" { changed.content = "The page's text of report 7." }
                return changed
            }
        }
        let built = try ArticleLandscape.build(
            from: spool, changing: change, seenAt: seenAt, writingTo: months, stamps: FileStamps(), tally: RowTally(),
            jobs: 2)
        let held = try ArticleLandscape.night(
            parsed: change(articles), parent: ParentArticles(), seenAt: seenAt, jobs: 2)
        #expect(built.count == held.count)
        #expect(built.newCount == held.newCount)
        #expect(built.identity == held.identity)
        #expect(built.months.map(\.month) == held.months.map(\.month))
        for (a, b) in zip(built.months, held.months) {
            #expect(try a.articles().jsonLines() == (try b.articles()).jsonLines(), "\(a.month)")
        }
        // The later sighting of a4 stands, in the month of its own date.
        let march = try #require(built.months.first { $0.month == "2025-03" })
        #expect(try march.articles().contains { $0.articleID == "a4" && $0.summary?.contains("corrected") == true })
        // Only the landscape's months are left in the folder: the filing files are gone.
        #expect(try FileManager.default.contentsOfDirectory(atPath: months).allSatisfy { !$0.hasPrefix("filing-") })
    }

    @Test("each source's lines are placed as the parse cache places them; an archive's articles ask for no page")
    func placesAndSkipped() throws {
        let folder = try TestPaths.makeTemporaryDirectory("article-spool-places")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The wire's articles are no longer together.
        let articles =
            Self.articles() + [Self.article("stray", source: "wire", published: "2025-02-02", text: "Stray.")]
        var writer = ArticleSpool.Writer(skipping: ["digest"])
        for start in stride(from: 0, to: articles.count, by: 5) {
            try writer.add(Array(articles[start..<min(start + 5, articles.count)]), jobs: 1) { _ in }
        }
        let expected = ParseCache.places(of: articles)
        #expect(writer.places.lines == expected.lines)
        #expect(writer.places.apart == expected.apart)
        #expect(writer.places.apart == ["wire"])
        let skipped = PagesStage.newPages(articles, isKnown: { _ in false }, skipping: { $0.sourceID == "digest" })
        #expect(Array(writer.newPages()) == Array(skipped))
        #expect(!writer.newPages().contains { $0.articleID == "u1" })
    }

    @Test("feeds are parsed in batches of at most batchBytes of bodies (32 MB), a larger feed alone, none left out")
    func batches() {
        func result(_ bytes: Int) -> FetchResult {
            var result = FetchResult(source: FeedSource(id: "s\(bytes)", url: "file:///x"), status: .fetched)
            result.bytes = bytes
            return result
        }
        // Sizes in 64ths of a batch.
        #expect(ArticleSpool.batchBytes == 32 << 20)
        let unit = ArticleSpool.batchBytes / 64
        let results = [10, 30, 30, 100, 5, 5, 60].map { result($0 * unit) }
        #expect(ArticleSpool.batches(results) == [0..<2, 2..<3, 3..<4, 4..<6, 6..<7])
        #expect(ArticleSpool.batches([]) == [])
    }
}

import Foundation
import Testing

@testable import Landscape

@Suite("Pages: the new articles' pages to read")
struct PageRequestsTests {
    @Test(
        "each new article's page once, newest first (by date published, else first seen), ties in the order they came, its address as given or none"
    )
    func newestFirstOnce() {
        var random = IncrementalMergeTests.SplitMix(state: 21)
        let days = ["2025-03-01", "2025-03-02", "2025-02-27", nil]
        var articles: [Article] = []
        for index in 0..<3_000 {
            // A tenth are sightings of an id that came before; every hundredth has no link.
            let id = index % 10 == 9 ? String(format: "%020x", random.next(index)) : String(format: "%020x", index)
            articles.append(
                Article(
                    articleID: id, url: index % 100 == 7 ? nil : "https://ex.org/\(index)", canonicalURL: nil,
                    sourceID: "wire", title: "Report \(index)",
                    published: days[random.next(days.count)].flatMap(FeedDate.parse), summary: nil, content: nil,
                    language: "en", authors: [], categories: [],
                    firstSeen: Timestamp(secondsSinceEpoch: 1_740_000_000 + Int64(random.next(3)) * 86_400)))
        }
        articles.append(ArticleSpoolTests.article("not hex", source: "wire", published: "2025-03-02", text: "A note."))
        var firsts: [Article] = []
        var seen = Set<String>()
        for article in articles where !article.articleID.hasSuffix("5") && seen.insert(article.articleID).inserted {
            firsts.append(article)
        }
        // A stable sort, newest first.
        let expected = firsts.enumerated().sorted { a, b in
            let (left, right) = (ArticleStore.order(a.element), ArticleStore.order(b.element))
            return left != right ? left > right : a.offset < b.offset
        }.map { PageRequest($0.element) }
        let found = PagesStage.newPages(articles, isKnown: { $0.hasSuffix("5") })
        #expect(Array(found) == expected)
        #expect(found.contains { $0.url == nil } && found.contains { $0.articleID == "not hex" })
        #expect(found.count == seen.count && found.count < articles.count)
        #expect(PagesStage.newPages([], isKnown: { _ in false }).isEmpty)

        // The pages stage's key, hashed from the held bytes, is the key of the pages' lines as
        // text: the same pages keep finding their stored outcomes.
        let options = PagesOptions()
        let asText = StageKey.make(.pages, options: options, inputs: expected.map { "\($0.articleID) \($0.url ?? "")" })
        #expect(
            StageKey.make(.pages, options: options, inputs: found.count) { found.appendLine(at: $0, to: &$1) } == asText
        )
        #expect(
            StageKey.make(.pages, options: options, inputs: found.count - 1) { found.appendLine(at: $0, to: &$1) }
                != asText)
    }
}

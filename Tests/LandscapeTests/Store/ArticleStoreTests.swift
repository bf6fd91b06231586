import Testing

@testable import Landscape

@Suite("The landscape's articles merged and ordered")
struct ArticleStoreTests {
    /// `count` articles whose dates repeat (so that ids break ties), in no order, some ids
    /// given twice.
    static func articles(_ count: Int, salt: String) -> [Article] {
        (0..<count).map { number in
            var article = Fixtures.article(
                "text \(number) \(salt)", id: String(SHA256.hex("\(salt) \(number % (count - 7))").prefix(20)))
            article.published = Timestamp(secondsSinceEpoch: 1_700_000_000 + Int64((number * 7919) % 97) * 3600)
            article.firstSeen = Timestamp(secondsSinceEpoch: 1_700_000_000 + Int64(number))
            return article
        }
    }

    @Test("articles come out newest first then by id, each id once, on one core and two, as a plain sort orders them")
    func ordersInPlace() {
        let previous = Self.articles(900, salt: "before")
        let fresh = Self.articles(1_300, salt: "tonight") + previous.prefix(50)
        for jobs in [1, 2] {
            let (merged, newCount) = ArticleStore.accumulate(previous, with: fresh, seenAt: nil, jobs: jobs)
            let ids = merged.map(\.articleID)
            #expect(Set(ids).count == ids.count)
            #expect(Set(ids) == Set((previous + fresh).map(\.articleID)))
            #expect(newCount == Set(fresh.map(\.articleID)).subtracting(previous.map(\.articleID)).count)
            let expected = merged.sorted { a, b in
                let (x, y) = (ArticleStore.order(a), ArticleStore.order(b))
                return x != y ? x > y : a.articleID < b.articleID
            }
            #expect(ids == expected.map(\.articleID))
            // Each article is the one its id merged to, not another's text moved in its place.
            for article in merged.prefix(200) {
                let given = (previous + fresh).last { $0.articleID == article.articleID }
                #expect(article.summary == given?.summary)
            }
        }
    }
}

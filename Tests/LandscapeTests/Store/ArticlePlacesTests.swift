import Testing

@testable import Landscape

@Suite("Where the parent's articles are, by id")
struct ArticlePlacesTests {
    /// Ids as the pipeline makes them (20 hex digits), in three months of unequal size.
    static let months: [[String]] = (0..<3).map { month in
        (0..<(month * 700 + 5)).map { row in
            let digest = SHA256.hex(Array("article \(month) \(row)".utf8))
            return String(digest.prefix(20))
        }
    }

    @Test("every id is found in its month and row, and an id of no month is not found")
    func findsEveryID() {
        let places = ArticlePlaces(Self.months.map { ArticleIDs($0) })
        #expect(!places.hasRepeatedIDs)
        for (month, ids) in Self.months.enumerated() {
            for (row, id) in ids.enumerated() {
                let place = places.place(of: id)
                #expect(place?.list == month && place?.row == row, "\(id)")
            }
        }
        #expect(places.place(of: "ffffffffffffffffffff") == nil)
        #expect(places.place(of: "") == nil)
        #expect(ArticlePlaces().place(of: Self.months[0][0]) == nil)
    }

    @Test("an id in two months is found in the later one, as the table it replaced kept it")
    func laterMonthWins() {
        var months = Self.months
        let shared = months[0][3]
        months[2][10] = shared
        let places = ArticlePlaces(months.map { ArticleIDs($0) })
        #expect(places.hasRepeatedIDs)
        let place = places.place(of: shared)
        #expect(place?.list == 2 && place?.row == 10)
        // The others are unmoved.
        #expect(places.place(of: months[0][4])?.list == 0)
    }

    @Test("ids that differ in one character are told apart")
    func nearIDs() {
        let ids = ["a", "b", "ab", "ba", "aa", "0123456789abcdef0123", "0123456789abcdef0124"]
        let places = ArticlePlaces([ArticleIDs(ids)])
        for (row, id) in ids.enumerated() { #expect(places.place(of: id)?.row == row) }
        #expect(places.place(of: "0123456789abcdef0125") == nil)
    }
}

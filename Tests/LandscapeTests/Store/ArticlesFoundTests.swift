import Testing

@testable import Landscape

@Suite("Where tonight's articles are among the parent's months")
struct ArticlesFoundTests {
    /// Ids as the pipeline makes them (20 hex digits), in four months of unequal size.
    static let months: [[String]] = (0..<4).map { month in
        (0..<(month * 600 + 3)).map { row in String(SHA256.hex(Array("article \(month) \(row)".utf8)).prefix(20)) }
    }

    /// Every third id of every month, some ids of no month, and one id twice.
    static let sought =
        months.flatMap { $0.enumerated().filter { $0.offset % 3 == 0 }.map(\.element) } + [
            "ffffffffffffffffffff", "", "not-an-id", months[1][0],
        ]

    @Test("each id sought is found where the table of every id finds it, on one core and two; others are not")
    func findsAsTheWholeTable() {
        let lists = Self.months.map { ArticleIDs($0) }
        let whole = ArticlePlaces(lists)
        for jobs in [1, 2] {
            let found = ArticlesFound(Self.sought, in: lists, jobs: jobs)
            for id in Self.sought {
                #expect(found.sought(id))
                let (place, expected) = (found.place(of: id), whole.place(of: id))
                #expect(place?.list == expected?.list && place?.row == expected?.row, "\(id)")
            }
            #expect(found.place(of: "ffffffffffffffffffff") == nil && found.place(of: "") == nil)
            // An id not sought is not found, though a month holds it.
            #expect(!found.sought(Self.months[2][1]) && found.place(of: Self.months[2][1]) == nil)
        }
        #expect(ArticlesFound().place(of: Self.months[0][0]) == nil)
        #expect(ArticlesFound(Self.sought, in: [], jobs: 2).place(of: Self.months[0][0]) == nil)
    }

    @Test("an id in two months is found in the later, and twice in one at its later row, as the whole table finds it")
    func repeatedIDs() {
        var months = Self.months
        let acrossMonths = months[0][1]
        months[3][10] = acrossMonths
        let withinMonth = months[2][5]
        months[2][400] = withinMonth
        let lists = months.map { ArticleIDs($0) }
        let whole = ArticlePlaces(lists)
        let found = ArticlesFound([acrossMonths, withinMonth, months[1][7]], in: lists, jobs: 2)
        for id in [acrossMonths, withinMonth, months[1][7]] {
            #expect(found.place(of: id)?.list == whole.place(of: id)?.list)
            #expect(found.place(of: id)?.row == whole.place(of: id)?.row)
        }
        #expect(found.place(of: acrossMonths)?.list == 3 && found.place(of: acrossMonths)?.row == 10)
        #expect(found.place(of: withinMonth)?.row == 400)
    }

    @Test("repeated ids are told, across months and within one, whatever else the months hold")
    func tellsRepeatedIDs() {
        let lists = Self.months.map { ArticleIDs($0) }
        #expect(!ArticlesFound.hasRepeatedIDs(lists, jobs: 2))
        #expect(!ArticlesFound.hasRepeatedIDs([], jobs: 1))
        var across = Self.months
        across[3][599] = across[0][2]
        #expect(ArticlesFound.hasRepeatedIDs(across.map { ArticleIDs($0) }, jobs: 2))
        var within = Self.months
        within[1][1] = within[1][0]
        #expect(ArticlesFound.hasRepeatedIDs(within.map { ArticleIDs($0) }, jobs: 1))
        // Ids of other forms, told apart by their bytes.
        #expect(!ArticlesFound.hasRepeatedIDs([ArticleIDs(["a", "ab", "e\u{301}", "é"])], jobs: 1))
        #expect(ArticlesFound.hasRepeatedIDs([ArticleIDs(["a", "ab"]), ArticleIDs(["ab"])], jobs: 2))
    }
}

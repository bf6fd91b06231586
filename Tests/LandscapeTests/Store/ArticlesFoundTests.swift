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

    /// Where a plain scan finds `id`: its last list, at its last row there.
    static func scanned(_ id: String, in months: [[String]]) -> (list: Int, row: Int)? {
        var found: (list: Int, row: Int)?
        for (list, ids) in months.enumerated() {
            for (row, other) in ids.enumerated() where other.utf8.elementsEqual(id.utf8) { found = (list, row) }
        }
        return found
    }

    @Test("every id of every month is found in its month and row, and an id of no month is not found")
    func findsEveryID() {
        let everyID = Self.months.flatMap { $0 } + ["ffffffffffffffffffff", ""]
        let found = ArticlesFound(everyID, in: Self.months.map { ArticleIDs($0) }, jobs: 2)
        #expect(!ArticlesFound.hasRepeatedIDs(Self.months.map { ArticleIDs($0) }, jobs: 2))
        for (month, ids) in Self.months.enumerated() {
            for (row, id) in ids.enumerated() {
                let place = found.place(of: id)
                #expect(place?.list == month && place?.row == row, "\(id)")
            }
        }
        #expect(found.place(of: "ffffffffffffffffffff") == nil)
        #expect(found.place(of: "") == nil)
    }

    @Test("ids that differ in one character are told apart")
    func nearIDs() {
        let ids = ["a", "b", "ab", "ba", "aa", "0123456789abcdef0123", "0123456789abcdef0124"]
        let found = ArticlesFound(ids + ["0123456789abcdef0125"], in: [ArticleIDs(ids)], jobs: 1)
        for (row, id) in ids.enumerated() { #expect(found.place(of: id)?.row == row) }
        #expect(found.place(of: "0123456789abcdef0125") == nil)
    }

    @Test("each id sought is found where a plain scan finds it, on one core and two; others are not")
    func findsAsAScan() {
        let lists = Self.months.map { ArticleIDs($0) }
        for jobs in [1, 2] {
            let found = ArticlesFound(Self.sought, in: lists, jobs: jobs)
            for id in Self.sought {
                #expect(found.sought(id))
                let (place, expected) = (found.place(of: id), Self.scanned(id, in: Self.months))
                #expect(place?.list == expected?.list && place?.row == expected?.row, "\(id)")
            }
            #expect(found.place(of: "ffffffffffffffffffff") == nil && found.place(of: "") == nil)
            // An id not sought is not found, though a month holds it.
            #expect(!found.sought(Self.months[2][1]) && found.place(of: Self.months[2][1]) == nil)
        }
        #expect(ArticlesFound().place(of: Self.months[0][0]) == nil)
        #expect(ArticlesFound(Self.sought, in: [], jobs: 2).place(of: Self.months[0][0]) == nil)
    }

    @Test("an id in two months is found in the later, and twice in one at its later row, as a plain scan finds it")
    func repeatedIDs() {
        var months = Self.months
        let acrossMonths = months[0][1]
        months[3][10] = acrossMonths
        let withinMonth = months[2][5]
        months[2][400] = withinMonth
        let lists = months.map { ArticleIDs($0) }
        let found = ArticlesFound([acrossMonths, withinMonth, months[1][7]], in: lists, jobs: 2)
        for id in [acrossMonths, withinMonth, months[1][7]] {
            #expect(found.place(of: id)?.list == Self.scanned(id, in: months)?.list)
            #expect(found.place(of: id)?.row == Self.scanned(id, in: months)?.row)
        }
        #expect(found.place(of: acrossMonths)?.list == 3 && found.place(of: acrossMonths)?.row == 10)
        #expect(found.place(of: withinMonth)?.row == 400)
        // The others are unmoved.
        #expect(found.place(of: months[1][7])?.list == 1 && found.place(of: months[1][7])?.row == 7)
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

    @Test("repeated ids are told among more ids than one slice of hashes holds, in any slice")
    func tellsRepeatedIDsAmongMany() {
        // 300,000 ids in five months: their hashes are sorted a slice (of two) at a time.
        let months = (0..<5).map { month in
            (0..<60_000).map { row in String(SHA256.hex(Array("many \(month) \(row)".utf8)).prefix(20)) }
        }
        let lists = months.map { ArticleIDs($0) }
        #expect(!ArticlesFound.hasRepeatedIDs(lists, jobs: 2))
        // A repeat in each slice is told, across months and within one.
        var slicesMet = Set<UInt64>()
        for (month, ids) in months.enumerated() {
            for id in ids where slicesMet.insert(ArticleIDs.fnv1a(id.utf8) >> 63).inserted {
                #expect(ArticlesFound.hasRepeatedIDs(lists + [ArticleIDs([id])], jobs: 2), "\(id) across months")
                var within = lists
                within[month] = ArticleIDs(ids + [id])
                #expect(ArticlesFound.hasRepeatedIDs(within, jobs: 1), "\(id) within its month")
            }
        }
        #expect(slicesMet.count == 2)
    }
}

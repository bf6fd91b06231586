import Testing

@testable import Landscape

@Suite("Articles ordered by precedence")
struct PrecedenceTests {
    /// `count` articles seen on a few nights, most published on one of a few days, some not
    /// dated, with ids that tie nothing: what a landscape's sightings look like, ties and all.
    static func sightings(count: Int, publishedSpan: Int64, seed: UInt64) -> (
        ids: [String], firstSeen: [Timestamp], published: [Timestamp?]
    ) {
        var random = IncrementalMergeTests.SplitMix(state: seed)
        let nights = (0..<4).map { 1_780_000_000 + Int64($0) * 86_400 }
        var ids: [String] = []
        var (firstSeen, published): ([Timestamp], [Timestamp?]) = ([], [])
        for index in 0..<count {
            // A random head and the index in five digits: no two ids alike.
            let (head, tail) = (String(random.next(1 << 30), radix: 16), String(index, radix: 16))
            ids.append(
                String(repeating: "0", count: 15 - head.count) + head + String(repeating: "0", count: 5 - tail.count)
                    + tail)
            firstSeen.append(Timestamp(secondsSinceEpoch: nights[random.next(4)]))
            let day = Int64(random.next(6)) * (publishedSpan / 5)
            published.append(random.next(5) == 0 ? nil : Timestamp(secondsSinceEpoch: nights[0] - day))
        }
        return (ids, firstSeen, published)
    }

    @Test(
        "every article's place is the one sorting them by first seen, published (or first seen) and id gives, whether the dates fit in one word or not, on one core or two"
    )
    func placesAsSorted() {
        // Four years of publication dates fit in one word with the nights; three hundred do not.
        for (span, seed) in [(Int64(4 * 365 * 86_400), UInt64(5)), (Int64(300 * 365 * 86_400), UInt64(9))] {
            let (ids, firstSeen, published) = Self.sightings(count: 20_000, publishedSpan: span, seed: seed)
            let sorted = ids.indices.sorted { a, b in
                let (left, right) = (
                    (firstSeen[a].secondsSinceEpoch, (published[a] ?? firstSeen[a]).secondsSinceEpoch),
                    (firstSeen[b].secondsSinceEpoch, (published[b] ?? firstSeen[b]).secondsSinceEpoch)
                )
                return left != right ? left < right : ids[a] < ids[b]
            }
            var expected = [Int32](repeating: 0, count: ids.count)
            for (position, index) in sorted.enumerated() { expected[index] = Int32(position) }
            for jobs in [1, 2] {
                let order = ArticleDeduper.order(
                    firstSeen: Timestamps(firstSeen), published: OptionalTimestamps(published), ids: ArticleIDs(ids),
                    jobs: jobs)
                #expect(Array(order) == expected, "span \(span) s, \(jobs) cores")
            }
        }
    }

    @Test(
        "articles in landscape order are placed without their ids as with them: those that tie in precedence are listed by id"
    )
    func placesWithoutIDs() {
        let (ids, firstSeen, published) = Self.sightings(count: 20_000, publishedSpan: 4 * 365 * 86_400, seed: 13)
        // Newest first, then by id, as a landscape's months list their articles.
        let listed = ids.indices.sorted { a, b in
            let (left, right) = ((published[a] ?? firstSeen[a]), (published[b] ?? firstSeen[b]))
            return left != right ? left > right : ids[a] < ids[b]
        }
        let (seen, dated) = (Timestamps(listed.map { firstSeen[$0] }), OptionalTimestamps(listed.map { published[$0] }))
        let withIDs = ArticleDeduper.order(
            firstSeen: seen, published: dated, ids: ArticleIDs(listed.map { ids[$0] }), jobs: 2)
        // Ties there are: the ids decide the places of many articles.
        let sightings = Set(listed.map { "\(firstSeen[$0]) \(published[$0] ?? firstSeen[$0])" })
        #expect(sightings.count < 100)
        for jobs in [1, 2] {
            #expect(ArticleDeduper.order(firstSeen: seen, published: dated, ids: nil, jobs: jobs) == withIDs)
        }
        // Out of landscape order, the ids are needed.
        let shuffled = Array(listed.reversed())
        #expect(
            ArticleDeduper.order(
                firstSeen: Timestamps(shuffled.map { firstSeen[$0] }),
                published: OptionalTimestamps(shuffled.map { published[$0] }), ids: nil, jobs: 2)
                != ArticleDeduper.order(
                    firstSeen: Timestamps(shuffled.map { firstSeen[$0] }),
                    published: OptionalTimestamps(shuffled.map { published[$0] }),
                    ids: ArticleIDs(shuffled.map { ids[$0] }), jobs: 2))
    }

    @Test(
        "an order is held as runs of consecutive places when it has few, as places when it has many, and reads the same either way"
    )
    func ordersAsRuns() {
        var random = IncrementalMergeTests.SplitMix(state: 29)
        // Nights of articles, each night's spread over a few months listed one after another. A
        // month lists a night's articles together, and articles seen the same night tie in
        // precedence, so they take their places month by month, as the landscape lists them.
        let (nights, months, perNight) = (40, 6, 50)
        var recordsOfMonth = [[Int32]](repeating: [], count: months)
        var place: Int32 = 0
        for _ in 0..<nights {
            var landing = [Int](repeating: 0, count: months)
            for _ in 0..<perNight { landing[random.next(months)] += 1 }
            for month in 0..<months {
                for _ in 0..<landing[month] {
                    recordsOfMonth[month].append(place)
                    place += 1
                }
            }
        }
        // Records in month order; each record's place is its sighting's rank.
        let places = recordsOfMonth.flatMap { $0 }
        let order = PrecedenceOrder(places)
        #expect(Array(order) == places && order.count == places.count)
        #expect(order.indices.allSatisfy { order[$0] == places[$0] })
        #expect((order.runCount ?? .max) <= nights * months && (order.runCount ?? 0) > 1)
        // Shuffled, the places are held as they are.
        var shuffled = places
        for index in shuffled.indices.reversed() { shuffled.swapAt(index, random.next(index + 1)) }
        let held = PrecedenceOrder(shuffled)
        #expect(held.runCount == nil && Array(held) == shuffled && held[17] == shuffled[17])
        #expect(held != order && PrecedenceOrder(shuffled) == held)
        // In record order, one run; none for no records.
        #expect(PrecedenceOrder.inRecordOrder(count: 5) == [0, 1, 2, 3, 4])
        #expect(PrecedenceOrder.inRecordOrder(count: 5).runCount == 1 && Array(PrecedenceOrder([])) == [])
        // A landscape's order, from its dates, is runs.
        let seen = places.map { Timestamp(secondsSinceEpoch: 1_700_000_000 + Int64($0 / Int32(perNight)) * 86_400) }
        let dated = ArticleDeduper.order(
            firstSeen: Timestamps(seen), published: OptionalTimestamps(seen.map { Optional($0) }), ids: nil, jobs: 2)
        #expect(dated.runCount != nil && dated.count == places.count)
    }
}

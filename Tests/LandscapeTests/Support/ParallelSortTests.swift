import Testing

@testable import Landscape

@Suite("Sorting on two cores")
struct ParallelSortTests {
    /// Pairs whose keys repeat often, each remembering where it stood: ties show whether their
    /// order was kept.
    static func pairs(_ count: Int, keys: Int) -> [(key: Int, position: Int)] {
        var state: UInt64 = 42
        return (0..<count).map { position in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Int(state >> 33) % keys, position)
        }
    }

    @Test("two halves sorted apart and merged give what one sort gives, ties in their first order")
    func sameAsOneSort() {
        for (count, keys) in [(20_000, 50), (20_001, 20_000), (9_000, 1), (100, 7)] {
            let items = Self.pairs(count, keys: keys)
            let split = items.sorted(jobs: 2) { $0.key < $1.key }
            #expect(split.map(\.key) == items.map(\.key).sorted(), "\(count) items, \(keys) keys")
            // Stable: within one key, the original positions rise.
            let kept = zip(split, split.dropFirst()).allSatisfy { $0.key < $1.key || $0.position < $1.position }
            #expect(kept, "\(count) items, \(keys) keys")
        }
    }

    @Test(
        "sorted in place by halves and handed on in order, the elements come as the two-core sort gives them, on one core or two"
    )
    func inPlaceHalves() {
        for (count, keys) in [(20_000, 50), (20_001, 20_000), (9_000, 1), (100, 7)] {
            let items = Self.pairs(count, keys: keys)
            let expected = items.sorted(jobs: 2) { $0.key < $1.key }.map(\.position)
            for jobs in [1, 2] {
                var sorting = items
                var handed: [Int] = []
                sorting.sortInHalves(jobs: jobs) {
                    $0.key < $1.key
                } forEachInOrder: {
                    handed.append($0.position)
                }
                #expect(handed == expected, "\(count) items, \(keys) keys, \(jobs) jobs")
                #expect(sorting.count == items.count)
            }
        }
    }

    @Test("a full merge of reports on one core and on two gives the same deals and ids")
    func mergeWhateverJobs() {
        var random = IncrementalMergeTests.SplitMix(state: 11)
        let reports = IncrementalMergeTests.reports(of: 0..<3_000, version: 0, random: &random)
        let one = DealMerger.merge(reports, windowDays: 30, previous: [], jobs: 1)
        let two = DealMerger.merge(reports, windowDays: 30, previous: [], jobs: 2)
        #expect(one.deals.count > 100)
        #expect(one.deals == two.deals)
        #expect(one.deals.map(\.dealID) == two.deals.map(\.dealID))
    }
}

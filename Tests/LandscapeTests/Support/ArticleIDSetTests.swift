import Foundation
import Testing

@testable import Landscape

@Suite("A set of ids held as their bytes")
struct ArticleIDSetTests {
    @Test(
        "inserting ids answers as a set of strings does, across every growth of its table, and keeps each id once in the order it first came, packed or not"
    )
    func asASetOfStrings() {
        var random = IncrementalMergeTests.SplitMix(state: 7)
        for oddEvery in [0, 900] {
            // 5,000 ids, inserted 12,000 times: the table grows from 1,024 slots to 8,192.
            let distinct = (0..<5_000).map {
                oddEvery > 0 && $0 % oddEvery == 899
                    ? "id/\($0) with a slash" : String(format: "%020x", $0 &* 2_654_435)
            }
            var set = ArticleIDSet()
            var reference = Set<String>()
            var firstComings: [String] = []
            for _ in 0..<12_000 {
                let id = distinct[random.next(distinct.count)]
                let isNew = reference.insert(id).inserted
                #expect(set.insert(id) == isNew, "\(id)")
                if isNew { firstComings.append(id) }
            }
            #expect(set.count == reference.count)
            #expect(Array(set.ids) == firstComings)
            #expect(set.ids.isPacked == !firstComings.contains { $0.contains("/") })
            for id in distinct { #expect(set.contains(id) == reference.contains(id), "\(id)") }
            #expect(!set.contains("absent") && !set.contains(String(format: "%020x", 3)))
        }
        #expect(!ArticleIDSet().contains("a"))
    }
}

import Foundation
import Testing

@testable import Landscape

@Suite("Ids found by the hash of their bytes")
struct IDLookupTests {
    @Test(
        "each id's places are found in order, as a dictionary of lists gives them, whether the ids are held packed or not"
    )
    func placesAsADictionary() {
        var random = IncrementalMergeTests.SplitMix(state: 44)
        for oddEvery in [0, 50] {
            let distinct = (0..<800).map {
                oddEvery > 0 && $0 % oddEvery == 0 ? "id with spaces \($0)" : String(format: "%020x", $0 &* 40_503)
            }
            // Each id once or more, repeats anywhere.
            let list = (0..<2_000).map { _ in distinct[random.next(distinct.count)] }
            let ids = ArticleIDs(list)
            #expect(ids.isPacked == (oddEvery == 0))
            let lookup = IDLookup(ids)
            var expected: [String: [Int]] = [:]
            for (place, id) in list.enumerated() { expected[id, default: []].append(place) }
            for id in distinct { #expect(Array(lookup.places(of: id, in: ids)) == expected[id] ?? [], "\(id)") }
            #expect(Array(lookup.places(of: "absent", in: ids)).isEmpty)
        }
        #expect(Array(IDLookup(ArticleIDs()).places(of: "a", in: ArticleIDs())).isEmpty)
    }
}

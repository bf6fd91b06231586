import Testing

@testable import Landscape

@Suite("The partnership network at scale")
struct PartnershipNetworkTests {
    @Test(
        "thousands of edges found by their ends, as the table grows: each edge's deals, value and ids are the ones a plain count of every pair gives"
    )
    func edgesAsAPlainCount() {
        var random = IncrementalMergeTests.SplitMix(state: 5)
        let countries = ["CN", "JP", "KR", "US", "SG", "IN"]
        var deals: [Deal] = []
        for number in 0..<6_000 {
            // A few organisations named often, many named rarely; now and then one named twice.
            let count = 2 + random.next(3)
            var parties: [DealParty] = []
            for _ in 0..<count {
                let organization = random.next(random.next(2) == 0 ? 40 : 900)
                parties.append(
                    PolicyLensTests.party("Org \(organization)", countries[organization % countries.count], nil))
            }
            if number % 97 == 0, let first = parties.first { parties.append(first) }
            var deal = PolicyLensTests.deal(parties)
            let digits = String(number, radix: 16)
            deal.dealID = "dl_" + String(repeating: "0", count: 16 - digits.count) + digits
            deal.valueUSD = number % 5 == 0 ? nil : Double(1 + random.next(1_000)) * 1e6
            if number % 11 == 0 { deal.status = .rumoured }
            deals.append(deal)
        }
        // What the network must hold, counted the plain way: every pair of distinct named
        // parties of a deal that happened, by its two ids.
        var expected: [String: (deals: Int, value: Double, ids: [String])] = [:]
        for deal in deals where AggregateStage.isCounted(deal) {
            var ids: [String] = []
            for party in deal.parties where !ids.contains(party.entityID) { ids.append(party.entityID) }
            for i in ids.indices {
                for j in ids.indices where j > i {
                    let key = min(ids[i], ids[j]) + " " + max(ids[i], ids[j])
                    var entry = expected[key] ?? (0, 0, [])
                    entry.deals += 1
                    entry.value += deal.valueUSD ?? 0
                    entry.ids.append(deal.dealID)
                    expected[key] = entry
                }
            }
        }
        let network = PartnershipNetwork(deals: deals, blocs: PolicyLensTests.lens.blocs)
        #expect(expected.count > 3_000, "the table grows past its first room several times")
        #expect(network.edges.count == expected.count)
        for edge in network.edges {
            let entry = expected["\(edge.source) \(edge.target)"]
            #expect(entry?.deals == edge.deals && entry?.value == edge.valueUSD, "\(edge.source) \(edge.target)")
            #expect(entry?.ids == edge.dealIDs.map(\.description), "\(edge.source) \(edge.target)")
        }
        let ends = network.edges.map { ($0.source, $0.target) }
        #expect(zip(ends, ends.dropFirst()).allSatisfy { $0 < $1 }, "edges in the order of their ids")
    }
}

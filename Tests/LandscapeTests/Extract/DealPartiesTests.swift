import Testing

@testable import Landscape

@Suite("A deal's parties, two held in its box and more in an array")
struct DealPartiesTests {
    static func party(_ id: String, _ country: String) -> DealParty {
        DealParty(entityID: id, name: id.capitalized, country: country, kind: .company)
    }

    static func deal(_ parties: [DealParty]) -> Deal {
        Deal(
            dealID: "dl_1", parties: parties, dealType: .licensing, modalities: ["adc"], valueUSD: nil, upfrontUSD: nil,
            status: .announced, announced: "2026-01-02", confidence: 0.9, sources: [])
    }

    @Test("none, one, two or five parties read back in order, one by one as in the array, and change in place")
    func partiesInAnyNumber() {
        let all = [("lilly", "US"), ("chugai", "JP"), ("celltrion", "KR"), ("biocon", "IN"), ("csl", "AU")].map {
            Self.party($0.0, $0.1)
        }
        for count in [0, 1, 2, 5] {
            let parties = Array(all.prefix(count))
            var deal = Self.deal(parties)
            #expect(deal.parties == parties)
            var visited: [DealParty] = []
            deal.forEachParty { visited.append($0) }
            #expect(visited == parties)
            #expect(deal.countries == Array(Set(parties.compactMap(\.country))).sorted())
            let copy = deal
            guard count > 0 else { continue }
            deal.parties[count - 1].role = .licensee
            #expect(deal.parties[count - 1].role == .licensee && copy.parties[count - 1].role == nil)
            #expect(deal != copy && deal.hashValue != copy.hashValue)
            deal.parties.append(Self.party("takeda", "JP"))
            #expect(deal.parties.count == count + 1 && deal.parties.last?.entityID == "takeda")
            deal.parties.removeAll()
            #expect(deal.parties.isEmpty && copy.parties == parties)
        }
    }

    @Test("an amount and an upfront held in eight bytes each: none, zero, a negative zero and a value stay apart")
    func amountsInEightBytes() throws {
        var deal = Self.deal([])
        #expect(deal.valueUSD == nil && deal.upfrontUSD == nil)
        for value in [0.0, -0.0, 1.5e9, 798_000_000, Double.leastNonzeroMagnitude, -3] {
            deal.valueUSD = value
            deal.upfrontUSD = value / 2
            #expect(deal.valueUSD?.bitPattern == value.bitPattern)
            #expect(deal.upfrontUSD?.bitPattern == (value / 2).bitPattern)
            // And through a file, as a night reads the parent's deals back.
            let line = try JSONLinesReader.decode(Deal.self, [deal].jsonLines(), path: "deals.jsonl", jobs: 1)
            #expect(line == [deal], "\(value)")
        }
        deal.valueUSD = nil
        #expect(deal.valueUSD == nil && deal.upfrontUSD == -1.5)
        deal.upfrontUSD? += 1
        #expect(deal.upfrontUSD == -0.5)
    }
}

import Testing

@testable import Landscape

@Suite("Aggregate: quarters and flows")
struct AggregateStageTests {
    @Test("days written YYYY-MM-DD and otherwise give the quarter their month falls in, or none")
    func quarters() {
        let cases: [(String, String?)] = [
            ("2025-07-14", "2025-Q3"), ("2025-01-01", "2025-Q1"), ("2025-03-31", "2025-Q1"), ("2025-04", "2025-Q2"),
            ("2025-12-31T23:59:59Z", "2025-Q4"), ("2025-13-01", nil), ("2025-00-10", nil),
            // Other writings go by the parts between dashes.
            ("2025-7-14", "2025-Q3"), ("99-11-2", "99-Q4"), ("2025/07/14", nil), ("2025", nil), ("", nil),
            ("2025-0x-01", nil), ("12345-06-01", "12345-Q2"),
        ]
        for (day, quarter) in cases {
            #expect(AggregateStage.quarter(of: day) == quarter, "\(day)")
        }
    }

    @Test("an asset flows from each licensor's or target's country to each licensee's or acquirer's, once a pair")
    func flows() {
        func party(_ id: String, _ country: String?, _ role: PartyRole?) -> DealParty {
            DealParty(entityID: id, name: id, country: country, kind: .company, role: role)
        }
        func deal(_ type: DealType, _ parties: [DealParty]) -> Deal {
            Deal(
                dealID: "d", parties: parties, dealType: type, modalities: [], valueUSD: nil, upfrontUSD: nil,
                status: .announced, announced: nil, confidence: 0.5, sources: [])
        }
        let licence = deal(
            .licensing,
            [
                party("a", "KR", .licensor), party("b", "CN", .licensor), party("c", "KR", .licensor),
                party("d", "US", .licensee), party("e", nil, .licensee), party("f", "JP", nil),
            ])
        #expect(AggregateStage.flows(of: licence) == ["CN->US", "KR->US"])
        let purchase = deal(.mAndA, [party("a", "JP", .acquirer), party("b", "JP", .target)])
        #expect(AggregateStage.flows(of: purchase) == ["JP->JP"])
        let platform = deal(
            .technologyPlatform,
            [party("a", "SG", .licensor), party("b", "US", .licensee), party("c", "DE", .licensee)])
        #expect(AggregateStage.flows(of: platform) == ["SG->DE", "SG->US"])
        #expect(
            AggregateStage.flows(of: deal(.coDevelopment, [party("a", "KR", .licensor), party("b", "US", .licensee)]))
                .isEmpty)
        #expect(AggregateStage.flows(of: deal(.licensing, [party("a", "KR", .licensor)])).isEmpty)
    }
}

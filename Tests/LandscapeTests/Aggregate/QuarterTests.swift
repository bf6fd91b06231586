import Testing

@testable import Landscape

@Suite("Aggregate: the quarter of a day")
struct QuarterTests {
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
}

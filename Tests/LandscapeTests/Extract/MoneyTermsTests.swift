import Foundation
import Testing

@testable import Landscape

@Suite("Money that means one thing")
struct MoneyTermsTests {
    @Test(
        "value_usd is the total potential value: a stated total, else upfront plus milestones",
        arguments: [
            (
                "Norvana will pay Kelbron $80 million upfront and up to $1.2 billion in milestones for the licence.",
                1_280_000_000.0, 80_000_000.0 as Double?
            ),
            (
                "Kelbron licensed the drug to Norvana for $25 million upfront, in a deal worth up to $400 million "
                    + "in total.", 400_000_000, 25_000_000
            ),
            ("Kelbron licensed the drug to Norvana for up to $500 million, including milestones.", 500_000_000, nil),
            ("Norvana will pay Kelbron $15 million upfront for the licence.", 15_000_000, 15_000_000),
            // Milestones in tranches add up; a tranche written as part of another does not.
            (
                "Norvana will pay Kelbron $20 million upfront for the licence, up to $150 million in development "
                    + "milestones and up to $1.1 billion in sales milestones.", 1_270_000_000, 20_000_000
            ),
            (
                "Norvana will pay Kelbron $20 million upfront for the licence and up to $1.2 billion in milestones, "
                    + "including up to $200 million in development milestones.", 1_220_000_000, 20_000_000
            ),
        ])
    func totals(_ sentence: String, _ value: Double, _ upfront: Double?) throws {
        let deal = try #require(Fixtures.deals(sentence).first)
        #expect(deal.valueUSD == value)
        #expect(deal.upfrontUSD == upfront)
    }

    @Test("an amount in a local currency keeps its original beside the USD figure")
    func originalCurrency() throws {
        let deal = try #require(Fixtures.deals("Hanmi licensed the drug to Yuhan for KRW 50 billion.").first)
        #expect(deal.valueOriginal == MoneySum(amount: 50_000_000_000, currency: "KRW"))
        #expect(deal.valueUSD == 36_000_000)
    }

    @Test(
        "the article before a dollar sign is not Australia's: 'a $1.2 billion order' is US dollars, 'A$120 million' is not"
    )
    func dollarPrefixes() throws {
        let order = try #require(
            Fixtures.deals("Samsung Biologics won a $1.2 billion manufacturing order from Kelbron Pharma.").first)
        #expect(order.valueUSD == 1_200_000_000)
        #expect(order.valueOriginal == nil)
        let australian = try #require(
            Fixtures.deals("CSL licensed the vaccine to Kelbron Pharma for A$120 million.").first)
        #expect(australian.valueOriginal == MoneySum(amount: 120_000_000, currency: "AUD"))
        let singapore = try #require(
            Fixtures.deals("Lion TCR licensed the therapy to Kelbron Pharma for S$40 million.").first)
        #expect(singapore.valueOriginal == MoneySum(amount: 40_000_000, currency: "SGD"))
    }

    @Test("a sum stated twice, in won and in dollars, is one amount: the text's own dollar figure")
    func restated() throws {
        let deal = try #require(
            Fixtures.deals(
                "Samsung Biologics signed a manufacturing contract with Kelbron worth 111.2 billion won ($77 million)."
            )
            .first)
        #expect(deal.valueUSD == 77_000_000)
        #expect(deal.valueOriginal == MoneySum(amount: 111_200_000_000, currency: "KRW"))
    }

    @Test("the deal record writes roles, parents and the original sum")
    func record() throws {
        let deal = try #require(Fixtures.deals("Hanmi licensed the drug to Yuhan for KRW 50 billion.").first)
        var writer = JSONWriter()
        deal.write(to: &writer)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: Any])
        let original = try #require(object["value_original"] as? [String: Any])
        #expect(original["currency"] as? String == "KRW")
        let parties = try #require(object["parties"] as? [[String: Any]])
        #expect(Set(parties.compactMap { $0["role"] as? String }) == ["licensor", "licensee"])
        #expect(parties.allSatisfy { $0.keys.contains("parent") })
    }
}

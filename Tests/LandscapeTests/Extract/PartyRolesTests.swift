import Testing

@testable import Landscape

@Suite("Party roles in a sentence")
struct PartyRolesTests {
    @Test("overlapping name spans from two recognisers are read without a trap")
    func overlappingSpans() {
        let text = Array("Firms will work with Osaka Medical University Hospital, Kyushu University and Eisai.".utf8)
        // Two readings of one name, the second reaching further: the gap between them is negative.
        let spans = [21..<46, 27..<55, 57..<74, 79..<84]
        let roles = PartyRoles.roles(in: text, spans: spans, organizations: [1, 2, 3, 4])
        #expect(roles == [.party, .party, .party, .party])
    }

    @Test("a head word after an unknown name extends it into one organisation, not two overlapping ones")
    func unknownNameExtendsAnother() throws {
        let extraction = Fixtures.extractor.extract(
            Fixtures.article(
                "The firms plan joint research with Tokyo Medical University Hospital, Kyushu University and Eisai."))
        let organizations = extraction.mentions.filter { $0.type == .organization }
        for (left, right) in zip(organizations, organizations.dropFirst()) { #expect(left.end <= right.start) }
        #expect(organizations.map(\.name).contains("Tokyo Medical University Hospital"))
        #expect(!organizations.map(\.name).contains("Medical University"))
        let deal = try #require(extraction.deals.first)
        #expect(deal.parties.count == 3)
    }

    @Test(
        "an owner named right before its unit owns that unit, which takes the owner's country when the text gives none")
    func ownerBeforeUnit() throws {
        let deal = try #require(
            Fixtures.deals(
                "Boston-based Tessera Bio licensed a bispecific antibody from Shanghai-based Hansoh subsidiary Qiantang Biologics."
            ).first)
        let unit = try #require(deal.parties.first { $0.name == "Qiantang Biologics" })
        #expect(unit.parent == "Hansoh Pharmaceutical")
        #expect(unit.country == "CN")
        #expect(!deal.parties.contains { $0.name == "Hansoh Pharmaceutical" })
        // The owner named after its unit keeps working as before.
        let after = try #require(
            Fixtures.deals("Tessera Bio licensed an antibody from Qiantang Biologics, a Hansoh subsidiary.").first)
        #expect(after.parties.first { $0.name == "Qiantang Biologics" }?.parent == "Hansoh Pharmaceutical")
    }

    @Test("buying in the future and present tense is a takeover")
    func buyingTenses() throws {
        for text in [
            "Japan's Astellas will buy US biotech Iovance for $3 billion.",
            "Astellas is buying Iovance in an all-cash deal.",
            "Astellas purchased Iovance last year, it said.",
        ] {
            let deal = try #require(Fixtures.deals(text).first, "\(text)")
            #expect(deal.dealType == .mAndA, "\(text)")
            #expect(Set(deal.parties.compactMap(\.name)) == ["Astellas Pharma", "Iovance Biotherapeutics"], "\(text)")
        }
    }

    @Test("a deal between companies named only by its price is a licence; one without a price stays an alliance")
    func pricedDeals() throws {
        let priced = try #require(
            Fixtures.deals("Hansoh inks a $1.8 billion deal with Norvana Pharma for an obesity drug.").first)
        #expect(priced.dealType == .licensing)
        let unpriced = try #require(
            Fixtures.deals("Hansoh and Norvana Pharma signed a deal to work together in Asia.").first)
        #expect(unpriced.dealType == .mouStrategicAlliance)
        let rights = try #require(
            Fixtures.deals("Zai Lab gained Greater China rights to the drug from Norvana Pharma.").first)
        #expect(rights.dealType == .licensing)
    }
}

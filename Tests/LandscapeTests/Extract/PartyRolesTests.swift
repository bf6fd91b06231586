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
}

import Foundation
import Testing

@testable import Landscape

/// Who licensed to whom, who bought whom, and deals stated as lists (sentences written for these
/// tests; the names are made up).
@Suite("Deal direction and lists of counterparties")
struct DealDirectionTests {
    static func roles(_ sentence: String) -> [String: PartyRole?] {
        guard let deal = Fixtures.deals(sentence).first else { return [:] }
        return Dictionary(
            deal.parties.compactMap { party in party.name.map { ($0, party.role) } },
            uniquingKeysWith: { first, _ in first })
    }

    @Test(
        "each party's role from the verb and the preposition in front of it",
        arguments: [
            (
                "Kelbron licensed its antibody to Norvana for $40 million upfront.", "Kelbron", PartyRole.licensor,
                "Norvana", PartyRole.licensee
            ),
            ("Norvana in-licensed the antibody from Kelbron.", "Norvana", .licensee, "Kelbron", .licensor),
            (
                "Norvana will pay Kelbron $10 million upfront for an exclusive licence.", "Norvana", .licensee,
                "Kelbron", .licensor
            ),
            (
                "Kelbron agreed to acquire Ostara Therapeutics for $300 million.", "Kelbron", .acquirer,
                "Ostara Therapeutics", .target
            ),
            (
                "Ostara Therapeutics will be acquired by Kelbron for $300 million.", "Ostara Therapeutics", .target,
                "Kelbron", .acquirer
            ),
            (
                "Lotus Harbour Holdings invested $30 million in Medivista.", "Lotus Harbour Holdings", .investor,
                "Medivista", .investee
            ),
            (
                "Medivista raised $30 million in a financing round led by Lotus Harbour Holdings.", "Medivista",
                .investee, "Lotus Harbour Holdings", .investor
            ),
            (
                "Aster Biologics will manufacture the antibody for Kelbron under a CDMO contract.", "Aster Biologics",
                .provider, "Kelbron", .client
            ),
            ("Kelbron and Norvana agreed to co-develop two ADCs.", "Kelbron", .partner, "Norvana", .partner),
        ])
    func roles(_ sentence: String, _ first: String, _ firstRole: PartyRole, _ second: String, _ secondRole: PartyRole)
        throws
    {
        let roles = Self.roles(sentence)
        #expect(roles[first] == firstRole, "\(sentence)")
        #expect(roles[second] == secondRole, "\(sentence)")
    }

    @Test("a licence that does not say who licensed to whom leaves the roles unknown")
    func unknownDirection() {
        let roles = Self.roles("Kelbron signed a licensing agreement with Norvana covering an ADC.")
        #expect(roles.count == 2)
        #expect(roles.values.allSatisfy { $0 == nil })
    }

    @Test(
        "a licence whose words leave its direction open goes from the party whose asset it names",
        arguments: [
            (
                "Norvana and Kelbron signed a licence agreement to develop Kelbron's antibody KB-101 in Japan.",
                "Kelbron", "Norvana"
            ),
            (
                "Kelbron signed a licensing agreement with Norvana covering Norvana\u{2019}s phase II candidate.",
                "Norvana", "Kelbron"
            ),
            (
                "Kelbron Pharma and Norvana agreed a licence for Kelbron Pharma's ADC platform in Korea.",
                "Kelbron Pharma", "Norvana"
            ),
        ])
    func licenceFromAssetOwner(_ sentence: String, _ licensor: String, _ licensee: String) {
        let roles = Self.roles(sentence)
        #expect(roles[licensor] == .licensor, "\(sentence)")
        #expect(roles[licensee] == .licensee, "\(sentence)")
    }

    @Test(
        "an owner's word that names no asset, or both parties' assets, leave the licence's direction open",
        arguments: [
            "Norvana and Kelbron signed a licence agreement, Kelbron's chief executive said on Monday.",
            "Norvana and Kelbron signed a licence to pair Norvana's antibody with Kelbron's linker technology.",
        ])
    func licenceWithoutOneOwner(_ sentence: String) {
        let roles = Self.roles(sentence)
        #expect(roles.count == 2, "\(sentence)")
        #expect(roles.values.allSatisfy { $0 == nil }, "\(sentence)")
    }

    @Test(
        "a licence that leaves its direction open takes it from what each party gets elsewhere in the story",
        arguments: [
            // Money got: the licensor; rights got: the licensee; both said, or one said.
            (
                "Kelbron and Norvana signed a licensing agreement for an ADC. Kelbron is eligible for $20 million "
                    + "upfront and further milestone payments, while Norvana gains the sole right to sell it in Japan.",
                PartyRole.licensor, PartyRole.licensee
            ),
            (
                "Kelbron signed a licensing agreement with Norvana covering an ADC. Under the terms Norvana will "
                    + "take charge of the trials and may take a licence to two more programs.",
                .licensor, .licensee
            ),
            (
                "Kelbron signed a licensing agreement with Norvana covering an ADC. Kelbron keeps the rights in "
                    + "China and could receive royalties on sales elsewhere.",
                .licensor, .licensee
            ),
            (
                "Kelbron signed a licensing agreement with Norvana covering an ADC. Norvana stands to receive as "
                    + "much as $90 million in total.",
                .licensee, .licensor
            ),
        ])
    func sideFromWhatEachGets(_ text: String, _ kelbron: PartyRole, _ norvana: PartyRole) throws {
        let deal = try #require(Fixtures.deals(text).first, "\(text)")
        #expect(deal.parties.first { $0.name == "Kelbron" }?.role == kelbron, "\(text)")
        #expect(deal.parties.first { $0.name == "Norvana" }?.role == norvana, "\(text)")
    }

    @Test("a technology transfer of a drug is an out-licence; of a plant's manufacturing technology, manufacturing")
    func technologyTransfer() throws {
        let licence = try #require(
            Fixtures.deals(
                "Kelbron Pharma signed a technology transfer agreement with Norvana Biosciences to transfer its ADC "
                    + "candidate, worth up to $300 million."
            ).first)
        #expect(licence.dealType == .licensing)
        #expect(licence.parties.first { $0.name == "Kelbron Pharma" }?.role == .licensor)
        let plant = try #require(
            Fixtures.deals(
                "Kelbron Pharma will transfer its manufacturing technology to Norvana Biosciences for a vaccine plant."
            ).first)
        #expect(plant.dealType == .cdmoManufacturing)
    }

    @Test("the one a deal grants rights to is the licensee; a stock exchange is no party")
    func grantedRights() throws {
        let deal = try #require(
            Fixtures.deals(
                "Kelbron Pharma, the largest drugmaker on the Kosdaq, secured a licensing agreement with Norvana "
                    + "Biosciences worth $200 million. The deal grants Norvana Biosciences rights to an siRNA candidate."
            ).first)
        #expect(deal.parties.compactMap(\.name).sorted() == ["Kelbron Pharma", "Norvana Biosciences"])
        #expect(deal.parties.first { $0.name == "Norvana Biosciences" }?.role == .licensee)
        #expect(deal.parties.first { $0.name == "Kelbron Pharma" }?.role == .licensor)
    }

    @Test("a distribution deal takes its direction from who will distribute elsewhere in the story")
    func distributorFromTheStory() throws {
        let deal = try #require(
            Fixtures.deals(
                "Kelbron Pharma and Norvana Biosciences entered into an agreement for exclusive distribution of an "
                    + "inhaler in India. Under it Norvana Biosciences will distribute and promote the inhaler for "
                    + "five years."
            ).first)
        #expect(deal.dealType == .distributionCommercialization)
        #expect(deal.parties.first { $0.name == "Norvana Biosciences" }?.role == .client)
        #expect(deal.parties.first { $0.name == "Kelbron Pharma" }?.role == .provider)
    }

    @Test("a round that names only its investors is the round of the company the story is about")
    func roundOfTheProtagonist() throws {
        let backed = try #require(
            Fixtures.deals(
                "Investors including Lotus Harbour Capital and Aster Ventures backed a $20 million Series A round "
                    + "for Norvana Biosciences."
            ).first)
        #expect(backed.parties.first { $0.name == "Lotus Harbour Capital" }?.role == .investor)
        #expect(backed.parties.first { $0.name == "Norvana Biosciences" }?.role == .investee)
        let deals = Fixtures.deals(
            "Norvana Biosciences said it had raised $34 million in a Series C financing. The financing was led by "
                + "Lotus Harbour Capital. Existing investors Aster Ventures and Kelbron Capital also participated in "
                + "the round.")
        let investees = Set(deals.flatMap { $0.parties.filter { $0.role == .investee }.compactMap(\.name) })
        #expect(investees == ["Norvana Biosciences"])
        let investors = Set(deals.flatMap { $0.parties.filter { $0.role == .investor }.compactMap(\.name) })
        #expect(investors.isSuperset(of: ["Lotus Harbour Capital", "Aster Ventures", "Kelbron Capital"]))
    }

    @Test("an infinitive after the counterparty is the subject's purpose, not the counterparty's side")
    func purposeIsTheSubjects() throws {
        let deal = try #require(
            Fixtures.deals(
                "Kelbron has teamed up with Norvana under a licensing agreement. It teamed up with Norvana to take "
                    + "an exclusive licence to the antibody."
            ).first)
        #expect(deal.parties.first { $0.name == "Norvana" }?.role != .licensee)
    }

    @Test("sellers named in a list after 'from' are all sellers")
    func listOfSellers() throws {
        let deal = try #require(
            Fixtures.deals(
                "Kelbron closed its acquisition of Ostara Therapeutics, buying it from Aster Group Holdings and "
                    + "Medivista Corporation."
            ).first)
        #expect(deal.parties.first { $0.name == "Kelbron" }?.role == .acquirer)
        #expect(deal.parties.first { $0.name == "Medivista Corporation" }?.role == .seller)
    }

    @Test("rights given to a list of licensees country by country are one deal each, with the shared terms")
    func listOfLicensees() {
        let deals = Fixtures.deals(
            "Taiwan's Kelbron licensed the rights to Norvana in Canada, Laboratórios Verano in Brazil and Medivista in "
                + "Mexico for a total of $60 million.")
        #expect(deals.count == 3)
        for deal in deals {
            #expect(deal.parties.count == 2)
            #expect(deal.parties.first { $0.name == "Kelbron" }?.role == .licensor)
            #expect(deal.dealType == .licensing)
            #expect(deal.valueUSD == 60_000_000)
        }
        #expect(
            Set(deals.flatMap { $0.parties.map(\.name) }) == ["Kelbron", "Norvana", "Laboratórios Verano", "Medivista"])
    }

    @Test("a possessive buyer with a list of targets: one acquisition per target")
    func listOfTargets() {
        let deals = Fixtures.deals(
            "The purchase follows Kelbron's recent acquisitions of Ostara Therapeutics and Norvana Biosciences.")
        #expect(deals.count == 2)
        #expect(deals.allSatisfy { $0.dealType == .mAndA })
        #expect(deals.allSatisfy { $0.parties.first { $0.name == "Kelbron" }?.role == .acquirer })
    }

    @Test("an alliance of many members is one deal with all of them")
    func alliance() throws {
        let deal = try #require(
            Fixtures.deals("Kelbron, Norvana, Medivista and Aster Biologics formed a strategic alliance on vaccines.")
                .first)
        #expect(deal.parties.count == 4)
        #expect(deal.parties.allSatisfy { $0.role == .partner })
    }

    @Test("a parent named with its subsidiary: the subsidiary signs, the parent is named, one deal")
    func parentAndSubsidiary() throws {
        let text =
            "AbbVie signed a licence with Ichnos Glenmark Innovation for ISB 2001, paying $700 million upfront. "
            + "The licence with Glenmark is worth up to $1.9 billion."
        let deals = Fixtures.deals(text)
        #expect(deals.count == 1)
        let deal = try #require(deals.first)
        #expect(Set(deal.parties.map(\.name)) == ["AbbVie", "Ichnos Glenmark Innovation"])
        #expect(deal.parties.first { $0.name == "Ichnos Glenmark Innovation" }?.parent == "Glenmark Pharmaceuticals")
    }

    @Test("a deal with an unnamed subsidiary of a group is the group's; a named subsidiary keeps its parent")
    func unnamedSubsidiary() throws {
        let deal = try #require(
            Fixtures.deals("Biocon signed a supply agreement with a subsidiary of Takeda for three generics.")
                .first)
        #expect(Set(deal.parties.compactMap(\.name)) == ["Biocon", "Takeda Pharmaceutical"])
        let named = try #require(
            Fixtures.deals("Norvana Pharma, a subsidiary of Kelbron Holdings, signed a supply agreement with Biocon.")
                .first)
        #expect(Set(named.parties.compactMap(\.name)) == ["Norvana Pharma", "Biocon"])
        #expect(named.parties.first { $0.name == "Norvana Pharma" }?.parent == "Kelbron Holdings")
    }

    @Test("'X said its subsidiary Y signed' makes Y the party and X its parent")
    func subsidiaryInText() throws {
        let deal = try #require(
            Fixtures.deals("Kelbron Holdings said its subsidiary Kelbron Pharma signed a licence with Norvana.").first)
        #expect(Set(deal.parties.map(\.name)) == ["Kelbron Pharma", "Norvana"])
        #expect(deal.parties.first { $0.name == "Kelbron Pharma" }?.parent == "Kelbron Holdings")
    }

    @Test("'through its Japanese subsidiary Y' makes Y the party and the speaker its parent")
    func subsidiaryWithDescription() throws {
        let deal = try #require(
            Fixtures.deals(
                "Kelbron Holdings agreed through its Japanese subsidiary Kelbron Pharma to acquire 12 products "
                    + "from Norvana."
            ).first)
        #expect(Set(deal.parties.map(\.name)) == ["Kelbron Pharma", "Norvana"])
        #expect(deal.parties.first { $0.name == "Kelbron Pharma" }?.parent == "Kelbron Holdings")
    }

    @Test(
        "a counterparty described but not named is a party with its country and no name",
        arguments: [
            (
                "Malaysia's Norvana signed a supply agreement with a Qatari medical device distributor.", "QA",
                "distributor"
            ),
            (
                "Singapore's Aster Biologics will provide CMO services to a U.S. pharmaceutical firm it did not name.",
                "US",
                "firm"
            ),
            ("Kelbron Holdings concluded a cooperation agreement with two partners from Singapore.", "SG", "partners"),
        ])
    func describedCounterparty(_ sentence: String, _ country: String, _ noun: String) throws {
        let deal = try #require(Fixtures.deals(sentence).first, "\(sentence)")
        #expect(deal.parties.count == 2)
        let unnamed = try #require(deal.parties.first { $0.name == nil })
        #expect(unnamed.country == country)
        #expect(unnamed.entityID == "unnamed:\(country.lowercased())-\(noun)")
    }

    @Test("a description the text goes on to name is left to the name")
    func describedThenNamed() throws {
        let deal = try #require(
            Fixtures.deals("Norvana signed a licence with a Japanese drugmaker, Kelbron Pharma, for its ADC.").first)
        #expect(deal.parties.allSatisfy { $0.name != nil })
    }

    @Test("'The company' opening a deal sentence is the company the article is about")
    func companyAnaphor() throws {
        let deals = Fixtures.deals(
            "Norvana Biosciences reported higher sales of its eye drops. "
                + "The Korean company signed a distribution agreement with Kelbron Holdings for Vietnam.")
        let deal = try #require(deals.first)
        #expect(Set(deal.parties.compactMap(\.name)) == ["Norvana Biosciences", "Kelbron Holdings"])
        // Not when "the company" is only a possessive: "The company's plant".
        #expect(
            Fixtures.deals(
                "Norvana Biosciences reported higher sales. The company's plant signed a supply deal with Kelbron Holdings."
            ).isEmpty)
    }

    @Test("a deal with every party placed outside Asia-Pacific is outside the landscape")
    func outsideTheRegion() {
        #expect(Fixtures.deals("Pfizer agreed to acquire Sanofi's vaccine unit from Novartis.").isEmpty)
        #expect(!Fixtures.deals("Pfizer agreed to acquire a stake in Celltrion.").isEmpty)
    }
}

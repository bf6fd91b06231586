import Foundation
import Testing

@testable import Landscape

/// Organisations no list holds, found by where deal sentences name them (sentences written for
/// these tests; the names are made up).
@Suite("Organisations in party slots")
struct PartySlotNamesTests {
    static func partyNames(_ text: String, title: String? = nil) -> [[String]] {
        Fixtures.deals(text, title: title).map { $0.parties.compactMap(\.name) }
    }

    static func organizations(_ text: String) -> [Mention] {
        Fixtures.extractor.extract(Fixtures.article(text)).mentions.filter { $0.type == .organization }
    }

    @Test(
        "one-word, coined, mixed-case and accented names are parties where a deal sentence puts them",
        arguments: [
            ("Norvana has signed an exclusive licence with Kelbron for its lead antibody.", ["Norvana", "Kelbron"]),
            (
                "ImmuTx agreed to co-develop two cell therapies with Laboratórios Verano.",
                ["ImmuTx", "Laboratórios Verano"]
            ),
            (
                "Medivista will pay Ostara B.V. $20 million for the Korean rights to an eye drug.",
                ["Medivista", "Ostara B.V."]
            ),
            (
                "Lotus Harbour Holdings Pte Ltd took a stake in Medivista.",
                ["Lotus Harbour Holdings Pte Ltd", "Medivista"]
            ),
            ("Pelion (USA) Inc. agreed to acquire Kelbron to enter Japan.", ["Pelion (USA) Inc.", "Kelbron"]),
            ("KB inno.V signed a supply agreement with Kelbron.", ["KB inno.V", "Kelbron"]),
        ])
    func namesInSlots(_ sentence: String, _ expected: [String]) throws {
        let deal = try #require(Fixtures.deals(sentence).first, "\(sentence)")
        #expect(Set(deal.parties.map(\.name)) == Set(expected))
    }

    @Test("a name that begins with a place keeps it, and the place gives the country")
    func placeFirst() throws {
        let deal = try #require(
            Fixtures.deals("Korea Gene Medicine signed a licensing agreement with Tarsel Therapeutics.").first)
        #expect(deal.parties.map(\.name).contains("Korea Gene Medicine"))
        #expect(deal.parties.first { $0.name == "Korea Gene Medicine" }?.country == "KR")
    }

    @Test("persons, product codes, drugs, regions and months are not organisations")
    func notOrganizations() {
        let text =
            "Kelbron signed a licence with Norvana for AB-101 and Zelotamab in Europe, said Mara Quint, "
            + "chief executive of Kelbron. On Monday Norvana agreed to pay Kelbron $5 million."
        let names = Set(Self.organizations(text).map(\.name))
        #expect(names == ["Kelbron", "Norvana"])
    }

    @Test("a word that only opens sentences is no name, and a term the text defines is no party")
    func ordinaryWords() {
        let text =
            "Risk is shared under the agreement between Kelbron and Norvana. The drug treats chronic "
            + "kidney disease (CKD). CKD will be the first target of the licence Norvana took."
        let names = Set(Self.organizations(text).map(\.name))
        #expect(!names.contains("Risk"))
        #expect(!names.contains("CKD"))
        #expect(names.isSuperset(of: ["Kelbron", "Norvana"]))
    }

    @Test("one article's names: a short form and a bracketed abbreviation are the same organisation")
    func shortForms() throws {
        let text =
            "Verano Pharmaceuticals (VPL) signed a distribution deal with Kelbron Holdings. "
            + "Verano will sell the drug in Brazil. VPL shares rose 4%."
        let organizations = Self.organizations(text)
        let verano = organizations.filter { $0.surface.hasPrefix("Verano") || $0.surface == "VPL" }
        #expect(verano.count == 4)
        #expect(Set(verano.map(\.entityID)).count == 1)
        #expect(verano.allSatisfy { $0.name == "Verano Pharmaceuticals" })
    }

    @Test(
        "the country of an unknown organisation from the words around it",
        arguments: [
            ("Norvana (KOSDAQ: 123456) signed a licence with Kelbron.", "Norvana", "KR"),
            ("Norvana, a drug developer based in Japan, signed a licence with Kelbron.", "Norvana", "JP"),
            ("Canada's Kelbron signed a licence with Norvana for the Chinese market.", "Kelbron", "CA"),
            ("The Filipino firm Kelbron signed a supply deal with Norvana.", "Kelbron", "PH"),
            ("Kelbron of Taiwan signed a licence with Norvana.", "Kelbron", "TW"),
            ("Kelbron Pty Ltd signed a licence with Norvana.", "Kelbron Pty Ltd", "AU"),
            ("Norvana signed a distribution deal with Kelbron Sdn. Bhd.", "Kelbron Sdn. Bhd.", "MY"),
            // A description that ends in a noun for an organisation carries its place to the name.
            (
                "Aster Pharma agreed to acquire U.S. clinical-stage biopharmaceutical company Kelbron Therapeutics to "
                    + "grow in Japan.",
                "Kelbron Therapeutics", "US"
            ),
            (
                "Aster Pharma agreed to sell its Indian unit, Kelbron Laboratories, to Norvana.",
                "Kelbron Laboratories", "IN"
            ),
        ])
    func countries(_ sentence: String, _ name: String, _ country: String) throws {
        let deal = try #require(Fixtures.deals(sentence).first, "\(sentence)")
        #expect(deal.parties.first { $0.name == name }?.country == country)
    }

    @Test("a base or a person's nationality before a name is no part of it")
    func basesAndNationals() throws {
        let deal = try #require(
            Fixtures.deals("Japan's Aster Pharma will buy Massachusetts-based Kelbron Pharmaceuticals for $5 billion.")
                .first)
        #expect(deal.parties.contains { $0.name == "Kelbron Pharmaceuticals" })
        let led = Fixtures.deals(
            "Aster Pharma, led by Frenchman Jules Kervaud, has made acquisitions abroad, including a 2020 acquisition "
                + "of Norvana Biosciences.")
        let parties = Set(led.flatMap { $0.parties.compactMap(\.name) })
        #expect(!parties.contains { $0.contains("Kervaud") })
        // "led by" speaks of the chief executive, not of the acquisition: Aster bought Norvana.
        #expect(led.first?.parties.first { $0.name == "Aster Pharma" }?.role == .acquirer)
    }

    @Test("a place named before another organisation does not place the next one")
    func placeBelongsToItsOwnName() throws {
        let deal = try #require(
            Fixtures.deals("Taiwan's Health Ministry signed an MOU with Meridian Heart Hospital on digital care.").first
        )
        #expect(deal.parties.first { $0.name == "Meridian Heart Hospital" }?.country == nil)
    }

    @Test("a subject coordinated with another needs no verb of its own: both are parties")
    func coordinated() throws {
        let deal = try #require(
            Fixtures.deals("Norvana and Kelbron Holdings have formed a joint venture to make vaccines in Vietnam.")
                .first)
        #expect(Set(deal.parties.map(\.name)) == ["Norvana", "Kelbron Holdings"])
        #expect(deal.dealType == .coDevelopment)
    }

    @Test("a title-case headline names nobody by its capitals; the same headline in sentence case does")
    func titleCase() {
        #expect(
            Fixtures.deals(
                "Markets were calm.", title: "Kelbron Signs Deal With Norvana To Expand Across Southeast Asia"
            )
            .isEmpty)
        let deals = Fixtures.deals("Markets were calm.", title: "Kelbron signs deal with Norvana to expand in Asia")
        #expect(deals.map { Set($0.parties.map(\.name)) } == [["Kelbron", "Norvana"]])
    }

    @Test("what a company owns is its product, not a party: 'its Zelvora', 'its candidate Kestovir'")
    func ownedProducts() {
        let names = Set(
            Self.organizations(
                "Norvana signed a licence with Kelbron for its Zelvora-X and its antiviral candidate Kestovir."
            ).map(\.name))
        #expect(names == ["Norvana", "Kelbron"])
    }

    @Test("a name the story calls a product anywhere is no party where a deal sentence puts it")
    func productNamedElsewhere() {
        let text =
            "Norvana Biosciences signed a memorandum with the Aster Institute to develop its antiviral candidate "
            + "Tarnova for dengue. The Aster Institute signed a licence with Tarnova for poor countries."
        let names = Set(Self.partyNames(text).flatMap { $0 })
        #expect(names.contains("Norvana Biosciences"))
        #expect(!names.contains("Tarnova"))
        // Without the product cue the same slot holds an organisation.
        let plain = Set(
            Self.partyNames(
                "Norvana Biosciences signed a memorandum with the Aster Institute to develop an antiviral for dengue. "
                    + "The Aster Institute signed a licence with Tarnova for poor countries."
            ).flatMap { $0 })
        #expect(plain.contains("Tarnova"))
    }

    @Test("a surname the story gives a title anywhere is a person where a deal sentence puts it")
    func personNamedElsewhere() {
        let text =
            "Norvana Biosciences signed a licence with Kelbron Pharma for an ADC. Talking about the licence with "
            + "Kelbron Pharma, Ravi Tandorak, Norvana's Vice Chairman, said it widened the pipeline. "
            + "Tandorak said the agreement would be followed by a second licence with Kelbron Pharma."
        let names = Set(Self.partyNames(text).flatMap { $0 })
        #expect(names.isSuperset(of: ["Norvana Biosciences", "Kelbron Pharma"]))
        #expect(!names.contains("Tandorak"))
        #expect(!names.contains("Ravi Tandorak"))
    }

    @Test("a shortened name is the same organisation: 'EPD Bio' for 'EPD Biotherapeutics Co. Ltd.'")
    func shortenedName() throws {
        let text =
            "Genexine will merge with EPD Biotherapeutics Co. Ltd. this year. "
            + "EPD Bio will bring its protein degrader platform to the merger."
        let ids = Set(Self.organizations(text).filter { $0.surface.hasPrefix("EPD") }.map(\.entityID))
        #expect(ids.count == 1)
    }

    @Test("a regulator that clears a deal is no party; a company's own board approving it is")
    func approvers() throws {
        let cleared = try #require(
            Fixtures.deals(
                "The Ministry of Health of Vietnam cleared Kelbron Holdings to transfer its manufacturing technology to "
                    + "Norvana Pharma."
            ).first)
        #expect(Set(cleared.parties.map(\.name)) == ["Kelbron Holdings", "Norvana Pharma"])
        let board = try #require(
            Fixtures.deals(
                "In a private placement approved by Ha Tay Pharmaceutical, Aska Pharmaceutical will take 11% "
                    + "of its shares."
            ).first)
        #expect(Set(board.parties.map(\.name)) == ["Ha Tay Pharmaceutical", "Aska Pharmaceutical"])
    }

    @Test("a publication's title after a capital The is no party; a demonym before a company still places it")
    func publicationTitles() throws {
        let interview = Fixtures.deals(
            "Kalbe Farma wants to buy a hospital chain within two years, its chief executive said in an interview "
                + "with The Indonesian Ledger.")
        #expect(!interview.flatMap(\.parties).contains { $0.name == "Ledger" || $0.name == "Indonesian Ledger" })
        let deal = try #require(
            Fixtures.deals("Kalbe Farma signed a distribution agreement with Japanese Norvana Pharma.").first)
        #expect(deal.parties.contains { $0.name == "Norvana Pharma" && $0.country == "JP" })
    }

    @Test("a commission or ministry named in a takeover's sentence is no party to it")
    func regulatorsInTakeovers() throws {
        let deal = try #require(
            Fixtures.deals("The Fair Trade Commission of Korea has approved Celltrion's acquisition of Norvana Pharma.")
                .first)
        #expect(Set(deal.parties.compactMap(\.name)) == ["Celltrion", "Norvana Pharma"])
        #expect(deal.dealType == .mAndA)
        // A ministry signing a memorandum is a party to it.
        let mou = try #require(
            Fixtures.deals("The Ministry of Health of Vietnam signed a memorandum of understanding with Celltrion.")
                .first)
        #expect(mou.parties.count == 2)
    }
}

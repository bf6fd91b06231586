import Foundation
import Landscape
import Testing

@Suite("Deal extraction on sentences written for the tests")
struct DealExtractorTests {
    @Test("former names and aliases resolve to one canonical organisation")
    func aliases() throws {
        let deals = Fixtures.deals("LegoChem Biosciences signed a license agreement with Ono Pharma for an ADC.")
        let deal = try #require(deals.first)
        #expect(Set(deal.parties.map(\.name)) == ["LigaChem Biosciences", "Ono Pharmaceutical"])
        #expect(deal.dealType == .licensing)
        #expect(deal.modalities == ["adc"])
        #expect(deal.countries == ["JP", "KR"])
        #expect(deal.isCrossBorder)
        #expect(deal.isAPAC)
    }

    @Test(
        "a deal whose sentences name no modality takes the article's when it is the article's one deal, not a round-up's other stories'"
    )
    func modalityFromTheArticle() throws {
        // One deal: the modality is named in the title and a later sentence, not in the deal's.
        let alone = Fixtures.deals(
            "Celltrion signed a license agreement with Ono Pharma on Monday. The asset is an antibody-drug conjugate.",
            title: "Celltrion licenses its ADC")
        #expect(alone.count == 1)
        #expect(alone.first?.modalities == ["adc"])
        // A round-up: the second story's product is not the first deal's.
        let roundUp = Fixtures.deals(
            """
            Celltrion signed a license agreement with Ono Pharma on Monday.
            In other news, Samsung Biologics agreed a manufacturing deal with UCB for an mRNA vaccine.
            """)
        let first = try #require(roundUp.first { Set($0.parties.map(\.name)).contains("Celltrion") })
        let second = try #require(roundUp.first { Set($0.parties.map(\.name)).contains("UCB") })
        #expect(first.modalities.isEmpty)
        #expect(Set(second.modalities) == ["mrna", "vaccine"])
    }

    @Test("possessives do not hide a name")
    func possessives() throws {
        let deals = Fixtures.deals("Samsung Biologics' manufacturing agreement with UCB covers an antibody.")
        let deal = try #require(deals.first)
        #expect(Set(deal.parties.map(\.name)) == ["Samsung Biologics", "UCB"])
        #expect(deal.dealType == .cdmoManufacturing)
        #expect(deal.countries == ["BE", "KR"])
    }

    @Test("a list of three parties makes one deal with three parties")
    func threeParties() throws {
        let deals = Fixtures.deals(
            "Celltrion, Pinotbio and Iksuda Therapeutics agreed to co-develop antibody-drug conjugates.")
        let deal = try #require(deals.first)
        #expect(deal.parties.count == 3)
        #expect(deal.dealType == .coDevelopment)
    }

    @Test(
        "negations and hedges set the status",
        arguments: [
            (
                "Shanghai Pharmaceuticals terminated its licensing deal with Guizhou Shengnuo Biotech.",
                DealStatus.terminated
            ),
            ("Roche is reportedly in talks to license a drug from Innovent Biologics.", .rumoured),
            ("AstraZeneca completed its acquisition of Gracell Biotechnologies.", .completed),
            ("Takeda licensed a vaccine from AC Immune.", .announced),
        ])
    func status(_ sentence: String, _ expected: DealStatus) throws {
        let deal = try #require(Fixtures.deals(sentence).first)
        #expect(deal.status == expected)
    }

    @Test(
        "money in many formats, upfront apart from total",
        arguments: [
            ("Pfizer will license the drug from 3SBio for US$1.2 billion.", 1_200_000_000.0, nil as Double?),
            ("Merck will pay Hansoh Pharma $30M upfront and up to $1.9 billion in total.", 1_900_000_000, 30_000_000),
            ("Hanmi licensed the drug to Yuhan for KRW 50 billion.", 36_000_000, nil),
            (
                "Astellas licensed a drug from Evopoint for an upfront payment of $130 million plus $1.2bn in milestones.",
                1_330_000_000, 130_000_000
            ),
        ])
    func money(_ sentence: String, _ value: Double?, _ upfront: Double?) throws {
        let deal = try #require(Fixtures.deals(sentence).first)
        #expect(deal.valueUSD == value)
        #expect(deal.upfrontUSD == upfront)
    }

    @Test("organisations named without a deal, or a deal with one named party, make no deal")
    func noDeal() {
        #expect(Fixtures.deals("Samsung Biologics posted record sales while Celltrion opened a plant.").isEmpty)
        #expect(Fixtures.deals("Lunit signed a distribution agreement with a hospital group.").isEmpty)
    }

    @Test("a university partner makes a generic collaboration a research collaboration")
    func researchCollaboration() throws {
        let deal = try #require(
            Fixtures.deals("Daewoong Pharmaceutical signed an agreement with Seoul National University Hospital.").first
        )
        #expect(deal.dealType == .researchCollaboration)
    }

    @Test("mentions carry offsets in Unicode scalars that slice the text to the surface")
    func mentionOffsets() throws {
        let text = "Über-deal: “Samsung Biologics’ partner” is GSK of the UK, said Seoul."
        let extraction = Fixtures.extractor.extract(Fixtures.article(text))
        let scalars = Array(text.unicodeScalars)
        for mention in extraction.mentions {
            let slice = String(String.UnicodeScalarView(scalars[mention.start..<mention.end]))
            #expect(slice == mention.surface)
        }
        let names = extraction.mentions.map(\.name)
        #expect(names.contains("Samsung Biologics"))
        #expect(names.contains("GSK"))
        #expect(extraction.mentions.contains { $0.type == .country && $0.country == "GB" })
        #expect(extraction.mentions.contains { $0.type == .place && $0.country == "KR" })
    }

    @Test("acronyms match only in capitals: 'Ucb' or 'gsk' inside text are not companies")
    func acronymCase() {
        let extraction = Fixtures.extractor.extract(Fixtures.article("the gsk team and ucb assay"))
        #expect(extraction.mentions.filter { $0.type == .organization }.isEmpty)
    }

    @Test(
        "a stated stake decides between takeover and investment",
        arguments: [
            ("Celltrion will pay KRW 40 billion for a 51% stake in Pinotbio.", DealType.mAndA),
            ("Celltrion agreed to acquire a 20 percent stake in Pinotbio.", DealType.equityInvestment),
        ])
    func stakes(_ sentence: String, _ expected: DealType) {
        #expect(Fixtures.deals(sentence).first?.dealType == expected)
    }

    @Test("buying a drug or its rights is a licence; buying a company is a takeover")
    func assetPurchases() {
        #expect(
            Fixtures.deals("LigaChem Biosciences bought an antibody from Pinotbio in 2023.").first?.dealType
                == .licensing)
        #expect(Fixtures.deals("Celltrion acquired Pinotbio for $300 million.").first?.dealType == .mAndA)
    }

    @Test("a licence is to a platform only when the platform is named near it")
    func platformNearLicence() {
        let near = Fixtures.deals("Pinotbio licensed its ADC conjugation platform to Celltrion.")
        #expect(near.first?.dealType == .technologyPlatform)
        let far = Fixtures.deals(
            "Chinese technology platforms drew interest this year, and in January Roche and MediLink Therapeutics "
                + "signed a license agreement giving Roche exclusive worldwide rights to develop YL211.")
        #expect(far.first?.dealType == .licensing)
    }

    @Test("talks reported by the press are a rumoured deal")
    func talks() {
        let deal = Fixtures.deals(
            "Shanghai Henlius Biotech is reportedly negotiating with Johnson & Johnson over the rights to a cancer drug."
        )
        .first
        #expect(deal?.status == .rumoured)
        #expect(deal?.dealType == .licensing)
    }

    @Test("organisations missing from the gazetteer are found by their names' shape, with a country from cues")
    func unknownOrganizations() throws {
        let seoul = try #require(
            Fixtures.deals("Seoul-based Haneul Pharma signed a distribution agreement with Pfizer for Vietnam.").first)
        let noeul = try #require(seoul.parties.first { $0.name == "Haneul Pharma" })
        #expect(noeul.country == "KR")
        #expect(noeul.entityID == "unknown:haneul-pharma")
        let bracket = try #require(
            Fixtures.deals("Zentrix Therapeutics (South Korea) licensed its antibody to Takeda.").first)
        #expect(bracket.parties.first { $0.name == "Zentrix Therapeutics" }?.country == "KR")
        let college = try #require(
            Fixtures.deals(
                "SingHealth and Gyalpozhing College of Information Technology signed a research agreement."
            ).first)
        let party = try #require(college.parties.first { $0.name == "Gyalpozhing College of Information Technology" })
        #expect(party.kind == .university)
        #expect(college.dealType == .researchCollaboration)
    }

    @Test("a lone organisational word, or a known name, is not an unknown organisation")
    func notUnknownOrganizations() {
        #expect(Fixtures.deals("The Pharma unit of the group signed a licence agreement with Pfizer.").isEmpty)
        let deals = Fixtures.deals("Samsung Biologics signed a manufacturing agreement with Pfizer.")
        #expect(deals.first.map { Set($0.parties.map(\.name)) } == ["Samsung Biologics", "Pfizer"])
    }

    @Test("organisations given as examples in a list are not parties")
    func exampleLists() {
        #expect(
            Fixtures.deals("Licensing deals have drawn drugmakers including Pfizer and AstraZeneca to China.").isEmpty)
        let deals = Fixtures.deals(
            "Its partners, among them Sanofi and Eli Lilly, were not part of the licensing deal Innovent signed with Roche."
        )
        #expect(deals.map { Set($0.parties.map(\.name)) } == [["Innovent Biologics", "Roche"]])
    }

    @Test("an owner named to place a party is not a party")
    func owners() {
        let deals = Fixtures.deals("GCLTEC, a GC Cell subsidiary, licensed its cell therapy to Lucas Biomedical.")
        #expect(deals.map { Set($0.parties.map(\.name)) } == [["GCLTEC", "Lucas Biomedical"]])
        #expect(
            Fixtures.deals("WuXi XDC, owned by WuXi Biologics and WuXi STA, offers contract manufacturing of ADCs.")
                .isEmpty)
    }

    @Test("an owner that later stands for its subsidiary joins the subsidiary's deal")
    func ownerStandsForSubsidiary() {
        let deals = Fixtures.deals(
            "Abbott signed a strategic cooperation memorandum with China Medical Devices, part of the Sinopharm group. "
                + "The agreement was signed by Sinopharm's general manager and by Abbott's regional head.")
        #expect(deals.map { Set($0.parties.map(\.name)) } == [["Abbott", "China Medical Devices Co., Ltd."]])
        #expect(deals.first?.sources.count == 1)
    }

    @Test("an owner doing its own deal stays a party")
    func ownerInItsOwnDeal() {
        let deals = Fixtures.deals(
            "GC Cell signed a strategic cooperation agreement with Lucas Biomedical. "
                + "Lucas Biomedical licensed the therapy from GCLTEC, a GC Cell subsidiary.")
        #expect(
            Set(deals.map { Set($0.parties.map(\.name)) }) == [
                ["GC Cell", "Lucas Biomedical"], ["GCLTEC", "Lucas Biomedical"],
            ])
    }
}

@Suite("Gazetteer files")
struct GazetteerTests {
    /// The path of an organisations file in a fresh temporary folder.
    private static func organizationsFile() throws -> String {
        try TestPaths.makeTemporaryDirectory() + "/orgs.jsonl"
    }

    @Test("a bad entry is reported with its file and line")
    func badEntry() throws {
        let orgs = try Self.organizationsFile()
        let places = TestPaths.pipelines + "/places.jsonl"
        try Array(
            """
            {"name": "Good Co", "country": "KR", "kind": "company"}
            # comments and blank lines are fine

            {"name": "Bad Co", "country": "Korea", "kind": "company"}
            """.utf8
        ).writeFile(orgs)
        do {
            _ = try Gazetteer.load(organizationsPath: orgs, placesPath: places)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 4)
            #expect(error.description.contains("orgs.jsonl:4"))
        }
    }

    @Test("`cdmo` is read as true or false, and anything else is named with its line")
    func contractManufacturerFlag() throws {
        let orgs = try Self.organizationsFile()
        let places = TestPaths.pipelines + "/places.jsonl"
        try Array(
            """
            {"name": "Norvana Biologics", "country": "KR", "kind": "company", "cdmo": true}
            {"name": "Kelbron Pharma", "country": "KR", "kind": "company", "cdmo": false}
            {"name": "Medivista", "country": "KR", "kind": "company"}
            """.utf8
        ).writeFile(orgs)
        let gazetteer = try Gazetteer.load(organizationsPath: orgs, placesPath: places)
        #expect(gazetteer.organizations.map(\.isContractManufacturer) == [true, false, false])
        try Array(#"{"name": "Ostara", "country": "KR", "kind": "company", "cdmo": "yes"}"#.utf8).writeFile(orgs)
        do {
            _ = try Gazetteer.load(organizationsPath: orgs, placesPath: places)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("orgs.jsonl:1"))
            #expect(error.description.contains("cdmo"))
        }
    }

    @Test("the pipeline's gazetteer covers APAC and its partners, every name meaning one organisation")
    func coverage() throws {
        let gazetteer = try Gazetteer.load(
            organizationsPath: TestPaths.pipelines + "/gazetteer.jsonl",
            placesPath: TestPaths.pipelines + "/places.jsonl")
        let organizations = gazetteer.organizations
        #expect(organizations.count >= 500)
        let byCountry = Dictionary(grouping: organizations) { $0.country ?? "" }
        for country in ["CN", "HK", "TW", "KR", "JP", "SG", "IN", "AU", "NZ", "MY", "TH", "VN", "ID", "PH"] {
            #expect(byCountry[country]?.count ?? 0 >= 5, "\(country)")
        }
        let partners = organizations.filter { !Region.apacCountries.contains($0.country ?? "") }
        #expect(partners.count >= 60)
        #expect(
            Set(organizations.map(\.kind)).isSuperset(of: [
                .company, .university, .researchInstitute, .hospital, .government,
            ]))
        var owner: [String: String] = [:]
        for organization in organizations {
            for name in [organization.name] + organization.aliases {
                let key = name.lowercased()
                #expect(
                    owner[key] == nil || owner[key] == organization.name,
                    "\(name): \(owner[key] ?? "") and \(organization.name)")
                owner[key] = organization.name
            }
        }
    }
}

extension Array where Element == UInt8 {
    func writeFile(_ path: String) throws {
        // Not `FileManager.createFile`: it writes through a temporary folder it leaves in /tmp.
        try Data(self).write(to: URL(fileURLWithPath: path))
    }

}

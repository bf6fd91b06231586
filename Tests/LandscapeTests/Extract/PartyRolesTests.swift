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

    @Test("a college named with its university after a comma is the party, and the university its owner")
    func collegeOfUniversity() throws {
        let deal = try #require(
            Fixtures.deals(
                "Raffles Medical Group and Paro School of Nursing, Royal University of Bhutan, signed an MOU on telehealth training."
            ).first)
        #expect(deal.parties.map(\.name) == ["Raffles Medical Group", "Paro School of Nursing"])
        let school = try #require(deal.parties.last)
        #expect(school.parent == "Royal University of Bhutan")
        #expect(school.country == "BT")
        // A list of a college and another university keeps both as parties.
        let listed = try #require(
            Fixtures.deals(
                "Raffles Medical Group signed an MOU with Paro School of Nursing, Royal University of Bhutan and Mahidol University in Bangkok."
            ).first)
        #expect(listed.parties.count == 4)
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

    @Test("an owner named in the possessive places its unit; a department stands for its owner")
    func possessiveOwners() throws {
        let unit = try #require(
            Fixtures.deals("Astellas Pharma's Xyphos Biosciences signed a licence with Hanmi Pharmaceutical.").first)
        #expect(Set(unit.parties.compactMap(\.name)) == ["Xyphos Biosciences", "Hanmi Pharmaceutical"])
        #expect(unit.parties.first { $0.name == "Xyphos Biosciences" }?.parent == "Astellas Pharma")
        let department = try #require(
            Fixtures.deals(
                "Hanmi Pharmaceutical's Discovery Research Center signed a research pact with Kyoto University."
            )
            .first)
        #expect(Set(department.parties.compactMap(\.name)) == ["Hanmi Pharmaceutical", "Kyoto University"])
    }

    @Test("the source of a report and a backer described in a relative clause are no parties")
    func sourcesAndBackers() throws {
        let reported = try #require(
            Fixtures.deals(
                "According to the Korea Biotechnology Industry Organization, Hanmi Pharmaceutical signed a licence "
                    + "with Norvana Therapeutics."
            ).first)
        #expect(Set(reported.parties.compactMap(\.name)) == ["Hanmi Pharmaceutical", "Norvana Therapeutics"])
        let backed = try #require(
            Fixtures.deals(
                "Hanmi Pharmaceutical agreed to sell two brands to Kelbron Health, which is backed by Temasek."
            )
            .first)
        #expect(Set(backed.parties.compactMap(\.name)) == ["Hanmi Pharmaceutical", "Kelbron Health"])
        #expect(backed.dealType == .licensing || backed.dealType == .mAndA)
    }

    @Test("a contrast divides a sentence into clauses, each with its own deal")
    func clausesOfContrast() {
        let deals = Fixtures.deals(
            "Hanmi Pharmaceutical licensed an antibody to Norvana Therapeutics, while Celltrion agreed to buy "
                + "Kelbron Biologics for $90 million.")
        #expect(
            Set(deals.map { Set($0.parties.compactMap(\.name)) })
                == [["Hanmi Pharmaceutical", "Norvana Therapeutics"], ["Celltrion", "Kelbron Biologics"]])
        // A contrast with no party after it leaves the sentence whole.
        let kept = Fixtures.deals(
            "Hanmi Pharmaceutical licensed an antibody to Norvana Therapeutics, while keeping the rights in Korea.")
        #expect(kept.count == 1)
        // Two clauses with one party each state no deal between them.
        let apart = Fixtures.deals(
            "Celltrion signed a licence last year, while Hanmi Pharmaceutical agreed to a supply contract in May.")
        #expect(apart.isEmpty)
    }

    @Test("'the company' before a series of counterparties, each with its own 'to', is one deal each")
    func anaphorWithCounterparties() {
        let deals = Fixtures.deals(
            "Hanmi Pharmaceutical had a busy year. The company licensed an obesity drug to Norvana Therapeutics in "
                + "March, followed by a diabetes candidate to Kelbron Pharma in June and a cancer antibody to "
                + "Medivista Bio in October.")
        #expect(deals.count == 3)
        for deal in deals {
            #expect(deal.parties.contains { $0.name == "Hanmi Pharmaceutical" && $0.role == .licensor })
            #expect(deal.parties.count == 2)
        }
    }

    @Test("a deal of a placed non-regional party and an unplaced one stays only where its sentence names the region")
    func outsideTheRegion() {
        #expect(Fixtures.deals("Alcon has completed its purchase of Belkin Vision Ltd. for $81 million.").isEmpty)
        #expect(!Fixtures.deals("Alcon has completed its purchase of Belkin Vision Ltd. for 90 billion won.").isEmpty)
        #expect(!Fixtures.deals("Alcon has completed its purchase of Seoul-based Belkin Vision Ltd.").isEmpty)
    }
    @Test("a contract manufacturer's deal that names no other substance is manufacturing, and it is the provider")
    func contractManufacturers() throws {
        for text in [
            "Samsung Biologics signed a $240 million deal with Norvana Therapeutics.",
            "WuXi Biologics and Hanmi Pharmaceutical signed a partnership agreement for an antibody.",
            "Kelbron Therapeutics has chosen Lonza in a deal to support its Korean launch.",
        ] {
            let deal = try #require(Fixtures.deals(text).first, "\(text)")
            #expect(deal.dealType == .cdmoManufacturing, "\(text)")
            #expect(deal.parties.filter { $0.role == .provider }.count == 1, "\(text)")
            #expect(deal.parties.contains { $0.role == .client }, "\(text)")
        }
        // A licence stays a licence, whoever takes part in it.
        let licence = try #require(
            Fixtures.deals(
                "WuXi Biologics licensed its bispecific antibody to Hanmi Pharmaceutical for $20 million upfront."
            ).first)
        #expect(licence.dealType == .licensing)
    }

    @Test("'the company' after an opening phrase of time, and with a longer description, is the article's company")
    func companyAfterOpening() throws {
        let deals = Fixtures.deals(
            "Samsung Biologics reported record orders. The contract drug maker signed a deal with Norvana "
                + "Therapeutics in June. And in late 2021, the company signed a deal with Kelbron Pharma.")
        #expect(
            Set(deals.map { Set($0.parties.compactMap(\.name)) })
                == [["Samsung Biologics", "Norvana Therapeutics"], ["Samsung Biologics", "Kelbron Pharma"]])
    }

    @Test("'and' inside a name that ends in an institution word joins one name, not two")
    func institutionNamesWithAnd() throws {
        let deal = try #require(
            Fixtures.deals(
                "Singapore's A*STAR and Australia's National Health and Medical Research Council signed a "
                    + "memorandum of understanding on medical research."
            ).first)
        #expect(deal.parties.contains { $0.name == "National Health and Medical Research Council" })
        #expect(deal.parties.count == 2)
    }

    @Test("several subjects of plural deals with no counterparty named are no deal among themselves")
    func pluralSubjects() {
        #expect(
            Fixtures.deals(
                "Hanmi Pharmaceutical, Celltrion, Yuhan and GC Cell have signed licence agreements with foreign "
                    + "partners this year."
            ).isEmpty)
        // Two subjects of one agreement are its parties.
        #expect(!Fixtures.deals("Hanmi Pharmaceutical and Celltrion have signed a licence agreement.").isEmpty)
    }

    @Test("an agreement to discover and develop together is a co-development")
    func discoverAndDevelop() throws {
        let deal = try #require(
            Fixtures.deals(
                "Alphamab Oncology and Norvana Therapeutics entered into an agreement to discover and develop "
                    + "new antibody-drug conjugates."
            ).first)
        #expect(deal.dealType == .coDevelopment)
    }

    @Test("the source of a report is no party when it is a trade body, and is one when it is a company")
    func attributions() throws {
        let company = try #require(
            Fixtures.deals(
                "Shanghai Henlius Biotech stands to receive a $33 million upfront payment, according to a "
                    + "statement from Dr. Reddy's Laboratories."
            ).first)
        #expect(company.parties.count == 2)
    }

    @Test("a body's name with a head word inside is one name, and an event named after a body is no party")
    func bodiesAndEvents() throws {
        let deal = try #require(
            Fixtures.deals(
                "According to the Korea Biotechnology Industry Organization, Hanmi Pharmaceutical signed a licence "
                    + "with Norvana Therapeutics."
            ).first)
        #expect(!deal.parties.contains { ($0.name ?? "").contains("Korea Biotechnology") })
        let event = try #require(
            Fixtures.deals(
                "Samsung Biologics used the BIO International Convention to announce a $400 million "
                    + "manufacturing order from Pfizer."
            ).first)
        #expect(Set(event.parties.compactMap(\.name)) == ["Samsung Biologics", "Pfizer"])
        let year = try #require(
            Fixtures.deals("At BIO 2024, Hanmi Pharmaceutical signed a licence with Norvana Therapeutics.").first)
        #expect(Set(year.parties.compactMap(\.name)) == ["Hanmi Pharmaceutical", "Norvana Therapeutics"])
    }

    @Test("an owner after 'a unit of' and a short description of it places the unit, and owns it")
    func describedOwner() throws {
        let deal = try #require(
            Fixtures.deals(
                "Kelbron Biotech, a unit of Indian drugmaker Hanmi Pharmaceutical, and Norvana Therapeutics will "
                    + "develop and commercialise six biosimilars."
            ).first)
        #expect(Set(deal.parties.compactMap(\.name)) == ["Kelbron Biotech", "Norvana Therapeutics"])
        #expect(deal.parties.first { $0.name == "Kelbron Biotech" }?.parent == "Hanmi Pharmaceutical")
        // Both subjects develop: a co-development.
        #expect(deal.dealType == .coDevelopment)
    }

    @Test("a dateline's day is no part of the name after it, and an owner named after 'a subsidiary of' is found")
    func datelinesAndOwners() throws {
        let dated = try #require(
            Fixtures.deals("MUMBAI, April 17 Kelbron Biotech signed a licence with Hanmi Pharmaceutical.").first)
        #expect(dated.parties.contains { $0.name == "Kelbron Biotech" })
        let owner = try #require(
            Fixtures.deals(
                "Biocon signed a supply agreement with a subsidiary of China Kelbron Systems Holdings (CKS) for "
                    + "three products."
            ).first)
        #expect(owner.parties.contains { $0.name == "China Kelbron Systems Holdings" })
    }

    @Test("a short form in capitals is the known name it begins; 'The' before a place does not cut it from a name")
    func shortFormsAndPlaceFirstWords() throws {
        let deal = try #require(
            Fixtures.deals(
                "Dimerix received an upfront payment from FUSO under a licence. FUSO will commercialise the drug in "
                    + "Japan under its licence with Dimerix, Fuso Pharmaceutical Industries said."
            ).first)
        #expect(Set(deal.parties.compactMap(\.name)) == ["Dimerix", "Fuso Pharmaceutical Industries"])
        let body = try #require(
            Fixtures.deals(
                "The Korea Kelbron Biotechnology Association said it has signed an agreement with Hanmi Pharmaceutical."
            ).first)
        #expect(body.parties.contains { $0.name == "Korea Kelbron Biotechnology Association" })
    }

    @Test("a known one-word name opening a longer name is that name's word; a legal suffix makes a company")
    func longerNamesAndSuffixes() throws {
        let lab = try #require(
            Fixtures.deals(
                "Hanmi Pharmaceutical signed a memorandum of understanding with Temasek Life Sciences Laboratory on "
                    + "vaccine research."
            ).first)
        #expect(Set(lab.parties.compactMap(\.name)) == ["Hanmi Pharmaceutical", "Temasek Life Sciences Laboratory"])
        #expect(lab.dealType == .researchCollaboration)
        let company = try #require(
            Fixtures.deals("Hanmi Pharmaceutical signed an agreement with Kelbron Laboratory Inc. to work together.")
                .first)
        #expect(company.parties.first { $0.name == "Kelbron Laboratory Inc." }?.kind == .company)
        let rights = try #require(
            Fixtures.deals(
                "Hanmi Pharmaceutical expanded its contract with Norvana Therapeutics by granting rights "
                    + "for global development."
            ).first)
        #expect(rights.dealType == .licensing)
    }

    @Test("a deal sentence naming one side, then a sentence naming its partner, is one deal of both")
    func partnerInTheNextSentence() throws {
        let deal = try #require(
            Fixtures.deals(
                "Hanmi Pharmaceutical said it had signed a licence and distribution agreement for its acid blocker "
                    + "in Morocco. Its partner is Kelbron Pharma, a Moroccan drugmaker."
            ).first)
        #expect(Set(deal.parties.compactMap(\.name)) == ["Hanmi Pharmaceutical", "Kelbron Pharma"])
        #expect(deal.dealType == .licensing)
        // Without a word for the other side the next sentence's company is no partner.
        #expect(
            Fixtures.deals(
                "Hanmi Pharmaceutical said it had signed a licence agreement for its acid blocker. Kelbron Pharma "
                    + "reported higher sales."
            ).isEmpty)
        // A partner named without a deal before it is only a description.
        #expect(Fixtures.deals("Hanmi Pharmaceutical grew fast. Its partner is Kelbron Pharma.").isEmpty)
    }

    @Test("a known company with a country after it is its unit there, of that country, with the company as parent")
    func countryUnits() throws {
        let deal = try #require(
            Fixtures.deals("Hanmi Pharmaceutical signed a distribution agreement with Pfizer Malaysia Sdn Bhd.").first)
        let unit = try #require(deal.parties.first { $0.name == "Pfizer Malaysia Sdn Bhd" })
        #expect(unit.country == "MY")
        #expect(unit.parent == "Pfizer")
        let korea = try #require(
            Fixtures.deals("AstraZeneca Korea signed an MOU with Seoul National University Hospital.").first)
        #expect(korea.parties.first { $0.name == "AstraZeneca Korea" }?.country == "KR")
        // A country's adjective after the name names no unit.
        let adjective = try #require(
            Fixtures.deals("Pfizer Korean rights went to Hanmi Pharmaceutical under a licence.").first)
        #expect(adjective.parties.contains { $0.name == "Pfizer" })
    }

    @Test("the parties of a deal 'between' named organisations are those; a witness or a speaker before it is none")
    func partiesBetween() throws {
        let deal = try #require(
            Fixtures.deals(
                "In a statement the Ministry of Health said its minister witnessed the exchange of the MoU between "
                    + "Hanmi Pharmaceutical, Kelbron Vaccines Sdn Bhd and Pfizer Malaysia Sdn Bhd."
            ).first)
        #expect(
            Set(deal.parties.compactMap(\.name))
                == ["Hanmi Pharmaceutical", "Kelbron Vaccines Sdn Bhd", "Pfizer Malaysia Sdn Bhd"])
    }
}

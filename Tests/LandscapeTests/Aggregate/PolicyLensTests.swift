import Foundation
import Testing

@testable import Landscape

/// The policy lens as the live pipeline ships it: `Pipelines/blocs.yml`, `Pipelines/watchlists/`
/// and the `flags:` of `Pipelines/apac-biotech-live.yml`.
@Suite("Policy lens: watch lists, flag rules, blocs, fragmentation")
struct PolicyLensTests {
    static let lens: PolicyLens = {
        do {
            return try PipelineConfig.load(path: TestPaths.pipelines + "/apac-biotech-live.yml").policy
        } catch {
            fatalError("the live pipeline does not load: \(error)")
        }
    }()

    static func party(_ name: String, _ country: String, _ role: PartyRole?, parent: String? = nil) -> DealParty {
        DealParty(
            entityID: name.lowercased().replacingOccurrences(of: " ", with: "-"), name: name, country: country,
            kind: .company, role: role, parent: parent)
    }

    static func deal(
        _ parties: [DealParty], _ type: DealType = .licensing, announced: String = "2025-02-10",
        evidence: String = "The companies signed an agreement."
    ) -> Deal {
        Deal(
            dealID: "dl_" + String(parties.map(\.entityID).joined().hashValue, radix: 16), parties: parties,
            dealType: type, modalities: [], valueUSD: 100_000_000, upfrontUSD: nil, status: .announced,
            announced: announced, confidence: 0.8,
            sources: [DealSource(articleID: "a1", url: nil, title: nil, published: nil, evidence: evidence)])
    }

    @Test("a subsidiary of a BIOSECURE-listed group is on the list through its parent, from the text as written")
    func subsidiaryThroughParent() throws {
        let deals = Fixtures.deals("Celltrion signed an agreement with WuXi XDC to manufacture its ADC candidates.")
        let deal = try #require(deals.first)
        #expect(deal.parties.contains { $0.name == "WuXi XDC" && $0.parent == "WuXi Biologics" })
        #expect(Self.lens.lists(of: deal) == ["biosecure-2024"])
        #expect(Self.lens.flags(of: deal).contains("watchlisted_party"))
        let unlisted = Self.deal([Self.party("Celltrion", "KR", nil), Self.party("Samsung Biologics", "KR", nil)])
        #expect(Self.lens.lists(of: unlisted) == [])
        #expect(!Self.lens.flags(of: unlisted).contains("watchlisted_party"))
    }

    @Test("an entry listed since a day matches deals announced from that day on")
    func listedSince() throws {
        let folder = try TestPaths.makeTemporaryDirectory("watchlists")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try """
        name: test-list
        entries:
          - name: Aster Bio
            aliases: [Aster]
            since: 2025-01-01
        """.write(toFile: folder + "/test.yml", atomically: false, encoding: .utf8)
        let list = try #require(try WatchList.loadFolder(folder).first)
        let before = Self.deal(
            [Self.party("Aster", "KR", nil), Self.party("Pfizer", "US", nil)], announced: "2024-12-31")
        let after = Self.deal(
            [Self.party("Aster", "KR", nil), Self.party("Pfizer", "US", nil)], announced: "2025-01-01")
        #expect(!list.matches(before))
        #expect(list.matches(after))
    }

    @Test("flagging sets each deal's flags; a deal already flagged so is the same value, not a copy")
    func flaggingKeepsUnchangedDeals() {
        let deals = [
            Self.deal([Self.party("Hengrui", "CN", .licensor), Self.party("Merck", "US", .licensee)]),
            Self.deal([Self.party("Celltrion", "KR", nil), Self.party("Yuhan", "KR", nil)]),
        ]
        let flagged = Self.lens.flagged(deals)
        #expect(flagged.map(\.flags) == [["us_china", "licence_out_of_china"], []])
        #expect(!flagged[0].isIdentical(to: deals[0]), "its flags changed: a new value")
        #expect(flagged[1].isIdentical(to: deals[1]), "no flags before or after")
        let again = Self.lens.flagged(flagged)
        #expect(again == flagged)
        #expect(zip(again, flagged).allSatisfy { $0.isIdentical(to: $1) })
    }

    @Test("a licence out of China to the US meets the out-licensing rule; one from the US to China does not")
    func direction() {
        let outOfChina = Self.deal([Self.party("Hengrui", "CN", .licensor), Self.party("Merck", "US", .licensee)])
        let intoChina = Self.deal([Self.party("Merck", "US", .licensor), Self.party("Hengrui", "CN", .licensee)])
        let unsaid = Self.deal([Self.party("Merck", "US", nil), Self.party("Hengrui", "CN", nil)])
        #expect(Self.lens.flags(of: outOfChina) == ["us_china", "licence_out_of_china"])
        #expect(Self.lens.flags(of: intoChina) == ["us_china"])
        #expect(Self.lens.flags(of: unsaid) == ["us_china"])
        // Hong Kong is in the China bloc; Switzerland in Europe.
        let hongKongToSwitzerland = Self.deal([
            Self.party("Insilico", "HK", .licensor), Self.party("Roche", "CH", .licensee),
        ])
        #expect(Self.lens.flags(of: hongKongToSwitzerland) == ["licence_out_of_china"])
    }

    @Test("evidence that names genomic data meets the data rule; a genomic database does not")
    func evidenceWords() {
        let parties = [Self.party("BGI Genomics", "CN", nil), Self.party("Novo Nordisk", "DK", nil)]
        let data = Self.deal(
            parties, .researchCollaboration, evidence: "They will share Genomic Data from 10,000 patients.")
        let database = Self.deal(parties, .researchCollaboration, evidence: "They will build a genomic database.")
        #expect(Self.lens.flags(of: data).contains("genomic_or_clinical_data"))
        #expect(!Self.lens.flags(of: database).contains("genomic_or_clinical_data"))
    }

    @Test("blocs, bloc pairs and the quarterly fragmentation trend, with shares of each quarter's deals")
    func fragmentation() {
        let deals = Self.lens.flagged([
            Self.deal([Self.party("A", "CN", nil), Self.party("B", "US", nil)], announced: "2025-01-05"),
            Self.deal([Self.party("C", "CN", nil), Self.party("D", "DE", nil)], announced: "2025-02-05"),
            Self.deal([Self.party("E", "JP", nil), Self.party("F", "KR", nil)], announced: "2025-03-05"),
            Self.deal([Self.party("G", "SG", nil), Self.party("H", "US", nil)], announced: "2025-03-20"),
            Self.deal([Self.party("I", "US", nil), Self.party("J", "US", nil)], announced: "2025-04-02"),
        ])
        let rows = AggregateStage.run(deals, blocs: Self.lens.blocs)
        func row(_ dimension: String, _ key: String) -> AggregateRow? {
            rows.first { $0.dimension == dimension && $0.key == key }
        }
        #expect(row("bloc", "us")?.deals == 3)
        #expect(row("bloc_pair", "china-us")?.deals == 1)
        #expect(row("bloc_pair", "japan_korea_taiwan_anz-japan_korea_taiwan_anz")?.deals == 1)
        #expect(row("bloc_pair", "us-us")?.deals == 1)
        #expect(row("bloc_pair_quarter", "2025-Q1 china-europe")?.share == 0.25)
        #expect(row("fragmentation", "2025-Q1 all")?.deals == 4)
        #expect(row("fragmentation", "2025-Q1 cross_border")?.share == 1)
        #expect(row("fragmentation", "2025-Q1 cross_bloc")?.deals == 3)
        #expect(row("fragmentation", "2025-Q1 cross_bloc")?.share == 0.75)
        #expect(row("fragmentation", "2025-Q1 china_with_us_europe")?.share == 0.5)
        #expect(row("fragmentation", "2025-Q2 all")?.deals == 1)
        #expect(row("fragmentation", "2025-Q2 cross_border") == nil)
        #expect(row("flag", "us_china")?.deals == 1)
    }

    @Test("the network joins every two named parties of a deal that happened, and finds the bridges between blocs")
    func network() throws {
        let unnamed = DealParty(entityID: "unnamed:US-biotech", name: nil, country: "US", kind: .company)
        var rumoured = Self.deal([Self.party("Aster", "KR", nil), Self.party("Pfizer", "US", nil)])
        rumoured.status = .rumoured
        let network = PartnershipNetwork(
            deals: [
                Self.deal([
                    Self.party("Aster", "KR", nil), Self.party("Borealis", "CN", nil), Self.party("Cygnet", "DE", nil),
                ]),
                Self.deal(
                    [Self.party("Aster", "KR", nil), Self.party("Borealis", "CN", nil)], announced: "2025-05-01"),
                Self.deal([Self.party("Aster", "KR", nil), unnamed]),
                rumoured,
            ], blocs: Self.lens.blocs)
        #expect(
            network.edges.map { "\($0.source) \($0.target) \($0.deals)" } == [
                "aster borealis 2", "aster cygnet 1", "borealis cygnet 1",
            ])
        #expect(network.edges.allSatisfy { $0.isCrossBloc })
        #expect(network.nodes.map(\.id) == ["aster", "borealis", "cygnet"])
        #expect(network.nodes.first?.deals == 3)
        #expect(network.bridges(1).first?.blocsReached == ["china", "europe"])
        let graph = String(decoding: try network.graphML(), as: UTF8.self)
        #expect(graph.contains("<edge source=\"aster\" target=\"borealis\"><data key=\"edge_deals\">2</data>"))
    }

    @Test(
        "edges come in the order of their ids, not of the deals, each with its deals' ids in the deals' order; a party named twice is one party; values add up"
    )
    func networkOrder() throws {
        var deals = [
            Self.deal([Self.party("Zeta", "JP", nil), Self.party("Mira", "SG", nil), Self.party("Zeta", "JP", nil)]),
            Self.deal([Self.party("Mira", "SG", nil), Self.party("Aster", "KR", nil)]),
            Self.deal([Self.party("Aster", "KR", nil), Self.party("Zeta", "JP", nil)]),
            Self.deal([Self.party("Zeta", "JP", nil), Self.party("Mira", "SG", nil)]),
        ]
        for index in deals.indices { deals[index].dealID = "dl_\(index + 1)" }
        let network = PartnershipNetwork(deals: deals, blocs: Self.lens.blocs)
        #expect(
            network.edges.map { "\($0.source) \($0.target) \($0.deals) \($0.valueUSD)" } == [
                "aster mira 1 100000000.0", "aster zeta 1 100000000.0", "mira zeta 2 200000000.0",
            ])
        #expect(network.edges.map { $0.dealIDs.map(\.description) } == [["dl_2"], ["dl_3"], ["dl_1", "dl_4"]])
        let lines = String(decoding: try network.edgeLines(), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 3 && lines[2].contains("\"deal_ids\":[\"dl_1\",\"dl_4\"]"))
        #expect(network.nodes.map { "\($0.id) \($0.deals) \($0.partners)" } == ["mira 3 2", "zeta 3 2", "aster 2 2"])
        // Japan and Korea are one bloc: only Singapore is another.
        #expect(network.nodes.first { $0.id == "aster" }?.blocsReached == ["southeast_asia"])
    }

    @Test("the report's findings quote the aggregates they come from, and link to deals the report lists")
    func findings() throws {
        var withModality = Self.deal([Self.party("A", "CN", nil), Self.party("B", "US", nil)], announced: "2025-01-05")
        withModality.modalities = ["adc"]
        let deals = Self.lens.flagged([
            withModality,
            Self.deal([Self.party("C", "HK", nil), Self.party("D", "DE", nil)], announced: "2025-02-05"),
            Self.deal([Self.party("E", "SG", nil), Self.party("F", "KR", nil)], announced: "2025-04-05"),
            Self.deal([Self.party("G", "JP", nil), Self.party("H", "JP", nil)], announced: "2025-05-20"),
            Self.deal([Self.party("I", "US", nil), Self.party("J", "IN", nil)], announced: "2025-06-02"),
        ])
        let rows = AggregateStage.run(deals, blocs: Self.lens.blocs)
        let network = PartnershipNetwork(deals: deals, blocs: Self.lens.blocs)
        let data = ReportData(
            snapshotID: "S", created: Timestamp(secondsSinceEpoch: 0), deals: deals, aggregates: rows, articles: [],
            network: network)
        let findings = try #require(data.policy?.findings).map(\.text)
        func row(_ dimension: String, _ key: String) -> AggregateRow? {
            rows.first { $0.dimension == dimension && $0.key == key }
        }
        #expect(findings.count == 5)
        #expect(findings[0] == "2 of 5 deals (40%) have a party in CN, HK, MO.")
        #expect(try #require(row("modality", "adc")).deals == 1)
        #expect(findings[1] == "The leading modality is ADC: 1 deal, 100% of the 1 deals that name a modality.")
        #expect(
            findings[2]
                == "\(try #require(row("cross_border", "domestic")).deals) deal (20%) is between parties of one country."
        )
        #expect(findings[3] == "Parties in Southeast Asia appear in 1 deal; their partners outside it are in KR (1).")
        let q2 = try #require(row("fragmentation", "2025-Q2 all")).deals
        let q2CrossBloc = try #require(row("fragmentation", "2025-Q2 cross_bloc")).share
        #expect(
            findings[4].hasPrefix("In 2025-Q2, \(q2) deals against 2 in 2025-Q1; \(ReportFormat.percent(q2CrossBloc))"))
        // The deals read in two halves on two cores give the same findings, their deals in order.
        let onTwoCores = ReportData(
            snapshotID: "S", created: Timestamp(secondsSinceEpoch: 0), deals: deals, aggregates: rows, articleCount: 0,
            duplicateArticles: 0, network: network, jobs: 2)
        #expect(onTwoCores.policy?.findings == data.policy?.findings)
        #expect(data.policy?.findings[0].dealIDs == [deals[0].dealID, deals[1].dealID])
        #expect(data.policy?.findings[4].dealIDs == deals.suffix(3).map(\.dealID))
        // Every deal a finding links to is a row of the page of its quarter.
        let html = HTMLReport.render(data)
        let listed = deals.sorted(by: DealMerger.isListedBefore)
        let pages = Dictionary(uniqueKeysWithValues: DealPages.pages(listed).map { ($0.path + ".html", $0) })
        for finding in try #require(data.policy?.findings) {
            for id in finding.dealIDs.prefix(PolicySections.linkedDeals) {
                let deal = try #require(deals.first { $0.dealID == id })
                let path = DealPages.Page.path(DealPages.label(of: deal)) + ".html"
                #expect(html.contains("<a href=\"\(path)#\(id)\">"), "\(id)")
                let page = try #require(pages[path])
                #expect(DealPages.html(page, ratesDate: nil).contains("<tr id=\"\(id)\">"), "\(id)")
            }
        }
        #expect(MarkdownReport.render(data).contains("## Fragmentation trend"))
    }

    @Test("a finding behind more deals than it names counts them all and names the first, on one core or two")
    func findingNamesTheFirstDeals() throws {
        // Thirteen deals with a party in China, two without; the halves split them 7 and 8.
        let deals = Self.lens.flagged(
            (0..<15).map { index in
                Self.deal(
                    [Self.party("Maker \(index)", index % 7 == 6 ? "JP" : "CN", nil), Self.party("Buyer", "US", nil)],
                    announced: "2025-03-\(10 + index)")
            })
        let rows = AggregateStage.run(deals, blocs: Self.lens.blocs)
        let network = PartnershipNetwork(deals: deals, blocs: Self.lens.blocs)
        let withChina = deals.filter { $0.countries.contains("CN") }.map(\.dealID)
        #expect(withChina.count == 13)
        for jobs in [1, 2] {
            let data = ReportData(
                snapshotID: "S", created: Timestamp(secondsSinceEpoch: 0), deals: deals, aggregates: rows,
                articleCount: 0, duplicateArticles: 0, network: network, jobs: jobs)
            let finding = try #require(data.policy?.findings.first)
            #expect(finding.text.hasPrefix("13 of 15 deals"))
            #expect(finding.dealCount == 13)
            #expect(finding.dealIDs == Array(withChina.prefix(PolicyReport.linkedDeals)))
            #expect(MarkdownReport.render(data).contains("`\(withChina[7])` and 5 more."))
            #expect(HTMLReport.render(data).contains("; and 5 more."))
        }
    }

    @Test(
        "policy files and rules that cannot be used say which file and line",
        arguments: [
            (
                "flags:\n  - name: x\n    countries_all: [china, atlantis]\n", "pipeline.yml:6:",
                "neither a country code"
            ),
            ("flags:\n  - name: x\n    watchlists: [nolist]\n", "pipeline.yml:6:", "no watch list called `nolist`"),
            ("flags:\n  - name: x\n    deal_types: [merger]\n", "pipeline.yml:6:", "`merger` is not a deal type"),
            ("flags:\n  - name: x\n    roles: { buyer: [US] }\n", "pipeline.yml:6:", "unknown key `buyer`"),
            ("blocs: blocs-twice.yml\n", "blocs-twice.yml:5:", "CN is in bloc `a` already"),
            ("watchlists: lists-bad-date\n", "bad.yml:4:", "expected a day as YYYY-MM-DD"),
            (
                "blocs: blocs-reserved-trend.yml\n", "blocs-reserved-trend.yml:5:",
                "trend name `all` is used twice or reserved"
            ),
        ])
    func configErrors(_ yaml: String, _ place: String, _ message: String) throws {
        let folder = try TestPaths.makeTemporaryDirectory("policy")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "blocs:\n  - id: a\n    countries: [CN]\n  - id: b\n    countries: [US, CN]\n".write(
            toFile: folder + "/blocs-twice.yml", atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: folder + "/lists-bad-date", withIntermediateDirectories: true)
        try "name: bad\nentries:\n  - name: Aster\n    since: 2025-02-30\n".write(
            toFile: folder + "/lists-bad-date/bad.yml", atomically: false, encoding: .utf8)
        try "blocs:\n  - id: a\n    countries: [CN]\ntrends:\n  - name: all\n    pairs: [[a, other]]\n".write(
            toFile: folder + "/blocs-reserved-trend.yml", atomically: false, encoding: .utf8)
        try "blocs:\n  - id: china\n    countries: [CN, HK]\n".write(
            toFile: folder + "/blocs.yml", atomically: false, encoding: .utf8)
        try ("name: policy\nsources:\n  - url: feeds/a.xml\n" + yaml).write(
            toFile: folder + "/pipeline.yml", atomically: false, encoding: .utf8)
        #expect {
            try PipelineConfig.load(path: folder + "/pipeline.yml")
        } throws: { error in
            let text = "\(error)"
            return text.contains(place) && text.contains(message)
        }
    }
}

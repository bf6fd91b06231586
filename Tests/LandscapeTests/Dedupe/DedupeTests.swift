import Landscape
import Testing

@Suite("Dedupe: articles and deals")
struct DedupeTests {
    @Test("same canonical URL or same title on the same day marks duplicates of the earliest")
    func articleDuplicates() {
        let a = Fixtures.article("x", title: "Lunit to buy Volpara", id: "a", url: "https://one.example/1")
        let b = Fixtures.article("y", title: "Lunit to buy Volpara!", id: "b", url: "https://two.example/9")
        let c = Fixtures.article("z", title: "Other news", id: "c", url: "https://three.example/3")
        let result = ArticleDeduper.run([a, b, c], options: DedupeOptions(), jobs: 2).articles
        #expect(result[0].duplicateOf == nil)
        #expect(result[1].duplicateOf == "a")
        #expect(result[1].clusterID == "a")
        #expect(result[2].duplicateOf == nil)
        #expect(result[2].clusterID == "c")
    }

    @Test("one deal reported four ways across days merges into one deal with four sources")
    func fourReports() throws {
        let texts = [
            ("2025-05-20", "Pfizer signed a licensing agreement with 3SBio for a bispecific antibody."),
            ("2025-05-21", "3SBio said Pfizer will pay $1.25 billion upfront for the licence."),
            ("2025-05-27", "Pfizer and 3SBio agreed a partnership worth up to $6 billion."),
            ("2025-06-02", "Analysts said the Pfizer deal with 3SBio licenses rights outside China."),
        ]
        let reports = texts.enumerated().flatMap { index, item in
            Fixtures.extractor.extract(Fixtures.article(item.1, id: "r\(index)", published: item.0)).deals
        }
        #expect(reports.count == 4)
        let merged = DealMerger.run(reports, windowDays: 30)
        let deal = try #require(merged.first)
        #expect(merged.count == 1)
        #expect(deal.sources.count == 4)
        #expect(deal.dealType == .licensing)
        #expect(deal.upfrontUSD == 1_250_000_000)
        #expect(deal.valueUSD == 6_000_000_000)
        #expect(deal.announced == "2025-05-20")
    }

    @Test("two different deals between the same companies stay two")
    func twoDeals() {
        let march = Fixtures.extractor.extract(
            Fixtures.article("Celltrion licensed an ADC from WuXi XDC.", id: "m", published: "2025-03-03")
        ).deals
        let may = Fixtures.extractor.extract(
            Fixtures.article(
                "Celltrion signed a manufacturing agreement with WuXi XDC.", id: "y", published: "2025-05-12")
        ).deals
        let merged = DealMerger.run(march + may, windowDays: 30)
        #expect(merged.count == 2)
        #expect(Set(merged.map(\.dealType)) == [.licensing, .cdmoManufacturing])
    }

    @Test("a syndicated copy with a new headline, a cut sentence and a credit line is a near-duplicate")
    func syndicatedCopy() {
        let story = [
            "Celltrion signed an exclusive licence agreement with Pinotbio for the ADC PBX-7016 outside Greater China.",
            "Pinotbio will receive $20 million upfront and up to $1.2 billion in milestones.",
            "PBX-7016 is in a phase 1 trial in patients with gastric cancer, with data expected next year.",
            "Analysts at Nomura said the terms were in line with recent ADC deals from Korea.",
            "Shares of Pinotbio rose 12% in Seoul trading after the news.",
            "The deal is expected to close in the third quarter, subject to regulatory approval.",
            "Celltrion said it would start trials of the conjugate in Europe in 2026.",
            "Chief executive Kim Min-jun said the licence would bring PBX-7016 to patients sooner.",
        ]
        let original = Fixtures.article(
            story.joined(separator: " "), title: "Celltrion licenses Pinotbio ADC", id: "o",
            url: "https://one.example/1", published: "2025-04-01")
        let copy = Fixtures.article(
            (story.dropLast() + ["Reporting by Li Wei; editing by Tan Wei Ling."]).joined(separator: " "),
            title: "Pinotbio wins $1.2bn Celltrion ADC pact", id: "s", url: "https://two.example/syndicated/9",
            published: "2025-04-02")
        let rewrite = Fixtures.article(
            "Korea's Celltrion is paying Pinotbio $20 million upfront for rights to an antibody-drug conjugate "
                + "it will develop outside Greater China. The drug, PBX-7016, is in early trials for stomach cancer. "
                + "Pinotbio could earn up to $1.2 billion more if milestones are met, the companies said.",
            title: "Celltrion bets on Pinotbio's conjugate", id: "r", url: "https://three.example/r",
            published: "2025-04-01")
        let result = ArticleDeduper.run([original, copy, rewrite], options: DedupeOptions(), jobs: 2)
        #expect(result.articles.map(\.duplicateOf) == [nil, "o", nil])
        #expect(result.articles.map(\.clusterID) == ["o", "o", "r"])
        #expect(result.counts.nearDuplicateLinks == 1)
    }

    @Test("a deal keeps its id when a later run brings a fifth source dated before the others")
    func stableIDAcrossRuns() throws {
        let reports = [
            ("2025-05-20", "p1", "Pfizer signed a licensing agreement with 3SBio for a bispecific antibody."),
            ("2025-05-21", "p2", "3SBio said Pfizer will pay $1.25 billion upfront for the licence."),
            ("2025-05-27", "p3", "Pfizer and 3SBio agreed a partnership worth up to $6 billion."),
            ("2025-06-02", "p4", "Analysts said the Pfizer deal with 3SBio licenses rights outside China."),
        ].flatMap { Fixtures.extractor.extract(Fixtures.article($2, id: $1, published: $0)).deals }
        let first = try #require(DealMerger.run(reports, windowDays: 30).first)
        let rumour = Fixtures.extractor.extract(
            Fixtures.article(
                "Pfizer is in talks with 3SBio over the rights to a bispecific antibody.", id: "p5",
                published: "2025-05-12")
        ).deals
        let rerun = DealMerger.run(reports + rumour, windowDays: 30, previous: [first])
        let second = try #require(rerun.first)
        #expect(rerun.count == 1)
        #expect(second.sources.count == 5)
        #expect(second.announced == "2025-05-12")
        #expect(second.dealID == first.dealID)
        // Without the previous snapshot the earlier date would give another id.
        #expect(DealMerger.run(reports + rumour, windowDays: 30).first?.dealID != first.dealID)
    }

    @Test("a deal that splits in a rerun leaves its id to the part with most of its sources, and ids stay unique")
    func splitDeal() throws {
        let licence = Fixtures.extractor.extract(
            Fixtures.article("Celltrion licensed an ADC from WuXi XDC.", id: "l1", published: "2025-03-03")
        ).deals
        let licenceAgain = Fixtures.extractor.extract(
            Fixtures.article(
                "WuXi XDC licensed its ADC to Celltrion for $40 million.", id: "l2", published: "2025-03-05")
        ).deals
        let plant = Fixtures.extractor.extract(
            Fixtures.article(
                "Celltrion signed a manufacturing agreement with WuXi XDC.", id: "c1", published: "2025-03-04")
        ).deals
        // A wide window once grouped all three; a narrower rule now splits off the plant deal.
        let before = try #require(
            DealMerger.run(licence + licenceAgain, windowDays: 30).first.map { deal -> Deal in
                var all = deal
                all.sources += plant.flatMap(\.sources)
                return all
            })
        let after = DealMerger.run(licence + licenceAgain + plant, windowDays: 30, previous: [before])
        #expect(after.count == 2)
        #expect(after.first { $0.dealType == .licensing }?.dealID == before.dealID)
        #expect(Set(after.map(\.dealID)).count == 2)
    }

    @Test("a deal keeps its id when a later source for it arrives")
    func stableID() throws {
        let first = Fixtures.extractor.extract(
            Fixtures.article("Otsuka licensed a T-cell engager from Harbour BioMed.", id: "p", published: "2025-01-10")
        ).deals
        let later = Fixtures.extractor.extract(
            Fixtures.article(
                "Harbour BioMed's licence to Otsuka includes $53 million upfront.", id: "q", published: "2025-01-14")
        ).deals
        let before = try #require(DealMerger.run(first, windowDays: 30).first)
        let after = try #require(DealMerger.run(first + later, windowDays: 30).first)
        #expect(before.dealID == after.dealID)
        #expect(after.sources.count == 2)
    }
}

@Suite("Aggregate")
struct AggregateTests {
    /// The deals of one article per text, merged as the dedupe stage merges them.
    static func mergedDeals(_ texts: [String]) -> [Deal] {
        DealMerger.run(
            texts.enumerated().flatMap { Fixtures.extractor.extract(Fixtures.article($1, id: "t\($0)")).deals },
            windowDays: 30)
    }

    @Test("counts per dimension, unordered country pairs and shares of all deals")
    func rollUps() {
        let texts = [
            "Pfizer licensed a drug from 3SBio for $1 billion.",
            "Merck licensed an antibody from LaNova Medicines for $500 million.",
            "Sino Biopharmaceutical acquired LaNova Medicines.",
        ]
        let deals = Self.mergedDeals(texts)
        let rows = AggregateStage.run(deals)
        func row(_ dimension: String, _ key: String) -> AggregateRow? {
            rows.first { $0.dimension == dimension && $0.key == key }
        }
        #expect(row("country_pair", "CN-US")?.deals == 2)
        #expect(row("country_pair", "CN-US")?.valueUSD == 1_500_000_000)
        #expect(row("country_pair", "CN-CN")?.deals == 1)
        #expect(row("deal_type", "licensing")?.deals == 2)
        #expect(row("country", "CN")?.share == 1)
        #expect(row("cross_border", "domestic")?.deals == 1)
        #expect(row("organization", "LaNova Medicines")?.deals == 2)
        #expect(row("month", "2025-03")?.deals == 3)
    }

    @Test("flows go from licensor to licensee and from target to acquirer, by quarter")
    func flows() {
        let texts = [
            "Pfizer licensed a drug from 3SBio for $1 billion.",
            "Merck licensed an antibody from LaNova Medicines for $500 million.",
            "Sino Biopharmaceutical acquired LaNova Medicines.",
            "Celltrion signed a licensing deal with Pfizer.",
        ]
        let deals = Self.mergedDeals(texts)
        let rows = AggregateStage.run(deals)
        let flows = Dictionary(rows.filter { $0.dimension == "flow" }.map { ($0.key, $0.deals) }, uniquingKeysWith: +)
        // The Celltrion licence says no direction: it has no flow.
        #expect(flows == ["CN->US": 2, "CN->CN": 1])
        #expect(rows.first { $0.dimension == "quarter" && $0.key == "2025-Q1" }?.deals == 4)
    }

    @Test("rumoured and terminated deals are counted apart, in the status rows only")
    func status() {
        let texts = [
            "Pfizer licensed a drug from 3SBio for $1 billion.",
            "Roche is reportedly in talks to license a drug from Innovent Biologics.",
            "Shanghai Pharmaceuticals terminated its licensing deal with Guizhou Shengnuo Biotech.",
        ]
        let deals = Self.mergedDeals(texts)
        #expect(deals.count == 3)
        let rows = AggregateStage.run(deals)
        func row(_ dimension: String, _ key: String) -> AggregateRow? {
            rows.first { $0.dimension == dimension && $0.key == key }
        }
        #expect(row("deal_type", "licensing")?.deals == 1)
        #expect(row("deal_type", "licensing")?.share == 1)
        #expect(row("status", "announced")?.deals == 1)
        #expect(row("status", "rumoured")?.deals == 1)
        #expect(row("status", "terminated")?.deals == 1)
        #expect(abs((row("status", "rumoured")?.share ?? 0) - 1.0 / 3.0) < 1e-9)
        let report = ReportData(
            snapshotID: "S", created: Timestamp(secondsSinceEpoch: 0), deals: deals, aggregates: rows, articles: [])
        #expect(report.deals == 1 && report.rumoured == 1 && report.terminated == 1)
    }
}

import Foundation
import Testing

@testable import Landscape

@Suite("Scoring deals against gold annotations")
struct DealScorerTests {
    static func party(_ name: String?, _ country: String? = nil, aliases: [String]? = nil) -> EvalSet.Party {
        EvalSet.Party(name: name, country: country, kind: "company", aliases: aliases)
    }

    static func deal(_ names: [(String, String)], type: DealType, modalities: [String] = []) -> Deal {
        Deal(
            dealID: "", parties: names.map { DealParty(entityID: $0.0, name: $0.0, country: $0.1, kind: .company) },
            dealType: type, modalities: modalities, valueUSD: nil, upfrontUSD: nil, status: .announced,
            announced: "2025-01-01", confidence: 0.5, sources: [])
    }

    @Test(
        "names match after folding, by alias, by containment with the same first word, or spaced apart",
        arguments: [
            ("Samsung Biologics Co., Ltd.", "Samsung Biologics", true),
            ("Dr. Reddy's Laboratories", "Dr Reddys Laboratories Ltd", true),
            ("LigaChem Biosciences", "LegoChem Biosciences", true),  // through the alias
            ("Shanghai Henlius Biotech", "Henlius", false),  // the first word differs
            ("Celltrion", "Celltrion Healthcare", true),
            ("Bio Nova", "BioNova", true),
            ("Chugai Pharmaceutical", "Takeda Pharmaceutical", false),
            ("Nestlé Health Science", "Nestle Health Science", true),
        ])
    func names(_ gold: String, _ predicted: String, _ expected: Bool) {
        let goldParty = Self.party(gold, aliases: gold == "LigaChem Biosciences" ? ["LegoChem Biosciences"] : nil)
        #expect(PartyNames.matches(goldParty, predicted) == expected)
    }

    @Test("misses, false alarms, type errors, countries, pairs and modalities are counted")
    func counts() {
        let gold = [
            EvalSet.GoldDeal(
                parties: [Self.party("Ono Pharmaceutical", "JP"), Self.party("LigaChem Biosciences", "KR")],
                dealType: "licensing", dealTypeAlternatives: nil, modalities: ["adc"]),
            EvalSet.GoldDeal(
                parties: [Self.party("Celltrion", "KR"), Self.party("Pinotbio", "KR")], dealType: "co_development",
                dealTypeAlternatives: ["research_collaboration"], modalities: []),
        ]
        let set = EvalSet(
            articles: [EvalSet.Article(id: "a1", url: "https://example.org/a1", published: nil, title: nil, text: "")],
            gold: ["a1": gold],
            roles: ["a1": [0: ["Ono Pharmaceutical": .licensee, "LigaChem Biosciences": .licensor]]])
        var predicted = [
            Self.deal(
                [("LigaChem Biosciences", "KR"), ("Ono Pharmaceutical", "US")], type: .mAndA,
                modalities: ["adc", "bispecific"]),
            Self.deal([("Pfizer", "US"), ("AstraZeneca", "GB")], type: .licensing),
        ]
        predicted[0].parties[0].role = .licensor
        let report = DealScorer.score(set, predictions: [.init(articleID: "a1", deals: predicted)])
        #expect(report.goldDeals == 2 && report.predictedDeals == 2)
        #expect(report.matchedDeals == 1 && report.confirmedDeals == 1)
        #expect(report.misses.map(\.parties) == [["Celltrion", "Pinotbio"]])
        #expect(report.falseAlarms.map(\.parties) == [["Pfizer", "AstraZeneca"]])
        #expect(report.typeErrors.map(\.predicted) == ["m_and_a"])
        #expect(report.correctCountries == 1 && report.countriesChecked == 2)
        #expect(report.pairTruePositives == 1 && report.pairFalsePositives == 1 && report.pairFalseNegatives == 1)
        #expect(report.pairF1 == 0.5)
        #expect(report.modalityTruePositives == 1 && report.modalityFalsePositives == 1)
        #expect(report.modalityRecall == 1.0)
        // Each matched deal whose modalities differ is listed with what it lacks and what it adds.
        #expect(report.modalityErrors.map(\.missed) == [[]] && report.modalityErrors.map(\.extra) == [["bispecific"]])
        #expect(report.text.contains("wrong modalities (1)") && report.text.contains("extra bispecific"))
        let json = try? JSONSerialization.jsonObject(with: Data(report.json)) as? [String: Any]
        let listed = json?["modality_errors"] as? [[String: Any]]
        #expect(listed?.first?["extra"] as? [String] == ["bispecific"] && listed?.first?["article"] as? String == "a1")
        // Ono's role was left unknown, LigaChem's given right.
        #expect(report.rolesChecked == 2 && report.rolesGiven == 1 && report.correctRoles == 1)
        #expect(report.roleAccuracy == 0.5 && report.rolePrecision == 1.0)
        #expect(report.roleErrors.map(\.party) == ["Ono Pharmaceutical"])
        // The pair lists hold exactly the pairs the figures count.
        #expect(report.falsePairs.count == report.pairFalsePositives)
        #expect(report.missedPairs.count == report.pairFalseNegatives)
        #expect(report.missedPairs.map { [$0.first, $0.second] } == [["Celltrion", "Pinotbio"]])
    }
}

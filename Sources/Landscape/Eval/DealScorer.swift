/// Scores predicted deals against gold ones, article by article, the way
/// `../shared/tools/score_deals.py` does, plus modality precision and recall on matched deals.
public enum DealScorer {
    /// What was predicted for one article.
    public struct Prediction: Sendable {
        public let articleID: String
        public let deals: [Deal]

        public init(articleID: String, deals: [Deal]) {
            self.articleID = articleID
            self.deals = deals
        }
    }

    public static func score(_ set: EvalSet, predictions: [Prediction]) -> EvalReport {
        var report = EvalReport()
        let predicted = Dictionary(predictions.map { ($0.articleID, $0.deals) }, uniquingKeysWith: { $0 + $1 })
        for article in set.articles {
            let gold = set.gold[article.id] ?? []
            score(
                article: article.id, gold: gold, roles: set.roles[article.id] ?? [:],
                predicted: predicted[article.id] ?? [], into: &report)
        }
        report.articles = set.articles.count
        return report
    }

    /// A gold deal is found by a predicted one that names two of its named parties (or its only one).
    private static func match(_ gold: EvalSet.GoldDeal, _ deal: Deal) -> [(EvalSet.Party, DealParty)]? {
        let named = gold.parties.filter { $0.name != nil }
        var hits: [(EvalSet.Party, DealParty)] = []
        var matchedGold = Set<Int>()
        for (index, party) in named.enumerated() {
            for predicted in deal.parties where PartyNames.matches(party, predicted.name ?? "") {
                hits.append((party, predicted))
                matchedGold.insert(index)
            }
        }
        let needed = named.count >= 2 ? 2 : 1
        return matchedGold.count >= needed ? hits : nil
    }

    private static func score(
        article: String, gold: [EvalSet.GoldDeal], roles: [Int: [String: PartyRole]], predicted: [Deal],
        into report: inout EvalReport
    ) {
        report.goldDeals += gold.count
        report.predictedDeals += predicted.count
        for (goldIndex, goldDeal) in gold.enumerated() {
            let accepted = goldDeal.acceptedTypes
            var best: (deal: Deal, hits: [(EvalSet.Party, DealParty)])?
            for deal in predicted {
                guard let hits = match(goldDeal, deal) else { continue }
                if best == nil
                    || (accepted.contains(deal.dealType.rawValue)
                        && !accepted.contains(best?.deal.dealType.rawValue ?? ""))
                {
                    best = (deal, hits)
                }
            }
            guard let best else {
                report.misses.append(
                    .init(article: article, parties: goldDeal.parties.map(\.name), type: goldDeal.dealType))
                continue
            }
            report.matchedDeals += 1
            if accepted.contains(best.deal.dealType.rawValue) {
                report.correctTypes += 1
            } else {
                report.typeErrors.append(
                    .init(
                        article: article, parties: best.deal.parties.map(\.name), expected: goldDeal.dealType,
                        predicted: best.deal.dealType.rawValue, evidence: best.deal.sources.first?.evidence))
            }
            // Roles, where the set annotates them: a role left unknown counts against accuracy,
            // not against precision.
            for (party, predictedParty) in best.hits {
                guard let name = party.name, let role = roles[goldIndex]?[name] else { continue }
                report.rolesChecked += 1
                if let given = predictedParty.role {
                    report.rolesGiven += 1
                    if given == role { report.correctRoles += 1 }
                }
                if predictedParty.role != role {
                    report.roleErrors.append(
                        .init(
                            article: article, party: predictedParty.name ?? "(unnamed)", expected: role.rawValue,
                            predicted: predictedParty.role?.rawValue))
                }
            }
            for (party, predictedParty) in best.hits {
                guard let country = party.country else { continue }
                report.countriesChecked += 1
                if predictedParty.country == country {
                    report.correctCountries += 1
                } else {
                    report.countryErrors.append(
                        .init(
                            article: article, party: predictedParty.name ?? "(unnamed)", expected: country,
                            predicted: predictedParty.country))
                }
            }
            let goldModalities = Set(goldDeal.modalities ?? [])
            let predictedModalities = Set(best.deal.modalities)
            report.modalityTruePositives += goldModalities.intersection(predictedModalities).count
            report.modalityFalsePositives += predictedModalities.subtracting(goldModalities).count
            report.modalityFalseNegatives += goldModalities.subtracting(predictedModalities).count
            if goldModalities != predictedModalities {
                report.modalityErrors.append(
                    .init(
                        article: article, parties: best.deal.parties.map(\.name),
                        missed: goldModalities.subtracting(predictedModalities).sorted(),
                        extra: predictedModalities.subtracting(goldModalities).sorted(),
                        evidence: best.deal.sources.first?.evidence))
            }
        }
        for deal in predicted {
            if gold.contains(where: { match($0, deal) != nil }) {
                report.confirmedDeals += 1
            } else {
                report.falseAlarms.append(
                    .init(
                        article: article, parties: deal.parties.map(\.name), type: deal.dealType.rawValue,
                        evidence: deal.sources.first?.evidence))
            }
        }
        scorePairs(article: article, gold: gold, predicted: predicted, into: &report)
    }

    /// Unordered pairs of named parties, deals of more than four parties left out; a predicted
    /// pair counts once however many deals repeat it.
    private static func scorePairs(
        article: String, gold: [EvalSet.GoldDeal], predicted: [Deal], into report: inout EvalReport
    ) {
        var goldPairs: [(EvalSet.Party, EvalSet.Party)] = []
        var goldKeys = Set<Set<[String]>>()
        for deal in gold {
            let named = deal.parties.filter { $0.name != nil }
            guard named.count <= 4 else { continue }
            for (first, second) in pairs(named) {
                let key: Set<[String]> = [PartyNames.tokens(first.name), PartyNames.tokens(second.name)]
                if goldKeys.insert(key).inserted { goldPairs.append((first, second)) }
            }
        }
        var found = Set<Int>()
        var seen = Set<Set<[String]>>()
        for deal in predicted {
            // Parties the text describes without naming make no pair, as in score_deals.py.
            let names = deal.parties.compactMap(\.name)
            guard names.count <= 4 else { continue }
            for (first, second) in pairs(names) {
                guard seen.insert([PartyNames.tokens(first), PartyNames.tokens(second)]).inserted else { continue }
                let hit = goldPairs.indices.first { index in
                    let (x, y) = goldPairs[index]
                    return (PartyNames.matches(x, first) && PartyNames.matches(y, second))
                        || (PartyNames.matches(x, second) && PartyNames.matches(y, first))
                }
                if let hit {
                    found.insert(hit)
                } else {
                    report.pairFalsePositives += 1
                    report.falsePairs.append(.init(article: article, first: first, second: second))
                }
            }
        }
        report.pairTruePositives += found.count
        report.pairFalseNegatives += goldPairs.count - found.count
        for (index, pair) in goldPairs.enumerated() where !found.contains(index) {
            report.missedPairs.append(.init(article: article, first: pair.0.name ?? "", second: pair.1.name ?? ""))
        }
    }

    private static func pairs<Element>(_ items: [Element]) -> [(Element, Element)] {
        var result: [(Element, Element)] = []
        for i in items.indices {
            for j in items.indices where j > i { result.append((items[i], items[j])) }
        }
        return result
    }
}

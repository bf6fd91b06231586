/// The phrases that say a sentence reports a deal, of what type, and in what state.
///
/// One table, matched with one ``PhraseMatcher``. A typed trigger names the substance of the
/// agreement; a generic one ("agreement", "partnership") only says there is one, and the type then
/// comes from the parties. Higher `weight` wins when a sentence holds several triggers.
struct DealLexicon: Sendable {
    enum Cue: Sendable, Hashable {
        case trigger(DealType, weight: Int)
        case genericTrigger
        case status(DealStatus)
        /// Words that turn a licensing trigger into a platform licence.
        case platform
        /// A contrast that may divide a sentence into two clauses (see ``Clauses``).
        case contrast
    }

    static let entries: [(String, Cue)] = {
        var table: [(String, Cue)] = []
        func add(_ type: DealType, _ weight: Int, _ phrases: [String]) {
            for phrase in phrases { table.append((phrase, .trigger(type, weight: weight))) }
        }
        add(
            .mAndA, 9,
            [
                "acquire", "acquires", "acquired", "acquiring", "acquisition", "acquisitions", "to buy", "buys",
                "bought", "takeover", "take over", "merger", "merge with", "controlling stake", "majority stake",
                "sell its", "sold its", "divest", "divests", "divested", "buyout", "tender offer",
                // News writes the future and the present of buying as often as its past.
                "will buy", "would buy", "is buying", "to purchase", "purchased", "purchases", "takes over",
                "took over", "merged with", "sale of its", "divestiture", "purchase of",
                // A divestiture: "agreed to sell its China unit to", "will sell off two subsidiaries".
                "agreed to sell", "agrees to sell", "to sell off", "sell off", "sells off", "sold off", "selling off",
            ])
        add(
            .licensing, 8,
            [
                "license", "licenses", "licensed", "licensing", "licence", "licences", "licenced", "in-license",
                "in-licensed", "out-license", "out-licensed", "out-licensing", "exclusive rights", "global rights",
                "worldwide rights", "rights to develop", "option to license", "option agreement", "royalties",
                "the rights to", "rights to an", "rights to its", "rights to the", "rights to a",
                "granting rights", "granted rights", "grants rights", "granting the rights", "granted the rights",
            ])
        // Asian trade press writes an out-licence as a "technology transfer" (기술이전, 技术转让);
        // the transfer of a plant's manufacturing technology keeps its own, heavier cue above.
        add(.licensing, 6, ["technology transfer", "tech transfer", "technology-transfer", "transfer its technology"])
        // Payment terms without a named agreement are, in this trade, almost always a licence.
        add(.licensing, 5, ["upfront", "up-front", "milestone payments", "milestones", "tiered royalties"])
        add(
            .coDevelopment, 7,
            [
                "co-develop", "co-develops", "co-developing", "co-developed", "co-development", "codevelopment",
                "jointly develop", "joint development", "formed a joint venture", "form a joint venture",
                "forms a joint venture", "set up a joint venture", "establish a joint venture",
                "established a joint venture", "joint venture agreement",
                "develop together", "co-invest in development",
                // Both sides discover and develop: "an agreement to discover and develop ADCs".
                "discover and develop", "jointly discover", "co-discover", "co-discovery", "joint discovery",
                "through a joint venture", "via a joint venture", "in a joint venture",
            ])
        add(
            .cdmoManufacturing, 6,
            [
                "manufacturing agreement", "manufacturing deal", "manufacturing contract", "manufacturing services",
                "contract manufacturing", "contract development and manufacturing", "cdmo", "cmo", "manufacture",
                "manufactures", "produce", "production agreement", "manufacturing technology", "production technology",
                "manufacturing order", "production order",
                "manufacturing orders", "supply order",
            ])
        add(
            .distributionCommercialization, 5,
            [
                "distribution", "distribute", "distributes", "distributor", "commercialization rights",
                "commercialisation rights", "marketing rights", "sales rights", "supply agreement", "supply deal",
                "co-promote", "co-promotion", "commercialize", "commercialise",
            ])
        add(
            .equityInvestment, 4,
            [
                "invest", "invests", "invested", "investment in", "equity investment", "stake in", "minority stake",
                "private placement", "financing round", "series a", "series b", "series c", "led the round",
                "series d", "series e", "seed round", "funding round", "financing", "fundraise", "fundraising",
                "co-led the round", "participated in the round",
                "subscribe", "new shares",
            ])
        add(
            .researchCollaboration, 3,
            [
                "research collaboration", "research partnership", "joint research", "research agreement",
                "research pact", "collaborative research", "co-research", "joint study",
            ])
        add(
            .mouStrategicAlliance, 2,
            [
                "memorandum of understanding", "mou", "strategic alliance", "strategic partnership",
                "strategic cooperation", "strategic collaboration", "framework agreement", "cooperation agreement",
                "business agreement", "alliance",
            ])
        for phrase in [
            "agreement", "deal", "pact", "partnership", "partner with", "partners with", "partnered with", "tie-up",
            "team up", "teams up", "teamed up", "collaboration", "collaborate", "collaborates", "signed", "signs",
            "inks", "inked", "contract", "cooperation", "joins forces",
            // Talks are a deal in the making: recorded, with the rumoured status their cue gives.
            "negotiating with", "in talks with", "in negotiations with", "talks with",
        ] {
            table.append((phrase, .genericTrigger))
        }
        for phrase in [
            "terminate", "terminates", "terminated", "termination", "ended", "ends its", "end its", "end the",
            "scrapped", "scraps", "cancelled", "canceled", "cancels", "walked away", "returned the rights",
            "return the rights", "pulls out", "pulled out", "discontinued",
        ] {
            table.append((phrase, .status(.terminated)))
        }
        for phrase in [
            "reportedly", "rumoured", "rumored", "in talks", "in discussions", "is considering", "considering",
            "people familiar", "sources said", "said to be", "is weighing", "exploring a", "is set to buy",
            "could receive", "negotiating", "in negotiations",
        ] {
            table.append((phrase, .status(.rumoured)))
        }
        for phrase in ["completed", "completes", "closed the", "closes the", "finalized", "finalised", "has closed"] {
            table.append((phrase, .status(.completed)))
        }
        for phrase in [", while ", ", whereas ", "; while ", "; meanwhile"] { table.append((phrase, .contrast)) }
        for phrase in ["platform", "platforms", "technology platform", "conjugation technology"] {
            table.append((phrase, .platform))
        }
        return table
    }()

    let matcher = PhraseMatcher(phrases: Self.entries.map(\.0))

    static func cue(of match: PhraseMatcher.Match) -> Cue {
        Self.entries[match.phrase].1
    }

    /// Whether the match says there is a deal (typed or generic), not only its state.
    static func isTrigger(_ match: PhraseMatcher.Match) -> Bool {
        switch cue(of: match) {
        case .trigger, .genericTrigger: return true
        case .status, .platform, .contrast: return false
        }
    }
}

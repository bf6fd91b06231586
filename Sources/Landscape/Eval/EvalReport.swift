/// The scores of one evaluation, with what was missed, what was wrongly found, and what was
/// found with the wrong type.
public struct EvalReport: Sendable {
    public struct Miss: Sendable {
        public let article: String
        public let parties: [String?]
        public let type: String
    }

    public struct FalseAlarm: Sendable {
        public let article: String
        public let parties: [String?]
        public let type: String
        public let evidence: String?
    }

    public struct TypeError: Sendable {
        public let article: String
        public let parties: [String?]
        public let expected: String
        public let predicted: String
        public let evidence: String?
    }

    /// A matched deal given other modalities than the gold ones: those it lacks and those it
    /// has that the gold deal does not.
    public struct ModalityError: Sendable {
        public let article: String
        public let parties: [String?]
        public let missed: [String]
        public let extra: [String]
        public let evidence: String?
    }

    /// A matched party given another country or role than the gold one.
    public struct PartyError: Sendable {
        public let article: String
        public let party: String
        public let expected: String
        public let predicted: String?
    }

    /// An unordered pair of named parties of one article.
    public struct Pair: Sendable {
        public let article: String
        public let first: String
        public let second: String
    }

    public var articles = 0
    public var goldDeals = 0
    public var predictedDeals = 0
    /// Gold deals that a predicted deal matches.
    public var matchedDeals = 0
    /// Predicted deals that match a gold deal.
    public var confirmedDeals = 0
    public var correctTypes = 0
    public var countriesChecked = 0
    /// Matched parties with a gold role, those given a role, and those given the gold one.
    public var rolesChecked = 0
    public var rolesGiven = 0
    public var correctRoles = 0
    public var correctCountries = 0
    public var pairTruePositives = 0
    public var pairFalsePositives = 0
    public var pairFalseNegatives = 0
    public var modalityTruePositives = 0
    public var modalityFalsePositives = 0
    public var modalityFalseNegatives = 0
    public var misses: [Miss] = []
    public var falseAlarms: [FalseAlarm] = []
    public var typeErrors: [TypeError] = []
    public var modalityErrors: [ModalityError] = []
    /// Every pair the pair figures count as false (precision) or missed (recall).
    public var falsePairs: [Pair] = []
    public var missedPairs: [Pair] = []
    public var countryErrors: [PartyError] = []
    /// Parties whose role differs from the gold one (the same shape as a country error).
    public var roleErrors: [PartyError] = []

    private static func ratio(_ part: Int, _ whole: Int) -> Double? {
        whole > 0 ? Double(part) / Double(whole) : nil
    }

    private static func f1(_ precision: Double?, _ recall: Double?) -> Double? {
        guard let precision, let recall else { return nil }
        return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }

    public var dealRecall: Double? { Self.ratio(matchedDeals, goldDeals) }
    public var dealPrecision: Double? { Self.ratio(confirmedDeals, predictedDeals) }
    public var pairPrecision: Double? { Self.ratio(pairTruePositives, pairTruePositives + pairFalsePositives) }
    public var pairRecall: Double? { Self.ratio(pairTruePositives, pairTruePositives + pairFalseNegatives) }
    public var pairF1: Double? { Self.f1(pairPrecision, pairRecall) }
    public var typeAccuracy: Double? { Self.ratio(correctTypes, matchedDeals) }
    public var countryAccuracy: Double? { Self.ratio(correctCountries, countriesChecked) }
    /// Of the matched parties with a gold role, those given that role (unknown counts as wrong).
    public var roleAccuracy: Double? { Self.ratio(correctRoles, rolesChecked) }
    /// Of the matched parties with a gold role that were given a role, those given the right one.
    public var rolePrecision: Double? { Self.ratio(correctRoles, rolesGiven) }
    public var modalityPrecision: Double? {
        Self.ratio(modalityTruePositives, modalityTruePositives + modalityFalsePositives)
    }
    public var modalityRecall: Double? {
        Self.ratio(modalityTruePositives, modalityTruePositives + modalityFalseNegatives)
    }
    public var modalityF1: Double? { Self.f1(modalityPrecision, modalityRecall) }

    /// Three decimals, or `-` when there was nothing to measure.
    private static func show(_ value: Double?) -> String {
        guard let value else { return "-" }
        return String(Double((value * 1000).rounded()) / 1000)
    }

    private static func names(_ parties: [String?]) -> String {
        parties.map { $0 ?? "(unnamed)" }.joined(separator: " + ")
    }

    /// The report for a reader: figures first, then every miss, false alarm, and error of a
    /// pair, country, role, type or modality.
    public var text: String {
        var lines = [
            "articles \(articles), gold deals \(goldDeals), predicted deals \(predictedDeals)",
            "deals        recall \(Self.show(dealRecall))  precision \(Self.show(dealPrecision))",
            "party pairs  precision \(Self.show(pairPrecision))  recall \(Self.show(pairRecall))  F1 \(Self.show(pairF1))"
                + "  (\(pairTruePositives) found, \(pairFalsePositives) false, \(pairFalseNegatives) missed)",
            "deal type    accuracy \(Self.show(typeAccuracy))  (\(correctTypes)/\(matchedDeals) matched deals)",
            "country      accuracy \(Self.show(countryAccuracy))  (\(correctCountries)/\(countriesChecked) parties)",
            "modalities   precision \(Self.show(modalityPrecision))  recall \(Self.show(modalityRecall))"
                + "  F1 \(Self.show(modalityF1))",
            "roles        accuracy \(Self.show(roleAccuracy))  (\(correctRoles)/\(rolesChecked) parties)"
                + "  precision \(Self.show(rolePrecision))  (of \(rolesGiven) given)",
        ]
        lines.append("")
        lines.append("misses (\(misses.count))")
        lines += misses.map { "  \($0.article)  \(Self.names($0.parties))  [\($0.type)]" }
        lines.append("false alarms (\(falseAlarms.count))")
        lines += falseAlarms.map {
            "  \($0.article)  \(Self.names($0.parties))  [\($0.type)]  \"\($0.evidence ?? "")\""
        }
        lines.append("false pairs (\(falsePairs.count))")
        lines += falsePairs.map { "  \($0.article)  \($0.first) + \($0.second)" }
        lines.append("missed pairs (\(missedPairs.count))")
        lines += missedPairs.map { "  \($0.article)  \($0.first) + \($0.second)" }
        for (title, errors) in [("wrong country", countryErrors), ("wrong role", roleErrors)] {
            lines.append("\(title) (\(errors.count))")
            lines += errors.map { "  \($0.article)  \($0.party)  [\($0.predicted ?? "none"), expected \($0.expected)]" }
        }
        lines.append("wrong deal type (\(typeErrors.count))")
        lines += typeErrors.map {
            "  \($0.article)  \(Self.names($0.parties))  [\($0.predicted), expected \($0.expected)]"
                + "  \"\($0.evidence ?? "")\""
        }
        lines.append("wrong modalities (\(modalityErrors.count))")
        lines += modalityErrors.map {
            "  \($0.article)  \(Self.names($0.parties))  [missed \($0.missed.joined(separator: ",")), extra \($0.extra.joined(separator: ","))]"
                + "  \"\($0.evidence ?? "")\""
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `"parties": [...]`, with `null` for a party described but not named.
    private static func parties(_ parties: [String?], into writer: inout JSONWriter) {
        writer.key("parties")
        writer.beginArray()
        for party in parties { writer.string(party) }
        writer.endArray()
    }

    /// The report as one JSON object.
    public var json: [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("articles", articles)
        writer.field("gold_deals", goldDeals)
        writer.field("predicted_deals", predictedDeals)
        writer.field("deal_recall", dealRecall)
        writer.field("deal_precision", dealPrecision)
        writer.field("pair_precision", pairPrecision)
        writer.field("pair_recall", pairRecall)
        writer.field("pair_f1", pairF1)
        writer.field("pair_true_positives", pairTruePositives)
        writer.field("type_accuracy", typeAccuracy)
        writer.field("country_accuracy", countryAccuracy)
        writer.field("modality_precision", modalityPrecision)
        writer.field("modality_recall", modalityRecall)
        writer.field("modality_f1", modalityF1)
        writer.field("role_accuracy", roleAccuracy)
        writer.field("role_precision", rolePrecision)
        writer.objects("misses", misses) { writer, miss in
            writer.field("article", miss.article)
            Self.parties(miss.parties, into: &writer)
            writer.field("type", miss.type)
        }
        writer.objects("false_alarms", falseAlarms) { writer, alarm in
            writer.field("article", alarm.article)
            Self.parties(alarm.parties, into: &writer)
            writer.field("type", alarm.type)
            writer.field("evidence", alarm.evidence)
        }
        for (key, pairs): (StaticString, _) in [("false_pairs", falsePairs), ("missed_pairs", missedPairs)] {
            writer.objects(key, pairs) { writer, pair in
                writer.field("article", pair.article)
                writer.field("parties", [pair.first, pair.second])
            }
        }
        for (key, errors): (StaticString, _) in [("country_errors", countryErrors), ("role_errors", roleErrors)] {
            writer.objects(key, errors) { writer, error in
                writer.field("article", error.article)
                writer.field("party", error.party)
                writer.field("expected", error.expected)
                writer.field("predicted", error.predicted)
            }
        }
        writer.objects("type_errors", typeErrors) { writer, error in
            writer.field("article", error.article)
            Self.parties(error.parties, into: &writer)
            writer.field("expected", error.expected)
            writer.field("predicted", error.predicted)
            writer.field("evidence", error.evidence)
        }
        writer.objects("modality_errors", modalityErrors) { writer, error in
            writer.field("article", error.article)
            Self.parties(error.parties, into: &writer)
            writer.field("missed", error.missed)
            writer.field("extra", error.extra)
            writer.field("evidence", error.evidence)
        }
        writer.endObject()
        writer.newline()
        return writer.bytes
    }
}

/// The aggregate stage: counts and values of deals by country, country pair, flow, type,
/// modality, month, quarter, organisation, and cross-border versus domestic; by status; and
/// through the policy lens, by flag, bloc, bloc pair (overall and per quarter) and the
/// quarterly fragmentation trend.
///
/// Every dimension but `status` counts the deals that happened (announced or completed):
/// rumoured and terminated deals are not part of the landscape's figures, and appear only in
/// the `status` rows, which count every deal.
public enum AggregateStage {
    public static let dimensions = [
        "country", "country_pair", "flow", "deal_type", "modality", "month", "quarter", "organization",
        "cross_border", "status", "flag", "bloc", "bloc_pair", "bloc_pair_quarter", "fragmentation",
    ]

    /// Dimensions whose rows follow time, in key order; the others go from most deals to fewest.
    static let timeDimensions: Set<String> = ["month", "quarter", "bloc_pair_quarter", "fragmentation"]

    /// Whether a deal counts in the landscape's figures: announced or completed.
    public static func isCounted(_ deal: Deal) -> Bool {
        deal.status == .announced || deal.status == .completed
    }

    /// The rows of every dimension.
    ///
    /// - Parameters:
    ///   - deals: the landscape's deals, with their `flags` set (``PolicyLens/flagged(_:)``).
    ///   - blocs: the blocs of the `bloc` dimensions and the fragmentation trend.
    /// - Returns: the rows, dimension by dimension in the order of ``dimensions``.
    public static func run(_ deals: [Deal], blocs: Blocs = .none) -> [AggregateRow] {
        var counts: [String: [String: (deals: Int, value: Double)]] = [:]
        func add(_ dimension: String, _ key: String, _ deal: Deal) {
            var entry = counts[dimension, default: [:]][key, default: (0, 0)]
            entry.deals += 1
            entry.value += deal.valueUSD ?? 0
            counts[dimension, default: [:]][key] = entry
        }
        for deal in deals {
            add("status", deal.status.rawValue, deal)
            guard isCounted(deal) else { continue }
            for country in deal.countries { add("country", country, deal) }
            if deal.countries.count == 1, let only = deal.countries.first {
                add("country_pair", only + "-" + only, deal)
            } else {
                for pair in unorderedPairs(deal.countries) { add("country_pair", pair, deal) }
            }
            for flow in flows(of: deal) { add("flow", flow, deal) }
            add("deal_type", deal.dealType.rawValue, deal)
            for modality in deal.modalities { add("modality", modality, deal) }
            if let announced = deal.announced {
                add("month", String(announced.prefix(7)), deal)
                if let quarter = quarter(of: announced) { add("quarter", quarter, deal) }
            }
            for name in Set(deal.parties.compactMap(\.name)) { add("organization", name, deal) }
            let scope = deal.countries.isEmpty ? "unknown" : deal.isCrossBorder ? "cross_border" : "domestic"
            add("cross_border", scope, deal)
            for flag in deal.flags { add("flag", flag, deal) }
            let dealBlocs = blocs.blocs(of: deal.countries)
            for bloc in dealBlocs { add("bloc", bloc, deal) }
            let pairs = BlocPair.pairs(of: dealBlocs)
            for pair in pairs { add("bloc_pair", pair.description, deal) }
            if let quarter = deal.announced.flatMap(quarter(of:)) {
                for pair in pairs { add("bloc_pair_quarter", quarter + " " + pair.description, deal) }
                for measure in Fragmentation.measures(of: deal, blocs: dealBlocs, pairs: pairs, trends: blocs.trends) {
                    add("fragmentation", quarter + " " + measure, deal)
                }
            }
        }
        let total = max(1, deals.count)
        let counted = max(1, deals.filter(isCounted).count)
        // A quarter's figures are shares of that quarter's deals.
        let quarterTotals = counts["fragmentation", default: [:]].compactMap { key, entry in
            key.hasSuffix(" " + Fragmentation.all) ? (String(key.prefix { $0 != " " }), entry.deals) : nil
        }
        let dealsInQuarter = Dictionary(quarterTotals, uniquingKeysWith: { first, _ in first })
        var rows: [AggregateRow] = []
        for dimension in dimensions {
            let entries = counts[dimension, default: [:]].sorted { a, b in
                if timeDimensions.contains(dimension) { return a.key < b.key }
                return a.value.deals != b.value.deals ? a.value.deals > b.value.deals : a.key < b.key
            }
            for (key, entry) in entries {
                var whole = dimension == "status" ? total : counted
                if dimension == "fragmentation" || dimension == "bloc_pair_quarter" {
                    whole = max(1, dealsInQuarter[String(key.prefix { $0 != " " })] ?? 1)
                }
                rows.append(
                    AggregateRow(
                        dimension: dimension, key: key, deals: entry.deals, valueUSD: entry.value,
                        share: Double(entry.deals) / Double(whole)))
            }
        }
        return rows
    }

    /// Which way an asset went, as `FROM->TO` country codes: from licensor to licensee, from
    /// target (or seller) to acquirer. Deals without both sides placed have no flow.
    public static func flows(of deal: Deal) -> [String] {
        let sources: Set<PartyRole>
        let sinks: Set<PartyRole>
        switch deal.dealType {
        case .licensing, .technologyPlatform:
            sources = [.licensor]
            sinks = [.licensee]
        case .mAndA:
            sources = [.target]
            sinks = [.acquirer]
        default:
            return []
        }
        let from = Set(deal.parties.filter { $0.role.map(sources.contains) ?? false }.compactMap(\.country))
        let to = Set(deal.parties.filter { $0.role.map(sinks.contains) ?? false }.compactMap(\.country))
        return from.sorted().flatMap { source in to.sorted().map { source + "->" + $0 } }
    }

    /// `YYYY-Qn` of a `YYYY-MM-DD` day.
    static func quarter(of day: String) -> String? {
        let parts = day.split(separator: "-")
        guard parts.count >= 2, let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        return "\(parts[0])-Q\((month - 1) / 3 + 1)"
    }

    private static func unorderedPairs(_ countries: [String]) -> [String] {
        let sorted = Array(Set(countries)).sorted()
        var pairs: [String] = []
        for i in sorted.indices {
            for j in sorted.indices where j > i { pairs.append(sorted[i] + "-" + sorted[j]) }
        }
        return pairs
    }
}

/// The aggregate stage: counts and values of deals by country, country pair, type, modality,
/// month, organisation, and cross-border versus domestic.
public enum AggregateStage {
    public static let dimensions = [
        "country", "country_pair", "deal_type", "modality", "month", "organization", "cross_border",
    ]

    public static func run(_ deals: [Deal]) -> [AggregateRow] {
        var counts: [String: [String: (deals: Int, value: Double)]] = [:]
        func add(_ dimension: String, _ key: String, _ deal: Deal) {
            var entry = counts[dimension, default: [:]][key, default: (0, 0)]
            entry.deals += 1
            entry.value += deal.valueUSD ?? 0
            counts[dimension, default: [:]][key] = entry
        }
        for deal in deals {
            for country in deal.countries { add("country", country, deal) }
            if deal.countries.count == 1, let only = deal.countries.first {
                add("country_pair", only + "-" + only, deal)
            } else {
                for pair in unorderedPairs(deal.countries) { add("country_pair", pair, deal) }
            }
            add("deal_type", deal.dealType.rawValue, deal)
            for modality in deal.modalities { add("modality", modality, deal) }
            if let announced = deal.announced { add("month", String(announced.prefix(7)), deal) }
            for name in Set(deal.parties.map(\.name)) { add("organization", name, deal) }
            let scope = deal.countries.isEmpty ? "unknown" : deal.isCrossBorder ? "cross_border" : "domestic"
            add("cross_border", scope, deal)
        }
        let total = max(1, deals.count)
        var rows: [AggregateRow] = []
        for dimension in dimensions {
            let entries = counts[dimension, default: [:]].sorted { a, b in
                if dimension == "month" { return a.key < b.key }
                return a.value.deals != b.value.deals ? a.value.deals > b.value.deals : a.key < b.key
            }
            for (key, entry) in entries {
                rows.append(
                    AggregateRow(
                        dimension: dimension, key: key, deals: entry.deals, valueUSD: entry.value,
                        share: Double(entry.deals) / Double(total)))
            }
        }
        return rows
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

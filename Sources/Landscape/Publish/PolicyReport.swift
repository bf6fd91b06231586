/// The policy lens of a report: findings written from the data, deals per flag, the
/// fragmentation trend, and the network's most connected organisations and bridges.
public struct PolicyReport: Sendable {
    /// A statement computed from the snapshot, with its numbers and the deals behind it.
    public struct Finding: Sendable, Hashable {
        public let text: String
        public let dealIDs: [String]
    }

    /// One quarter of the fragmentation trend: the quarter's deals, and of them how many cross a
    /// border, a bloc line, and each trend's bloc pairs.
    public struct TrendQuarter: Sendable, Hashable {
        public let quarter: String
        public let deals: Int
        public let crossBorder: Int
        public let crossBloc: Int
        /// Deals of each trend of the blocs file, in its order.
        public let trends: [Int]
    }

    public let findings: [Finding]
    public let flags: [ReportData.Count]
    /// The blocs file's trend names, the columns of ``trend``.
    public let trendNames: [String]
    /// Oldest quarter first.
    public let trend: [TrendQuarter]
    public let mostConnected: [PartnershipNetwork.Node]
    public let bridges: [PartnershipNetwork.Node]

    /// - Parameters:
    ///   - deals: the deals that happened (announced or completed).
    ///   - aggregates: the snapshot's aggregate rows, whose figures the findings quote.
    ///   - network: the snapshot's partnership network, with its blocs.
    ///   - topCount: how many organisations the network's lists hold.
    init(deals: [Deal], aggregates: [AggregateRow], network: PartnershipNetwork, topCount: Int) {
        func rows(_ dimension: String) -> [AggregateRow] { aggregates.filter { $0.dimension == dimension } }
        flags = rows("flag").map { ReportData.Count(label: $0.key, deals: $0.deals, share: $0.share) }
        let blocs = network.blocs
        trendNames = blocs.trends.map(\.name)
        var byQuarter: [String: [String: Int]] = [:]
        for row in rows("fragmentation") {
            let parts = row.key.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            byQuarter[parts[0], default: [:]][parts[1]] = row.deals
        }
        let names = trendNames
        trend = byQuarter.keys.sorted().map { quarter in
            let measures = byQuarter[quarter] ?? [:]
            return TrendQuarter(
                quarter: quarter, deals: measures[Fragmentation.all] ?? 0,
                crossBorder: measures[Fragmentation.crossBorder] ?? 0,
                crossBloc: measures[Fragmentation.crossBloc] ?? 0,
                trends: names.map { measures[$0] ?? 0 })
        }
        mostConnected = network.mostConnected(topCount)
        bridges = network.bridges(topCount)
        findings = Self.findings(deals: deals, aggregates: aggregates, blocs: blocs, trend: trend)
    }

    /// The analyst's brief: each statement only when the snapshot holds the data for it.
    private static func findings(
        deals: [Deal], aggregates: [AggregateRow], blocs: Blocs, trend: [TrendQuarter]
    ) -> [Finding] {
        guard !deals.isEmpty else { return [] }
        let total = deals.count
        func dealCount(_ count: Int) -> String { ReportFormat.count(count, "deal", "deals") }
        func share(_ count: Int, of whole: Int = total) -> String {
            ReportFormat.percent(Double(count) / Double(max(1, whole)))
        }
        var findings: [Finding] = []
        // Deals with a party in the bloc of China (China alone when no bloc holds it).
        let chinaBloc = blocs.bloc(of: "CN")
        let china = Set(
            chinaBloc == Blocs.other ? ["CN"] : blocs.blocs.first { $0.id == chinaBloc }?.countries ?? ["CN"])
        let withChina = deals.filter { !china.isDisjoint(with: $0.countries) }
        findings.append(
            Finding(
                text: "\(withChina.count) of \(total) deals (\(share(withChina.count))) have a party in "
                    + china.sorted().joined(separator: ", ") + ".",
                dealIDs: withChina.map(\.dealID)))
        if let leading = aggregates.first(where: { $0.dimension == "modality" }) {
            let named = deals.count { !$0.modalities.isEmpty }
            findings.append(
                Finding(
                    text: "The leading modality is \(ReportFormat.label(leading.key)): "
                        + "\(dealCount(leading.deals)), "
                        + "\(share(leading.deals, of: named)) of the \(named) deals that name a modality.",
                    dealIDs: deals.filter { $0.modalities.contains(leading.key) }.map(\.dealID)))
        }
        if let domestic = aggregates.first(where: { $0.dimension == "cross_border" && $0.key == "domestic" }) {
            findings.append(
                Finding(
                    text: "\(dealCount(domestic.deals)) (\(share(domestic.deals))) "
                        + (domestic.deals == 1 ? "is" : "are") + " between parties of one country.",
                    dealIDs: deals.filter { !$0.countries.isEmpty && !$0.isCrossBorder }.map(\.dealID)))
        }
        // Whom the parties of Southeast Asia (the bloc of Singapore) deal with.
        let region = blocs.bloc(of: "SG")
        if region != Blocs.other, let name = blocs.blocs.first(where: { $0.id == region })?.name {
            let involved = deals.filter { $0.countries.contains { blocs.bloc(of: $0) == region } }
            var partners: [String: Int] = [:]
            for deal in involved {
                for country in Set(deal.countries) where blocs.bloc(of: country) != region {
                    partners[country, default: 0] += 1
                }
            }
            if !involved.isEmpty {
                let ranked = partners.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(5)
                let list = ranked.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
                findings.append(
                    Finding(
                        text: "Parties in \(name) appear in \(dealCount(involved.count))"
                            + (list.isEmpty ? ", all within the bloc." : "; their partners outside it are in \(list)."),
                        dealIDs: involved.map(\.dealID)))
            }
        }
        // The last quarter against the one before.
        if trend.count >= 2 {
            let last = trend[trend.count - 1]
            let before = trend[trend.count - 2]
            findings.append(
                Finding(
                    text: "In \(last.quarter), \(dealCount(last.deals)) against \(before.deals) in \(before.quarter); "
                        + "\(share(last.crossBloc, of: last.deals)) crossed a bloc line, against "
                        + "\(share(before.crossBloc, of: before.deals)).",
                    dealIDs: deals.filter { $0.announced.flatMap(AggregateStage.quarter(of:)) == last.quarter }.map(
                        \.dealID)))
        }
        return findings
    }
}

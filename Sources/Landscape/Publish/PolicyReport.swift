/// The policy lens of a report: findings written from the data, deals per flag, the
/// fragmentation trend, and the network's most connected organisations and bridges.
public struct PolicyReport: Sendable {
    /// A statement computed from the snapshot, with its numbers and the deals behind it.
    public struct Finding: Sendable, Hashable {
        public let text: String
        /// The first ``PolicyReport/linkedDeals`` of the deals behind it, in the deals' order:
        /// the reports link those and count the rest.
        public let dealIDs: [String]
        /// How many deals are behind it.
        public let dealCount: Int

        init(text: String, deals: FindingDeals) {
            self.text = text
            dealIDs = deals.first
            dealCount = deals.count
        }
    }

    /// How many deals a finding names before it says how many more there are.
    public static let linkedDeals = 8

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
    ///   - deals: the snapshot's deals; the findings count those that happened (announced or
    ///     completed).
    ///   - aggregates: the snapshot's aggregate rows, whose figures the findings quote.
    ///   - network: the snapshot's partnership network, with its blocs.
    ///   - topCount: how many organisations the network's lists hold.
    ///   - jobs: cores to read the deals on; the findings are the same whatever it is.
    init(deals: [Deal], aggregates: [AggregateRow], network: PartnershipNetwork, topCount: Int, jobs: Int) {
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
        findings = Self.findings(deals: deals, aggregates: aggregates, blocs: blocs, trend: trend, jobs: jobs)
    }

    /// The analyst's brief: each statement only when the snapshot holds the data for it.
    ///
    /// What each statement asks of a deal is known before the deals are read (the bloc of
    /// China, the leading modality, the last quarter), so the deals are read once, in two
    /// halves side by side (``FindingTally``).
    private static func findings(
        deals: [Deal], aggregates: [AggregateRow], blocs: Blocs, trend: [TrendQuarter], jobs: Int
    ) -> [Finding] {
        // Deals with a party in the bloc of China (China alone when no bloc holds it).
        let chinaBloc = blocs.bloc(of: "CN")
        let china = Set(
            chinaBloc == Blocs.other ? ["CN"] : blocs.blocs.first { $0.id == chinaBloc }?.countries ?? ["CN"])
        let leading = aggregates.first(where: { $0.dimension == "modality" })
        let domestic = aggregates.first(where: { $0.dimension == "cross_border" && $0.key == "domestic" })
        // Whom the parties of Southeast Asia (the bloc of Singapore) deal with.
        let region = blocs.bloc(of: "SG")
        let regionName = region == Blocs.other ? nil : blocs.blocs.first(where: { $0.id == region })?.name
        let quarters = trend.count >= 2 ? (last: trend[trend.count - 1], before: trend[trend.count - 2]) : nil
        let question = FindingTally.Question(
            china: china, modality: leading?.key, region: regionName == nil ? nil : region, blocs: blocs,
            quarter: quarters?.last.quarter)
        let halves = deals.halves(jobs: jobs) { FindingTally($0, question) }
        var tally = halves.first
        tally.add(halves.second)
        let total = tally.counted
        guard total > 0 else { return [] }
        func dealCount(_ count: Int) -> String { ReportFormat.count(count, "deal", "deals") }
        func share(_ count: Int, of whole: Int = total) -> String {
            ReportFormat.percent(Double(count) / Double(max(1, whole)))
        }
        var findings: [Finding] = []
        findings.append(
            Finding(
                text: "\(tally.withChina.count) of \(total) deals (\(share(tally.withChina.count))) have a party in "
                    + china.sorted().joined(separator: ", ") + ".",
                deals: tally.withChina))
        if let leading {
            findings.append(
                Finding(
                    text: "The leading modality is \(ReportFormat.label(leading.key)): "
                        + "\(dealCount(leading.deals)), "
                        + "\(share(leading.deals, of: tally.namingModality)) of the \(tally.namingModality) deals "
                        + "that name a modality.",
                    deals: tally.withModality))
        }
        if let domestic {
            findings.append(
                Finding(
                    text: "\(dealCount(domestic.deals)) (\(share(domestic.deals))) "
                        + (domestic.deals == 1 ? "is" : "are") + " between parties of one country.",
                    deals: tally.domestic))
        }
        if let regionName, tally.inRegion.count > 0 {
            let ranked = tally.regionPartners.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(5)
            let list = ranked.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
            findings.append(
                Finding(
                    text: "Parties in \(regionName) appear in \(dealCount(tally.inRegion.count))"
                        + (list.isEmpty ? ", all within the bloc." : "; their partners outside it are in \(list)."),
                    deals: tally.inRegion))
        }
        // The last quarter against the one before.
        if let (last, before) = quarters {
            findings.append(
                Finding(
                    text: "In \(last.quarter), \(dealCount(last.deals)) against \(before.deals) in \(before.quarter); "
                        + "\(share(last.crossBloc, of: last.deals)) crossed a bloc line, against "
                        + "\(share(before.crossBloc, of: before.deals)).",
                    deals: tally.inQuarter))
        }
        return findings
    }
}

/// The deals behind each of the report's findings, gathered in one pass over the deals that
/// happened (announced or completed); two tallies of consecutive deals add up to the tally of
/// both, in order.
private struct FindingTally: Sendable {
    /// What the findings ask of each deal.
    struct Question: Sendable {
        /// The countries of China's bloc.
        let china: Set<String>
        /// The leading modality, if any deal names one.
        let modality: String?
        /// The bloc of Southeast Asia, if the blocs file has one.
        let region: String?
        let blocs: Blocs
        /// The last quarter of the trend, if it has two.
        let quarter: String?
    }

    var counted = 0
    var withChina = FindingDeals()
    var namingModality = 0
    var withModality = FindingDeals()
    var domestic = FindingDeals()
    var inRegion = FindingDeals()
    /// Deals in the region by each partner country outside it.
    var regionPartners: [String: Int] = [:]
    var inQuarter = FindingDeals()

    init(_ deals: ArraySlice<Deal>, _ question: Question) {
        for deal in deals where AggregateStage.isCounted(deal) {
            counted += 1
            if !question.china.isDisjoint(with: deal.countries) { withChina.append(deal.id) }
            if !deal.modalities.isEmpty {
                namingModality += 1
                if let modality = question.modality, deal.modalities.contains(modality) {
                    withModality.append(deal.id)
                }
            }
            if !deal.countries.isEmpty && !deal.isCrossBorder { domestic.append(deal.id) }
            if let region = question.region, deal.countries.contains(where: { question.blocs.bloc(of: $0) == region }) {
                inRegion.append(deal.id)
                for country in Set(deal.countries) where question.blocs.bloc(of: country) != region {
                    regionPartners[country, default: 0] += 1
                }
            }
            if let quarter = question.quarter, deal.announced.flatMap(AggregateStage.quarter(of:)) == quarter {
                inQuarter.append(deal.id)
            }
        }
    }

    mutating func add(_ later: FindingTally) {
        counted += later.counted
        withChina.add(later.withChina)
        namingModality += later.namingModality
        withModality.add(later.withModality)
        domestic.add(later.domestic)
        inRegion.add(later.inRegion)
        regionPartners.merge(later.regionPartners, uniquingKeysWith: +)
        inQuarter.add(later.inQuarter)
    }
}

/// The deals behind a finding as the reports show them: how many, and the first few ids. A
/// finding such as "deals with a party in China" is a third of a million deals' ids at a million
/// articles, held through publish, of which the reports link eight.
struct FindingDeals: Sendable, Hashable {
    private(set) var count = 0
    private(set) var first: [String] = []

    mutating func append(_ dealID: DealID) {
        count += 1
        if first.count < PolicyReport.linkedDeals { first.append(dealID.description) }
    }

    /// Adds the deals of `later`, which come after these.
    mutating func add(_ later: FindingDeals) {
        count += later.count
        first += later.first.prefix(PolicyReport.linkedDeals - first.count)
    }
}

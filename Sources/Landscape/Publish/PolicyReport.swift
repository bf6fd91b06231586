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
    ///   - findings: the deals behind the findings, gathered with the question
    ///     ``question(aggregates:blocs:)`` asks of these aggregates and the network's blocs.
    ///   - aggregates: the snapshot's aggregate rows, whose figures the findings quote.
    ///   - network: the snapshot's partnership network, with its blocs.
    ///   - topCount: how many organisations the network's lists hold.
    init(findings: FindingTally, aggregates: [AggregateRow], network: PartnershipNetwork, topCount: Int) {
        func rows(_ dimension: String) -> [AggregateRow] { aggregates.filter { $0.dimension == dimension } }
        flags = rows("flag").map { ReportData.Count(label: $0.key, deals: $0.deals, share: $0.share) }
        let blocs = network.blocs
        trendNames = blocs.trends.map(\.name)
        trend = Self.trend(aggregates, names: trendNames)
        mostConnected = network.mostConnected(topCount)
        bridges = network.bridges(topCount)
        self.findings = Self.findings(findings, aggregates: aggregates, blocs: blocs, trend: trend)
    }

    /// The fragmentation trend of the aggregates, oldest quarter first, with a column for each
    /// of the trends `names`.
    private static func trend(_ aggregates: [AggregateRow], names: [String]) -> [TrendQuarter] {
        var byQuarter: [String: [String: Int]] = [:]
        for row in aggregates where row.dimension == "fragmentation" {
            let parts = row.key.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            byQuarter[parts[0], default: [:]][parts[1]] = row.deals
        }
        return byQuarter.keys.sorted().map { quarter in
            let measures = byQuarter[quarter] ?? [:]
            return TrendQuarter(
                quarter: quarter, deals: measures[Fragmentation.all] ?? 0,
                crossBorder: measures[Fragmentation.crossBorder] ?? 0,
                crossBloc: measures[Fragmentation.crossBloc] ?? 0,
                trends: names.map { measures[$0] ?? 0 })
        }
    }

    /// What each statement asks of a deal that the blocs decide (the bloc of China, the region):
    /// known before the deals are read, so that one pass over them, aggregate's, gathers every
    /// statement's deals (``FindingTally``).
    static func question(blocs: Blocs) -> FindingTally.Question {
        // Deals with a party in the bloc of China (China alone when no bloc holds it).
        let chinaBloc = blocs.bloc(of: "CN")
        let china = Set(
            chinaBloc == Blocs.other ? ["CN"] : blocs.blocs.first { $0.id == chinaBloc }?.countries ?? ["CN"])
        let region = blocs.bloc(of: "SG")
        return FindingTally.Question(
            china: china,
            region: region == Blocs.other || !blocs.blocs.contains(where: { $0.id == region }) ? nil : region,
            blocs: blocs)
    }

    /// The analyst's brief: each statement only when the snapshot holds the data for it.
    private static func findings(
        _ tally: FindingTally, aggregates: [AggregateRow], blocs: Blocs, trend: [TrendQuarter]
    ) -> [Finding] {
        let question = tally.question
        let china = question.china
        let leading = aggregates.first(where: { $0.dimension == "modality" })
        let domestic = aggregates.first(where: { $0.dimension == "cross_border" && $0.key == "domestic" })
        // Whom the parties of Southeast Asia (the bloc of Singapore) deal with.
        let regionName = question.region.flatMap { region in blocs.blocs.first(where: { $0.id == region })?.name }
        let quarters = trend.count >= 2 ? (last: trend[trend.count - 1], before: trend[trend.count - 2]) : nil
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
                    deals: tally.byModality[leading.key] ?? FindingDeals()))
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
                    deals: tally.byQuarter[last.quarter] ?? FindingDeals()))
        }
        return findings
    }
}

/// The deals behind each of the report's findings, gathered in one pass over the deals that
/// happened (announced or completed); two tallies of consecutive deals add up to the tally of
/// both, in order.
struct FindingTally: Sendable {
    /// What the findings ask of each deal that the blocs decide (``PolicyReport/question(blocs:)``).
    struct Question: Sendable {
        /// The countries of China's bloc.
        let china: Set<String>
        /// The bloc of Southeast Asia, if the blocs file has one.
        let region: String?
        let blocs: Blocs
    }

    let question: Question
    var counted = 0
    var withChina = FindingDeals()
    var namingModality = 0
    /// The deals naming each modality: the finding of the leading one, which the rows tell
    /// once every deal is read, takes its own.
    var byModality: [String: FindingDeals] = [:]
    var domestic = FindingDeals()
    var inRegion = FindingDeals()
    /// Deals in the region by each partner country outside it.
    var regionPartners: [String: Int] = [:]
    /// The deals of each quarter: the finding of the last one takes its own.
    var byQuarter: [String: FindingDeals] = [:]

    init(_ question: Question) { self.question = question }

    /// Adds a deal announced in `quarter` (``AggregateStage/quarter(of:)`` of its day); returns
    /// whether a finding may name it among the deals it links.
    @discardableResult
    mutating func add(_ deal: Deal, quarter: String?) -> Bool {
        guard AggregateStage.isCounted(deal) else { return false }
        counted += 1
        var isLinked = false
        if !question.china.isDisjoint(with: deal.countries) { isLinked = withChina.append(deal.id) || isLinked }
        if !deal.modalities.isEmpty {
            namingModality += 1
            for modality in deal.modalities {
                isLinked = byModality[modality, default: FindingDeals()].append(deal.id) || isLinked
            }
        }
        if !deal.countries.isEmpty && !deal.isCrossBorder { isLinked = domestic.append(deal.id) || isLinked }
        if let region = question.region, deal.countries.contains(where: { question.blocs.bloc(of: $0) == region }) {
            isLinked = inRegion.append(deal.id) || isLinked
            for country in Set(deal.countries) where question.blocs.bloc(of: country) != region {
                regionPartners[country, default: 0] += 1
            }
        }
        if let quarter {
            isLinked = byQuarter[quarter, default: FindingDeals()].append(deal.id) || isLinked
        }
        return isLinked
    }

    mutating func add(_ later: FindingTally) {
        counted += later.counted
        withChina.add(later.withChina)
        namingModality += later.namingModality
        for (modality, deals) in later.byModality { byModality[modality, default: FindingDeals()].add(deals) }
        domestic.add(later.domestic)
        inRegion.add(later.inRegion)
        regionPartners.merge(later.regionPartners, uniquingKeysWith: +)
        for (quarter, deals) in later.byQuarter { byQuarter[quarter, default: FindingDeals()].add(deals) }
    }
}

/// The deals behind a finding as the reports show them: how many, and the first few ids. A
/// finding such as "deals with a party in China" is a third of a million deals' ids at a million
/// articles, held through publish, of which the reports link eight.
struct FindingDeals: Sendable, Hashable {
    private(set) var count = 0
    private(set) var first: [String] = []

    /// Adds a deal; returns whether it is among the first, which the reports link.
    mutating func append(_ dealID: DealID) -> Bool {
        count += 1
        guard first.count < PolicyReport.linkedDeals else { return false }
        first.append(dealID.description)
        return true
    }

    /// Adds the deals of `later`, which come after these.
    mutating func add(_ later: FindingDeals) {
        count += later.count
        first += later.first.prefix(PolicyReport.linkedDeals - first.count)
    }
}

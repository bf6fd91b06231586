/// The aggregate stage: counts and values of deals by country, country pair, flow, type,
/// modality, month, quarter, organisation, and cross-border versus domestic; by status; and
/// through the policy lens, by flag, bloc, bloc pair (overall and per quarter) and the
/// quarterly fragmentation trend.
///
/// Every dimension but `status` counts the deals that happened (announced or completed):
/// rumoured and terminated deals are not part of the landscape's figures, and appear only in
/// the `status` rows, which count every deal.
public enum AggregateStage {
    public static let dimensions = Dimension.allCases.map(\.name)

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
    ///   - jobs: cores to tally on; the rows are the same whatever it is.
    /// - Returns: the rows, dimension by dimension in the order of ``dimensions``.
    public static func run(_ deals: [Deal], blocs: Blocs = .none, jobs: Int = 1) -> [AggregateRow] {
        // Each half of the deals is tallied apart, then the halves are added: the same sums
        // whether the halves were tallied one after the other or side by side.
        let halves = deals.halves(jobs: jobs) { half in
            var tallies = Tallies(blocs: blocs)
            for deal in half { tallies.add(deal) }
            return tallies
        }
        return rows(adding: halves.first, halves.second)
    }

    /// The rows of the halves' tallies, the first half's deals before the second's.
    static func rows(adding first: Tallies, _ second: Tallies) -> [AggregateRow] {
        var counts = first.tables()
        for (dimension, table) in second.tables().enumerated() {
            counts[dimension].merge(table) { first, second in first.adding(second) }
        }
        return rows(counts, deals: first.deals + second.deals, counted: first.counted + second.counted)
    }

    /// The rows of a stream of deals, tallied in halves as ``run(_:blocs:jobs:)`` tallies a
    /// list: the same rows, to the last bit of every sum, with a block of deals held at a time.
    static func rows(of halves: DealHalves<Tallies>) -> [AggregateRow] {
        rows(adding: halves.first, halves.second)
    }

    /// The tally of every dimension's rows over deals added in order, one table per dimension
    /// by position in `dimensions`: a row is found with one hash of its key and updated in
    /// place, a million deals times some twenty rows each.
    ///
    /// What a deal's countries make of its rows (pairs, blocs, bloc pairs, fragmentation
    /// measures) is worked out once for each list of countries, and the rows of a quarter's
    /// bloc pairs and measures are tallied under the quarter, their keys joined only at the
    /// end: a million deals have a few hundred lists of countries, and their keys were made and
    /// hashed again for every deal.
    struct Tallies: DealTally {
        private var counts = [[String: Tally]](repeating: [:], count: dimensions.count)
        private var quarterly: [Quarterly: [String: Tally]] = [:]
        private var keysOfCountries: [CountryList: CountryKeys] = [:]
        private var names: [String] = []
        private let blocs: Blocs
        /// Deals added, and those of them counted (``isCounted(_:)``).
        private(set) var deals = 0
        private(set) var counted = 0

        init(blocs: Blocs) { self.blocs = blocs }

        private mutating func add(_ dimension: Dimension, _ key: String, _ value: Double) {
            counts[dimension.rawValue][key, default: Tally()].add(value)
        }

        private mutating func add(_ dimension: Dimension, quarter: String, _ key: String, _ value: Double) {
            quarterly[Quarterly(dimension: dimension, quarter: quarter), default: [:]][key, default: Tally()].add(value)
        }

        mutating func add(_ deal: Deal) {
            deals += 1
            let value = deal.valueUSD ?? 0
            add(.status, deal.status.rawValue, value)
            guard isCounted(deal) else { return }
            counted += 1
            let list = CountryList(countries: deal.countries, isCrossBorder: deal.isCrossBorder)
            let keys = keysOfCountries[list] ?? CountryKeys(list, blocs: blocs)
            // Real deals repeat a few hundred lists; a file of made-up ones is not held whole.
            if keysOfCountries.count < 100_000 { keysOfCountries[list] = keys }
            for country in deal.countries { add(.country, country, value) }
            for pair in keys.countryPairs { add(.countryPair, pair, value) }
            for flow in flows(of: deal) { add(.flow, flow, value) }
            add(.dealType, deal.dealType.rawValue, value)
            for modality in deal.modalities { add(.modality, modality, value) }
            let quarter = deal.announced.flatMap(quarter(of:))
            if let announced = deal.announced {
                add(.month, String(announced.prefix(7)), value)
                if let quarter { add(.quarter, quarter, value) }
            }
            names.removeAll(keepingCapacity: true)
            deal.forEachParty { party in
                if let name = party.name, !names.contains(name) { names.append(name) }
            }
            for name in names { add(.organization, name, value) }
            add(.crossBorder, keys.scope, value)
            for flag in deal.flags { add(.flag, flag, value) }
            for bloc in keys.blocs { add(.bloc, bloc, value) }
            for pair in keys.blocPairs { add(.blocPair, pair, value) }
            if let quarter {
                for pair in keys.blocPairs { add(.blocPairQuarter, quarter: quarter, pair, value) }
                for measure in keys.measures { add(.fragmentation, quarter: quarter, measure, value) }
            }
        }

        /// The tables, a quarter's rows joined to their dimension's under their keys.
        fileprivate func tables() -> [[String: Tally]] {
            var counts = counts
            for (table, rows) in quarterly {
                for (key, tally) in rows {
                    counts[table.dimension.rawValue][table.quarter + " " + key, default: Tally()] = tally
                }
            }
            return counts
        }
    }

    /// A deal's countries as its rows read them.
    fileprivate struct CountryList: Hashable {
        let countries: [String]
        let isCrossBorder: Bool
    }

    /// The keys a deal's countries give its rows.
    fileprivate struct CountryKeys {
        let countryPairs: [String]
        let scope: String
        let blocs: [String]
        let blocPairs: [String]
        /// Its ``Fragmentation`` measures, which a quarter's rows count.
        let measures: [String]

        init(_ list: CountryList, blocs: Blocs) {
            let countries = list.countries
            if countries.count == 1, let only = countries.first {
                countryPairs = [only + "-" + only]
            } else {
                countryPairs = unorderedPairs(countries)
            }
            scope = countries.isEmpty ? "unknown" : list.isCrossBorder ? "cross_border" : "domestic"
            self.blocs = blocs.blocs(of: countries)
            let pairs = BlocPair.pairs(of: self.blocs)
            blocPairs = pairs.map(\.description)
            measures = Fragmentation.measures(
                isCrossBorder: list.isCrossBorder, blocs: self.blocs, pairs: pairs, trends: blocs.trends)
        }
    }

    /// A table of rows of one quarter in a dimension whose keys begin with the quarter.
    fileprivate struct Quarterly: Hashable {
        let dimension: Dimension
        let quarter: String
    }

    /// The rows of the tallies, with each row's share of the deals it is a part of.
    private static func rows(_ counts: [[String: Tally]], deals: Int, counted: Int) -> [AggregateRow] {
        let total = max(1, deals)
        let counted = max(1, counted)
        // A quarter's figures are shares of that quarter's deals.
        let quarterTotals = counts[Dimension.fragmentation.rawValue].compactMap { key, entry in
            key.hasSuffix(" " + Fragmentation.all) ? (String(key.prefix { $0 != " " }), entry.deals) : nil
        }
        let dealsInQuarter = Dictionary(quarterTotals, uniquingKeysWith: { first, _ in first })
        var rows: [AggregateRow] = []
        for (dimension, table) in zip(dimensions, counts) {
            let entries = table.sorted { a, b in
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
        let source: PartyRole
        let sink: PartyRole
        switch deal.dealType {
        case .licensing, .technologyPlatform:
            (source, sink) = (.licensor, .licensee)
        case .mAndA:
            (source, sink) = (.target, .acquirer)
        default:
            return []
        }
        // A deal has a handful of parties: lists checked in place beat building two sets, a
        // million deals twice a night (aggregate and the report).
        var from: [String] = []
        var to: [String] = []
        deal.forEachParty { party in
            guard let role = party.role, let country = party.country else { return }
            if role == source, !from.contains(country) { from.append(country) }
            if role == sink, !to.contains(country) { to.append(country) }
        }
        guard !from.isEmpty, !to.isEmpty else { return [] }
        from.sort()
        to.sort()
        return from.flatMap { source in to.map { source + "->" + $0 } }
    }

    /// The dimensions in the order of their rows; the raw value is the position in ``dimensions``.
    fileprivate enum Dimension: Int, CaseIterable {
        case country, countryPair, flow, dealType, modality, month, quarter, organization
        case crossBorder, status, flag, bloc, blocPair, blocPairQuarter, fragmentation

        /// The name rows carry in `dimension`.
        var name: String {
            switch self {
            case .country: "country"
            case .countryPair: "country_pair"
            case .flow: "flow"
            case .dealType: "deal_type"
            case .modality: "modality"
            case .month: "month"
            case .quarter: "quarter"
            case .organization: "organization"
            case .crossBorder: "cross_border"
            case .status: "status"
            case .flag: "flag"
            case .bloc: "bloc"
            case .blocPair: "bloc_pair"
            case .blocPairQuarter: "bloc_pair_quarter"
            case .fragmentation: "fragmentation"
            }
        }
    }

    /// The deals of one row and the sum of their values, added in the deals' order within each
    /// half of the deals, then the halves' sums added.
    fileprivate struct Tally {
        var deals = 0
        var value = 0.0

        mutating func add(_ value: Double) {
            deals += 1
            self.value += value
        }

        func adding(_ other: Tally) -> Tally { Tally(deals: deals + other.deals, value: value + other.value) }
    }

    /// `YYYY-Qn` of a `YYYY-MM-DD` day.
    static func quarter(of day: String) -> String? {
        // Nearly every day is written `YYYY-MM-DD`: it is read without splitting the string.
        if let month = day.utf8.withContiguousStorageIfAvailable(monthOfISODay) ?? nil {
            return (1...12).contains(month) ? "\(day.prefix(4))-Q\((month - 1) / 3 + 1)" : nil
        }
        let parts = day.split(separator: "-")
        guard parts.count >= 2, let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        return "\(parts[0])-Q\((month - 1) / 3 + 1)"
    }

    /// The two digits of `MM` in a day written `YYYY-MM` or `YYYY-MM-…`, as a number; nil for
    /// a day written otherwise, which the general reading decides.
    private static func monthOfISODay(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let dash: UInt8 = 0x2D
        func isDigit(_ at: Int) -> Bool { (0x30...0x39).contains(bytes[at]) }
        guard bytes.count >= 7, bytes[4] == dash, bytes.count == 7 || bytes[7] == dash,
            (0..<4).allSatisfy(isDigit), isDigit(5), isDigit(6)
        else { return nil }
        return Int(bytes[5] - 0x30) * 10 + Int(bytes[6] - 0x30)
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

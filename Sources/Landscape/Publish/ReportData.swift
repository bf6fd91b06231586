/// The figures of a snapshot's report, computed once and written as Markdown and as HTML.
public struct ReportData: Sendable {
    /// A label with a count of deals and a share of all deals.
    public struct Count: Sendable, Hashable {
        public let label: String
        public let deals: Int
        public let share: Double
    }

    /// Deals of one quarter, split by where their parties sit.
    public struct QuarterScopes: Sendable, Hashable {
        public let quarter: String
        public let deals: Int
        /// Deals of each scope this quarter, in ``DealScope`` order.
        public let byScope: [DealScope: Int]
    }

    /// What changed since the parent snapshot: how many deals were added, updated and removed,
    /// and the first of them (``listedAtMost``), added ones first. A night that adds a year of
    /// news changes tens of thousands of deals: the reports listed them all (27 MB of HTML at
    /// 100,000 articles, made from every changed deal held at once), and `changes.jsonl` lists
    /// every change anyway.
    public struct SinceParent: Sendable {
        /// How many changes the reports list.
        public static let listedAtMost = 100

        /// The parent's id, `nil` on a pipeline's first snapshot (then every deal is new).
        public let parentID: String?
        /// The changed deals listed, by kind.
        public let added: [Deal]
        public let updated: [Deal]
        public let removed: [Deal]
        /// How many deals changed, by kind, listed or not.
        public let addedCount: Int
        public let updatedCount: Int
        public let removedCount: Int

        /// The changes `added`, `updated` and `removed`, all listed unless the counts say more.
        public init(
            parentID: String?, added: [Deal], updated: [Deal], removed: [Deal], addedCount: Int? = nil,
            updatedCount: Int? = nil, removedCount: Int? = nil
        ) {
            (self.parentID, self.added, self.updated, self.removed) = (parentID, added, updated, removed)
            self.addedCount = addedCount ?? added.count
            self.updatedCount = updatedCount ?? updated.count
            self.removedCount = removedCount ?? removed.count
        }

        /// How many changes the listed ones leave out.
        public var unlisted: Int {
            addedCount + updatedCount + removedCount - added.count - updated.count - removed.count
        }

        /// The listed changes in order, each with its kind as the reports name it.
        var listed: [(change: String, deal: Deal)] {
            added.map { ("added", $0) } + updated.map { ("updated", $0) } + removed.map { ("removed", $0) }
        }
    }

    /// Asset flows of one quarter: `FROM->TO` and how many deals went that way.
    public struct QuarterFlows: Sendable, Hashable {
        public let quarter: String
        /// Each flow with its deals and its share of the quarter's placed flows.
        public let flows: [Count]
    }

    public let snapshotID: String
    public let created: Timestamp
    /// Deals that happened (announced or completed): every other figure counts these alone.
    public let deals: Int
    /// Deals only rumoured, and deals ended, reported apart.
    public let rumoured: Int
    public let terminated: Int
    public let articles: Int
    public let duplicateArticles: Int
    public let organizations: Int
    public let countries: Int
    public let crossBorderShare: Double
    public let apacShare: Double
    /// The sum of the total values (upfront plus milestones) that deals disclosed, how many
    /// deals disclosed one, and the sum of the upfront payments disclosed.
    public let disclosedValueUSD: Double
    public let dealsWithValue: Int
    public let disclosedUpfrontUSD: Double
    /// Where licensed and acquired assets went: `FROM->TO`, most deals first.
    public let flows: [Count]
    /// The same flows, quarter by quarter (oldest first).
    public let flowsByQuarter: [QuarterFlows]
    public let firstDay: String?
    public let lastDay: String?
    public let dealTypes: [Count]
    public let modalities: [Count]
    /// Deals per month, every month from the first to the last, empty months included.
    public let months: [Count]
    public let organizationsByDeals: [Count]
    /// The countries of the pair matrix, most active first, and deals per unordered pair.
    public let matrixCountries: [String]
    public let pairDeals: [String: Int]
    /// How many deals there are, rumoured and terminated ones included.
    public let dealCount: Int
    /// The newest deals (``DealPages/newestInReport``), rumoured and terminated ones included
    /// (with their status), newest first.
    public let newestDeals: [Deal]
    /// Every deal's page, a quarter of announcement each, newest first, and how many deals it
    /// lists (``DealPages``).
    let dealPages: [DealPages.Count]
    /// The deals the findings link, by id.
    let linkedDeals: [DealID: Deal]
    /// Counted deals per quarter, every quarter from the first to the last, split by scope.
    public let quarters: [QuarterScopes]
    /// Counted deals of each scope over the whole landscape.
    public let scopes: [DealScope: Int]
    /// `nil` when the report is made without a parent to compare with (a report alone).
    public let sinceParent: SinceParent?
    /// The day of the pipeline's currency rates, shown where money is.
    public let ratesDate: String?
    /// Findings, flags, the fragmentation trend and the network; `nil` without a network.
    public let policy: PolicyReport?

    /// How many rows the ranked lists hold.
    public static let topCount = 12
    public static let matrixSize = 10

    /// - Parameters:
    ///   - snapshotID: the snapshot the report is of.
    ///   - created: when the snapshot was made.
    ///   - allDeals: every deal of the snapshot, whatever its status.
    ///   - aggregates: the snapshot's aggregate rows.
    ///   - articles: the snapshot's articles.
    ///   - previousDeals: the parent snapshot's deals, for "new since the last snapshot"; `nil`
    ///     leaves the section out, `[]` is a first snapshot.
    ///   - parentID: the parent snapshot's id.
    ///   - ratesDate: the day of the pipeline's currency rates.
    ///   - network: the partnership network, for the policy sections.
    ///   - changes: `Change.between(old: previousDeals, new: allDeals)`, when the caller has
    ///     it already (publish writes it as `changes.jsonl`).
    public init(
        snapshotID: String, created: Timestamp, deals allDeals: [Deal], aggregates: [AggregateRow], articles: [Article],
        previousDeals: [Deal]? = nil, parentID: String? = nil, ratesDate: String? = nil,
        network: PartnershipNetwork? = nil, changes: [Change]? = nil
    ) {
        self.init(
            snapshotID: snapshotID, created: created, deals: allDeals, aggregates: aggregates,
            articleCount: articles.count, duplicateArticles: articles.count { $0.duplicateOf != nil },
            previousDeals: previousDeals, parentID: parentID, ratesDate: ratesDate, network: network, changes: changes)
    }

    /// The report's figures, given only how many articles the snapshot holds and how many of
    /// them repeat another: a report never needs the articles themselves. The deals are
    /// tallied on up to `jobs` cores, with the same figures whatever it is.
    init(
        snapshotID: String, created: Timestamp, deals allDeals: [Deal], aggregates: [AggregateRow], articleCount: Int,
        duplicateArticles: Int, previousDeals: [Deal]? = nil, parentID: String? = nil, ratesDate: String? = nil,
        network: PartnershipNetwork? = nil, changes: [Change]? = nil, jobs: Int = 1
    ) {
        // The findings name deals in the order given; the report lists the newest in their listed
        // order, which merged deals come in already: checking it spares sorting a million.
        var read = ReportDeals.of(
            allDeals, question: network.map { PolicyReport.question(blocs: $0.blocs) },
            jobs: jobs)
        if !allDeals.isSorted(by: DealMerger.isListedBefore) {
            read.newest = Array(allDeals.sorted(by: DealMerger.isListedBefore).prefix(DealPages.newestInReport))
        }
        let since = previousDeals.map { previous in
            Self.since(
                parentID: parentID, changes: changes ?? Change.between(old: previous, new: allDeals), now: allDeals,
                before: previous, jobs: jobs)
        }
        self.init(
            snapshotID: snapshotID, created: created, read: read, aggregates: aggregates, articleCount: articleCount,
            duplicateArticles: duplicateArticles, ratesDate: ratesDate, network: network, sinceParent: since)
    }

    /// The report's figures from what was read of the deals (``ReportDeals``), which read them
    /// with the question this network's blocs ask (``PolicyReport/question(blocs:)``).
    init(
        snapshotID: String, created: Timestamp, read: ReportDeals, aggregates: [AggregateRow], articleCount: Int,
        duplicateArticles: Int, ratesDate: String?, network: PartnershipNetwork?, sinceParent: SinceParent?
    ) {
        self.snapshotID = snapshotID
        self.created = created
        self.ratesDate = ratesDate
        let tally = read.tally
        deals = tally.counted
        rumoured = tally.rumoured
        terminated = tally.terminated
        articles = articleCount
        self.duplicateArticles = duplicateArticles
        let total = max(1, tally.counted)
        func rows(_ dimension: String) -> [AggregateRow] {
            aggregates.filter { $0.dimension == dimension }
        }
        func counts(_ dimension: String, limit: Int) -> [Count] {
            rows(dimension).sorted { ($1.deals, $0.key) < ($0.deals, $1.key) }.prefix(limit).map {
                Count(label: $0.key, deals: $0.deals, share: $0.share)
            }
        }
        organizations = tally.organizations.count
        countries = tally.countries.count
        crossBorderShare = Double(tally.crossBorder) / Double(total)
        apacShare = Double(tally.apac) / Double(total)
        disclosedValueUSD = tally.disclosedValueUSD
        dealsWithValue = tally.dealsWithValue
        disclosedUpfrontUSD = tally.disclosedUpfrontUSD
        flows = counts("flow", limit: Self.topCount)
        flowsByQuarter = tally.flowsByQuarter.keys.sorted().map { quarter in
            let flows = tally.flowsByQuarter[quarter] ?? [:]
            let placed = max(1, flows.values.reduce(0, +))
            return QuarterFlows(
                quarter: quarter,
                flows: flows.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map {
                    Count(label: $0.key, deals: $0.value, share: Double($0.value) / Double(placed))
                })
        }
        firstDay = tally.firstDay
        lastDay = tally.lastDay
        dealTypes = counts("deal_type", limit: DealType.allCases.count)
        modalities = counts("modality", limit: Self.topCount)
        organizationsByDeals = counts("organization", limit: Self.topCount)
        months = Self.everyMonth(rows("month"), total: total)
        var pairs: [String: Int] = [:]
        for row in rows("country_pair") { pairs[row.key] = row.deals }
        pairDeals = pairs
        // The matrix's countries: most deals first; a tie goes to the country with more deals
        // across borders, which the matrix shows off its diagonal, then to the code.
        let crossBorder = tally.crossBorderByCountry
        matrixCountries = rows("country").sorted {
            ($1.deals, crossBorder[$1.key] ?? 0, $0.key) < ($0.deals, crossBorder[$0.key] ?? 0, $1.key)
        }.prefix(Self.matrixSize).map(\.key)
        dealCount = tally.counted + tally.rumoured + tally.terminated
        newestDeals = read.newest
        dealPages = read.pages
        linkedDeals = read.linked
        scopes = tally.scopes
        quarters = Self.everyQuarter(tally.scopesByQuarter.keys.sorted()).map { quarter in
            let split = tally.scopesByQuarter[quarter] ?? [:]
            return QuarterScopes(quarter: quarter, deals: split.values.reduce(0, +), byScope: split)
        }
        policy = network.flatMap { network in
            read.findings.map {
                PolicyReport(findings: $0, aggregates: aggregates, network: network, topCount: Self.topCount)
            }
        }
        self.sinceParent = sinceParent
    }

    /// What changed since the parent: the deals of `changes`, looked up in `now` (tonight's
    /// deals) and `before` (the parent's).
    static func since(parentID: String?, changes: [Change], now: [Deal], before: [Deal], jobs: Int) -> SinceParent {
        // Only the changes listed are looked up, each list of deals read in halves side by side.
        let kinds: [Change.Kind] = [.added, .updated, .removed]
        let counts = kinds.map { kind in changes.count { $0.change == kind } }
        let listed = Array(
            kinds.lazy.flatMap { kind in changes.lazy.filter { $0.change == kind } }.prefix(SinceParent.listedAtMost))
        let wanted = Set(listed.map { DealID($0.dealID) })
        func byID(_ deals: [Deal]) -> [DealID: Deal] {
            let halves = deals.halves(jobs: jobs) { $0.filter { wanted.contains($0.id) } }
            return Dictionary((halves.first + halves.second).map { ($0.id, $0) }) { first, _ in first }
        }
        let (now, before) = (byID(now), byID(before))
        let byKind = kinds.map { kind in
            listed.filter { $0.change == kind }.compactMap { (kind == .removed ? before : now)[DealID($0.dealID)] }
        }
        return SinceParent(
            parentID: parentID, added: byKind[0], updated: byKind[1], removed: byKind[2], addedCount: counts[0],
            updatedCount: counts[1], removedCount: counts[2])
    }

    /// The quarters from the first of `quarters` to the last (`2025-Q1`), empty ones included.
    private static func everyQuarter(_ quarters: [String]) -> [String] {
        func number(_ quarter: String) -> Int? {
            let parts = quarter.split(separator: "-")
            guard parts.count == 2, let year = Int(parts[0]), parts[1].hasPrefix("Q"),
                let q = Int(parts[1].dropFirst()), (1...4).contains(q)
            else { return nil }
            return year * 4 + q - 1
        }
        guard let first = quarters.first.flatMap(number), let last = quarters.last.flatMap(number) else { return [] }
        return (first...max(first, last)).map { "\($0 / 4)-Q\($0 % 4 + 1)" }
    }

    /// Deals of the unordered pair `a`–`b` (`a == b` for domestic deals).
    public func deals(between a: String, and b: String) -> Int {
        pairDeals[min(a, b) + "-" + max(a, b)] ?? 0
    }

    /// The month rows with the months that had no deal filled in, so a trend shows its gaps.
    private static func everyMonth(_ rows: [AggregateRow], total: Int) -> [Count] {
        let byMonth = Dictionary(rows.map { ($0.key, $0.deals) }, uniquingKeysWith: +)
        let keys = byMonth.keys.sorted()
        guard let first = keys.first, let last = keys.last, let start = monthNumber(first), let end = monthNumber(last)
        else { return [] }
        return (start...max(start, end)).map { number in
            let label = monthLabel(number)
            let deals = byMonth[label] ?? 0
            return Count(label: label, deals: deals, share: Double(deals) / Double(total))
        }
    }

    private static func monthNumber(_ month: String) -> Int? {
        let parts = month.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let number = Int(parts[1]), (1...12).contains(number) else {
            return nil
        }
        return year * 12 + number - 1
    }

    private static func monthLabel(_ number: Int) -> String {
        let year = number / 12
        let month = number % 12 + 1
        return "\(year)-" + (month < 10 ? "0" : "") + "\(month)"
    }
}

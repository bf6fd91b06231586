/// What the report counts deal by deal, in one pass (``ReportDeals``): the two halves of the
/// deals tallied apart and added, the same figures on one core or two.
struct ReportTally: Sendable {
    /// Deals that happened (announced or completed); every figure below counts these alone.
    var counted = 0
    var rumoured = 0
    var terminated = 0
    var organizations: Set<String> = []
    var countries: Set<String> = []
    var crossBorder = 0
    var apac = 0
    var disclosedValueUSD = 0.0
    var dealsWithValue = 0
    var disclosedUpfrontUSD = 0.0
    /// Deals per asset flow (`FROM->TO`), by quarter of announcement.
    var flowsByQuarter: [String: [String: Int]] = [:]
    var firstDay: String?
    var lastDay: String?
    /// Cross-border deals each country takes part in.
    var crossBorderByCountry: [String: Int] = [:]
    var scopes: [DealScope: Int] = [:]
    var scopesByQuarter: [String: [DealScope: Int]] = [:]

    /// Adds a deal announced in `quarter` (``AggregateStage/quarter(of:)`` of its day).
    mutating func add(_ deal: Deal, quarter: String?) {
        switch deal.status {
        case .rumoured: rumoured += 1
        case .terminated: terminated += 1
        case .announced, .completed: break
        }
        guard AggregateStage.isCounted(deal) else { return }
        counted += 1
        deal.forEachParty { organizations.insert($0.entityID) }
        for country in deal.countries { countries.insert(country) }
        if deal.isCrossBorder {
            crossBorder += 1
            for country in deal.countries { crossBorderByCountry[country, default: 0] += 1 }
        }
        if deal.isAPAC { apac += 1 }
        if let value = deal.valueUSD {
            disclosedValueUSD += value
            dealsWithValue += 1
        }
        if let upfront = deal.upfrontUSD { disclosedUpfrontUSD += upfront }
        let scope = DealScope(deal)
        scopes[scope, default: 0] += 1
        guard let day = deal.announced else { return }
        if firstDay.map({ day < $0 }) ?? true { firstDay = day }
        if lastDay.map({ day > $0 }) ?? true { lastDay = day }
        guard let quarter else { return }
        scopesByQuarter[quarter, default: [:]][scope, default: 0] += 1
        for flow in AggregateStage.flows(of: deal) { flowsByQuarter[quarter, default: [:]][flow, default: 0] += 1 }
    }

    /// Adds the tally of the deals that come after this one's.
    mutating func add(_ later: ReportTally) {
        counted += later.counted
        rumoured += later.rumoured
        terminated += later.terminated
        organizations.formUnion(later.organizations)
        countries.formUnion(later.countries)
        crossBorder += later.crossBorder
        apac += later.apac
        disclosedValueUSD += later.disclosedValueUSD
        dealsWithValue += later.dealsWithValue
        disclosedUpfrontUSD += later.disclosedUpfrontUSD
        for (quarter, flows) in later.flowsByQuarter {
            flowsByQuarter[quarter, default: [:]].merge(flows, uniquingKeysWith: +)
        }
        firstDay = [firstDay, later.firstDay].compactMap { $0 }.min()
        lastDay = [lastDay, later.lastDay].compactMap { $0 }.max()
        crossBorderByCountry.merge(later.crossBorderByCountry, uniquingKeysWith: +)
        scopes.merge(later.scopes, uniquingKeysWith: +)
        for (quarter, split) in later.scopesByQuarter {
            scopesByQuarter[quarter, default: [:]].merge(split, uniquingKeysWith: +)
        }
    }
}

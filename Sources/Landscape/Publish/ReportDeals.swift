/// What the reports read of the deals, gathered in one pass over them in their listed order:
/// the figures (``ReportTally``), the deals behind the findings (``FindingTally``), the newest
/// deals, how many deals each quarter's page lists, and the deals the findings link. Made of a
/// list, or folded over a stream of deals a block at a time (``DealHalves``), never holding
/// more deals than the reports show.
struct ReportDeals: DealTally {
    var tally = ReportTally()
    var findings: FindingTally?
    /// The first ``DealPages/newestInReport`` deals.
    var newest: [Deal] = []
    /// How many deals each page lists, by label.
    var pageDeals: [String: Int] = [:]
    /// The deals a finding links, by id.
    var linked: [DealID: Deal] = [:]
    private var labels = DealPages.DayLabels()

    /// - Parameter question: what the findings ask of each deal; nil for a report without them.
    init(question: FindingTally.Question?) {
        findings = question.map(FindingTally.init)
    }

    mutating func add(_ deal: Deal) {
        let label = labels.label(of: deal)
        // A page's label is the quarter of the deal's day, which the figures count by.
        let quarter = label == DealPages.undated ? nil : label
        tally.add(deal, quarter: quarter)
        if findings?.add(deal, quarter: quarter) == true { linked[deal.id] = deal }
        if newest.count < DealPages.newestInReport { newest.append(deal) }
        pageDeals[label, default: 0] += 1
    }

    /// Adds what was read of the deals that come after these.
    mutating func add(_ later: ReportDeals) {
        tally.add(later.tally)
        if let laterFindings = later.findings {
            findings?.add(laterFindings)
            linked.merge(later.linked) { first, _ in first }
        }
        newest += later.newest.prefix(DealPages.newestInReport - newest.count)
        pageDeals.merge(later.pageDeals, uniquingKeysWith: +)
    }

    /// The pages' labels and deals, newest quarter first, the undated ones last.
    var pages: [DealPages.Count] {
        let labels =
            pageDeals.keys.filter { $0 != DealPages.undated }.sorted(by: >)
            + (pageDeals[DealPages.undated] == nil ? [] : [DealPages.undated])
        return labels.map { DealPages.Count(label: $0, deals: pageDeals[$0] ?? 0) }
    }

    /// What the reports read of `deals`, each half on its own core when `jobs` allows.
    static func of(_ deals: [Deal], question: FindingTally.Question?, jobs: Int) -> ReportDeals {
        let halves = deals.halves(jobs: jobs) { half in
            var read = ReportDeals(question: question)
            for deal in half { read.add(deal) }
            return read
        }
        var read = halves.first
        read.add(halves.second)
        return read
    }

    /// What the reports read of a stream of deals, read in halves as ``of(_:question:jobs:)``
    /// reads a list, so that every sum is the same to the last bit.
    static func of(_ halves: DealHalves<ReportDeals>) -> ReportDeals {
        var read = halves.first
        read.add(halves.second)
        return read
    }
}

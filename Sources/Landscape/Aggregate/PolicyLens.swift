/// What the policy questions of a pipeline are asked with: its blocs, watch lists and flag rules.
public struct PolicyLens: Sendable {
    public let blocs: Blocs
    public let watchLists: [WatchList]
    public let rules: [FlagRule]
    /// Stands for the files and rules, in the aggregate stage's cache key: editing a watch list
    /// or a rule reruns aggregate, nothing before it.
    public let digest: String

    /// No blocs, lists or rules: deals carry no flags, and every country is in ``Blocs/other``.
    public static let none = PolicyLens(blocs: .none, watchLists: [], rules: [], digest: "none")

    public init(blocs: Blocs, watchLists: [WatchList], rules: [FlagRule], digest: String) {
        self.blocs = blocs
        self.watchLists = watchLists
        self.rules = rules
        self.digest = digest
    }

    /// The names of the watch lists the deal is on.
    public func lists(of deal: Deal) -> [String] {
        watchLists.filter { $0.matches(deal) }.map(\.name)
    }

    /// The names of the rules the deal meets, in the pipeline's order.
    public func flags(of deal: Deal) -> [String] {
        let lists = lists(of: deal)
        return rules.filter { $0.matches(deal, blocs: blocs, onLists: lists) }.map(\.name)
    }

    /// The deals with their `flags` set. A deal read back unchanged from a file flagged under
    /// this policy keeps its own, and its evidence stays unread (``DealSourcesFile``).
    public func flagged(_ deals: [Deal], jobs: Int = 1) -> [Deal] {
        deals.mapInChunks(jobs: jobs) { deal in
            if deal.flagsRecordedUnder == digest { return deal }
            var deal = deal
            deal.flags = flags(of: deal)
            return deal
        }
    }
}

/// Merges the per-article deals that report one real deal into one record with every source.
///
/// Reports merge when their party sets are equal, their dates fall within the window of the
/// group's earliest report, and their types agree or one refines the other (a generic alliance
/// refined into a licence, a licence into a platform licence).
///
/// A deal's id is kept across runs: a merged deal that shares a source article with a deal of
/// the previous snapshot takes that deal's id, even when a new source moves its earliest date or
/// changes its type. Only a deal seen for the first time gets a new id, made from its parties and
/// its date.
public enum DealMerger {
    /// - Parameters:
    ///   - deals: one article's reports of deals, from every article.
    ///   - windowDays: reports of one party set more days apart than this are different deals.
    ///   - previous: the deals of the previous snapshot, whose ids continuing deals keep.
    ///   - jobs: cores to merge party sets on.
    /// - Returns: one deal per real deal, newest first.
    public static func run(_ deals: [Deal], windowDays: Int, previous: [Deal] = [], jobs: Int = 1) -> [Deal] {
        merge(deals, windowDays: windowDays, previous: previous, jobs: jobs).deals
    }

    /// What a merge gives: the deals, newest first, and the party sets of which two deals share
    /// a source article (one article reporting two deals between the same parties). Such a
    /// party set's ids can move between its deals on a later merge even when its reports stay
    /// as they are, so an incremental merge always merges it again.
    public struct Merged: Sendable {
        public var deals: [Deal]
        public var partySetsSharingSources: Set<String>
        /// How many party sets' reports were merged (the others' deals were kept as they were).
        public var partySetsMerged: Int
        /// When the merge built on the previous one: the party sets merged again, and their deals
        /// (newest first). The deals are the previous ones with these replaced (``patched(_:replacing:with:jobs:)``).
        public var remerged: (partySets: Set<String>, deals: [Deal])? = nil
    }

    /// Merges every report; `run(_:windowDays:previous:jobs:)` with the party sets sharing sources.
    public static func merge(_ deals: [Deal], windowDays: Int, previous: [Deal], jobs: Int) -> Merged {
        var (merged, sharing, partySets) = clusters(deals, windowDays: windowDays, jobs: jobs)
        assignIDs(&merged, previous: previous, jobs: jobs)
        return Merged(
            deals: merged.sorted(jobs: jobs, by: isListedBefore), partySetsSharingSources: sharing,
            partySetsMerged: partySets)
    }

    /// Whether `a` comes before `b` in the merged deals: newest first, then by id.
    static func isListedBefore(_ a: Deal, _ b: Deal) -> Bool {
        (a.announced ?? "", a.id) > (b.announced ?? "", b.id)
    }

    /// The reports merged into deals, party set by party set, without ids; the party sets of
    /// which two deals share a source article; and how many party sets there were.
    static func clusters(_ deals: [Deal], windowDays: Int, jobs: Int) -> (
        deals: [Deal], sharing: Set<String>, partySets: Int
    ) {
        // A deal's party key is its parties' ids sorted and joined: made on every core.
        let partyKeys = deals.mapInChunks(jobs: jobs, \.partyKey)
        // The reports' places in order of party set, in the reports' order within one: places
        // are sorted, not reports, on every core, and each party set is a run of them. Filing
        // the reports in a table by party set copied each one on one core.
        let order = Array(deals.indices).sorted(jobs: jobs) { a, b in
            partyKeys[a] != partyKeys[b] ? partyKeys[a] < partyKeys[b] : a < b
        }
        var runs: [Range<Int>] = []
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, partyKeys[order[end]] == partyKeys[order[start]] { end += 1 }
            runs.append(start..<end)
            start = end
        }
        // Party sets merge apart from one another, so they are merged on `jobs` cores, a chunk
        // of party sets at a time: most hold one or two reports.
        let merged = runs.mapInChunks(jobs: jobs, chunk: 512) { run -> (deals: [Deal], sharesSources: Bool) in
            let sorted = order[run].map { deals[$0] }.sorted {
                ($0.announced ?? "", $0.sources.first?.articleID ?? "") < (
                    $1.announced ?? "", $1.sources.first?.articleID ?? ""
                )
            }
            var clusters: [[Deal]] = []
            for deal in sorted {
                if let index = clusters.lastIndex(where: { belongs(deal, to: $0, windowDays: windowDays) }) {
                    clusters[index].append(deal)
                } else {
                    clusters.append([deal])
                }
            }
            let deals = clusters.compactMap { cluster in cluster.first.map { combine($0, cluster) } }
            return (deals, deals.count > 1 && sharesSources(deals))
        }
        var sharing = Set<String>()
        for (run, result) in zip(runs, merged) where result.sharesSources {
            sharing.insert(partyKeys[order[run.lowerBound]])
        }
        return (merged.flatMap(\.deals), sharing, runs.count)
    }

    /// Whether two of `deals` share a source article.
    private static func sharesSources(_ deals: [Deal]) -> Bool {
        var seen = Set<String>()
        for deal in deals {
            for source in Set(deal.sources.map(\.articleID)) where !seen.insert(source).inserted { return true }
        }
        return false
    }

    private static func belongs(_ deal: Deal, to cluster: [Deal], windowDays: Int) -> Bool {
        guard let first = cluster.first else { return false }
        if let a = first.announced.flatMap(dayNumber), let b = deal.announced.flatMap(dayNumber),
            abs(b - a) > windowDays
        {
            return false
        }
        return cluster.contains { areCompatible($0.dealType, deal.dealType) }
    }

    static func areCompatible(_ a: DealType, _ b: DealType) -> Bool {
        if a == b { return true }
        let generic: Set<DealType> = [.mouStrategicAlliance, .other]
        if generic.contains(a) || generic.contains(b) { return true }
        let refinements: Set<Set<DealType>> = [
            [.licensing, .technologyPlatform], [.licensing, .coDevelopment], [.licensing, .equityInvestment],
            [.coDevelopment, .researchCollaboration], [.licensing, .distributionCommercialization],
        ]
        return refinements.contains([a, b])
    }

    /// One record for a cluster of reports, starting from its earliest report `first`.
    private static func combine(_ first: Deal, _ cluster: [Deal]) -> Deal {
        var result = first
        var sources: [DealSource] = []
        var seenArticles = Set<String>()
        var typeVotes: [DealType: Double] = [:]
        var modalities = Set<String>()
        for deal in cluster {
            for source in deal.sources where seenArticles.insert(source.articleID).inserted { sources.append(source) }
            // Specific types outvote generic ones: a wire story's "partnership" is the licence another report names.
            let weight = deal.dealType == .mouStrategicAlliance || deal.dealType == .other ? 0.5 : 1.0
            typeVotes[deal.dealType, default: 0] += weight * deal.confidence
            modalities.formUnion(deal.modalities)
        }
        result.sources = sources
        result.dealType =
            typeVotes.max { $0.value != $1.value ? $0.value < $1.value : $0.key.rawValue > $1.key.rawValue }?.key
            ?? result.dealType
        result.modalities = ModalityLexicon.order.filter(modalities.contains)
        let valued = cluster.filter { $0.valueUSD != nil }.max { ($0.valueUSD ?? 0) < ($1.valueUSD ?? 0) }
        result.valueUSD = valued?.valueUSD
        result.valueOriginal = valued?.valueOriginal
        result.upfrontUSD = cluster.compactMap(\.upfrontUSD).max()
        // Each party's role by the reports' votes, among the roles the merged type allows (one
        // report, the common case, has nothing to vote on unless its type changed).
        for index in result.parties.indices where cluster.count > 1 || result.dealType != first.dealType {
            let entity = result.parties[index].entityID
            var votes: [PartyRole: Int] = [:]
            for deal in cluster {
                for party in deal.parties where party.entityID == entity {
                    if let role = party.role, role.fits(result.dealType) { votes[role, default: 0] += 1 }
                }
            }
            result.parties[index].role =
                votes.max {
                    $0.value != $1.value ? $0.value < $1.value : $0.key.rawValue > $1.key.rawValue
                }?.key
        }
        // Reports that disagree can leave every party on one side: then the direction is unknown.
        let roles = Set(result.parties.compactMap(\.role))
        if roles.count == 1, roles != [.partner], result.parties.allSatisfy({ $0.role != nil }) {
            for index in result.parties.indices { result.parties[index].role = nil }
        }
        let statuses = Set(cluster.map(\.status))
        result.status =
            statuses.contains(.terminated)
            ? .terminated
            : statuses.contains(.completed)
                ? .completed : statuses.contains(.announced) ? .announced : .rumoured
        result.announced = cluster.compactMap(\.announced).min()
        result.confidence = min(0.99, (cluster.map(\.confidence).max() ?? 0.5) + Double(sources.count - 1) * 0.05)
        result.refreshGeography()
        return result
    }

    /// Gives each deal the id of the previous deal it shares the most sources with, each
    /// previous id going to one deal at most; the rest get ids from their parties and date.
    /// `kept` are deals kept as they are, besides `previous`: no deal gets one of their ids.
    static func assignIDs(_ deals: inout [Deal], previous: [Deal], keeping kept: KeptDeals = .deals([]), jobs: Int = 1)
    {
        var previousByArticle: [String: [Int]] = [:]
        for (index, deal) in previous.enumerated() {
            for source in deal.sources { previousByArticle[source.articleID, default: []].append(index) }
        }
        // An article may report two deals, so a deal can share a source with a previous deal
        // that is not itself. Claims on a deal with the same parties come first, then the
        // largest overlap, so a deal that split gives its id to the part that kept most of it.
        var claims: [(deal: Int, id: DealID, sameParties: Int, shared: Int)] = []
        for (index, deal) in deals.enumerated() {
            var shared: [Int: Int] = [:]
            for source in deal.sources {
                for old in previousByArticle[source.articleID] ?? [] { shared[old, default: 0] += 1 }
            }
            guard !shared.isEmpty else { continue }
            let key = deal.partyKey
            claims += shared.map { old, count in
                (index, previous[old].id, previous[old].partyKey == key ? 1 : 0, count)
            }
        }
        claims.sort { ($0.sameParties, $0.shared, $1.id, $1.deal) > ($1.sameParties, $1.shared, $0.id, $0.deal) }
        // A previous deal's id is never a kept deal's, so claims need not look at those.
        var taken = Set<DealID>()
        var assigned = [Bool](repeating: false, count: deals.count)
        for claim in claims where !assigned[claim.deal] && !taken.contains(claim.id) {
            deals[claim.deal].id = claim.id
            taken.insert(claim.id)
            assigned[claim.deal] = true
        }
        let unassigned = deals.indices.filter { !assigned[$0] }
        let made = madeIDs(deals, at: unassigned, jobs: jobs)
        let previousIDs = Set(previous.map(\.id))
        let keptIDs: (DealID) -> Bool
        switch kept {
        case .deals(let deals): keptIDs = KeptIDs(deals, asked: Set(made.map(\.id)), jobs: jobs).contains
        case .outlined(let previous): keptIDs = previous.keeps
        }
        give(made, to: &deals, at: unassigned, taken: &taken) { previousIDs.contains($0) || keptIDs($0) }
    }

    /// The ids made from the parties and date of the deals at `unassigned`, hashed on every core.
    static func madeIDs(_ deals: [Deal], at unassigned: [Int], jobs: Int) -> [(seed: String, id: DealID)] {
        parallelMap(unassigned, jobs: jobs) { index in
            let seed = deals[index].partyKey + "|" + (deals[index].announced ?? "")
            return (seed: seed, id: DealID("dl_" + String(SHA256.hex(seed).prefix(16))))
        }
    }

    /// Gives the deals at `unassigned`, in their order, the ids `made` for them; an id `taken`
    /// already or `isHeld` elsewhere is made again with the deal's first source.
    static func give(
        _ made: [(seed: String, id: DealID)], to deals: inout [Deal], at unassigned: [Int], taken: inout Set<DealID>,
        isHeld: (DealID) -> Bool
    ) {
        for (index, (madeSeed, madeID)) in zip(unassigned, made) {
            var (seed, id) = (madeSeed, madeID)
            // Another deal may hold this id already: one that was split off, one kept, or one of
            // the previous snapshot with the same parties and day that this one shares no source with.
            if taken.contains(id) || isHeld(id) {
                let firstSource = deals[index].sources.map(\.articleID).min() ?? ""
                repeat {
                    seed += "|" + firstSource
                    id = DealID("dl_" + String(SHA256.hex(seed).prefix(16)))
                } while taken.contains(id) || isHeld(id)
            }
            deals[index].id = id
            taken.insert(id)
        }
    }

    /// The previous deals a merge keeps as they are, whose ids tonight's deals must not take:
    /// held (`deals`), or known by their outlines (``PreviousDeals``).
    enum KeptDeals {
        case deals([Deal])
        case outlined(PreviousDeals)
    }

    /// Which ids the kept deals hold, asked of the ids made for tonight's deals: the kept deals
    /// of a night are nearly all of a million, and a set of their ids would be built to answer
    /// a few hundred questions. The ids asked are looked for in one pass over the kept deals,
    /// on every core; an id made after that (a clash settled) is looked for on its own.
    private struct KeptIDs {
        let kept: [Deal]
        let asked: Set<DealID>
        let found: Set<DealID>

        init(_ kept: [Deal], asked: Set<DealID>, jobs: Int) {
            self.kept = kept
            self.asked = asked
            let halves = kept.halves(jobs: jobs) { part in Set(part.lazy.map(\.id).filter(asked.contains)) }
            found = halves.first.union(halves.second)
        }

        func contains(_ id: DealID) -> Bool {
            asked.contains(id) ? found.contains(id) : kept.contains { $0.id == id }
        }
    }

    /// Days since the epoch of a `YYYY-MM-DD` string.
    static func dayNumber(_ day: String) -> Int? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return Int(Timestamp.daysFromCivil(year: parts[0], month: parts[1], day: parts[2]))
    }
}

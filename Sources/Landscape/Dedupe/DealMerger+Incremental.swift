/// A merge that builds on the previous one: reports of one party set merge only with one
/// another, so a night whose reports changed in a few party sets merges those again and keeps
/// the previous deals of every other party set as they are, ids and all.
///
/// It gives what merging every report gives, provided `previous` were merged (with the same
/// window and code) from reports that differ from tonight's only in the `touched` party sets:
/// - an untouched party set has the same reports, so the same clusters, and each cluster claims
///   its previous deal's id with every source, ahead of any claim from another party set;
///   `partySetsSharingSources` are the exceptions, merged again always;
/// - a touched party set's deals claim among the previous deals of touched party sets, the kept
///   deals' ids being taken, in the order a full merge would consider them.
extension DealMerger {
    /// - Parameters:
    ///   - reports: tonight's reports; those of untouched party sets are passed over.
    ///   - touched: the party sets whose reports differ from those `previous` were merged from.
    ///   - partySetsSharingSources: those of the previous merge (``Merged``).
    ///   - windowDays: as for ``run(_:windowDays:previous:jobs:)``, and as the previous merge's.
    ///   - previous: the previous deals, newest first, as published (their flags are dropped).
    ///   - jobs: cores to merge party sets on.
    /// - Returns: the deals, newest first: the previous ones kept and the touched ones merged.
    public static func merge(
        _ reports: [Deal], touching touched: Set<String>, partySetsSharingSources: Set<String>, windowDays: Int,
        previous: [Deal], jobs: Int
    ) -> Merged {
        let remerged = touched.union(partySetsSharingSources)
        var (kept, replaced) = split(previous, replacing: remerged, jobs: jobs)
        let remerge = remerge(
            reports, partySets: remerged, partySetsSharingSources: partySetsSharingSources, windowDays: windowDays,
            replaced: replaced, keeping: .deals(kept), jobs: jobs)
        if !kept.isSorted(by: isListedBefore) { kept.sort(by: isListedBefore) }
        return Merged(
            deals: kept.merging(remerge.deals, by: isListedBefore),
            partySetsSharingSources: remerge.partySetsSharingSources, partySetsMerged: remerge.partySetsMerged,
            remerged: (remerged, remerge.deals))
    }

    /// The party sets merged again on previous deals known by their outlines: only those party
    /// sets' deals are made, for ``patched(_:replacing:with:jobs:)`` to put in place of the
    /// previous ones when the deals are asked for. The same deals as
    /// ``merge(_:touching:partySetsSharingSources:windowDays:previous:jobs:)`` merges again.
    public static func merge(
        _ reports: [Deal], touching touched: Set<String>, partySetsSharingSources: Set<String>, windowDays: Int,
        previous: PreviousDeals, jobs: Int
    ) -> Remerge {
        remerge(
            reports, partySets: touched.union(partySetsSharingSources),
            partySetsSharingSources: partySetsSharingSources, windowDays: windowDays, replaced: previous.replaced,
            keeping: .outlined(previous), jobs: jobs)
    }

    /// A merge of some party sets again: their deals, and what the next night's merge builds on.
    public struct Remerge: Sendable {
        /// The party sets merged again.
        public var partySets: Set<String>
        /// Their deals, newest first.
        public var deals: [Deal]
        /// Of every party set, those of which two deals share a source article.
        public var partySetsSharingSources: Set<String>
        /// How many party sets' reports were merged.
        public var partySetsMerged: Int
    }

    private static func remerge(
        _ reports: [Deal], partySets remerged: Set<String>, partySetsSharingSources: Set<String>, windowDays: Int,
        replaced: [Deal], keeping kept: KeptDeals, jobs: Int
    ) -> Remerge {
        let touchedReports = reports.filter { remerged.contains($0.partyKey) }
        var (merged, sharing, partySets) = clusters(touchedReports, windowDays: windowDays, jobs: jobs)
        assignIDs(&merged, previous: replaced, keeping: kept, jobs: jobs)
        merged.sort(by: isListedBefore)
        return Remerge(
            partySets: remerged, deals: merged,
            partySetsSharingSources: partySetsSharingSources.subtracting(remerged).union(sharing),
            partySetsMerged: partySets)
    }

    /// The deals of `previous` (newest first) with those of the party sets `replacing` taken
    /// out and `merged` (newest first) put in: what ``merge(_:touching:partySetsSharingSources:windowDays:previous:jobs:)``
    /// returned, made again from what it merged.
    public static func patched(_ previous: [Deal], replacing: Set<String>, with merged: [Deal], jobs: Int) -> [Deal] {
        patched(
            previous, isReplaced: parallelMap(previous, jobs: jobs) { replacing.contains($0.partyKey) }, with: merged)
    }

    /// ``patched(_:replacing:with:jobs:)`` for previous deals whose replaced ones are known by
    /// their place (``PreviousDeals/isReplaced``): no deal's party set is worked out again.
    static func patched(_ previous: [Deal], isReplaced: some Collection<Bool>, with merged: [Deal]) -> [Deal] {
        var kept = split(previous, isReplaced: isReplaced).kept
        if !kept.isSorted(by: isListedBefore) { kept.sort(by: isListedBefore) }
        return kept.merging(
            merged.isSorted(by: isListedBefore) ? merged : merged.sorted(by: isListedBefore), by: isListedBefore)
    }

    /// The previous deals kept, their flags dropped unless they are known to be the policy's,
    /// and those of the party sets `replacing`.
    private static func split(_ previous: [Deal], replacing: Set<String>, jobs: Int) -> (kept: [Deal], replaced: [Deal])
    {
        split(previous, isReplaced: parallelMap(previous, jobs: jobs) { replacing.contains($0.partyKey) })
    }

    private static func split(_ previous: [Deal], isReplaced: some Collection<Bool>) -> (
        kept: [Deal], replaced: [Deal]
    ) {
        var kept: [Deal] = []
        kept.reserveCapacity(previous.count)
        var replaced: [Deal] = []
        for (deal, isReplaced) in zip(previous, isReplaced) {
            if isReplaced {
                replaced.append(deal)
            } else if deal.flagsRecordedUnder != nil {
                // Its flags are known to be the policy's, and it stays as read, sources on disk.
                kept.append(deal)
            } else {
                var deal = deal
                deal.flags = []
                kept.append(deal)
            }
        }
        return (kept, replaced)
    }

    /// The party sets whose reports differ between `old` and `new`, the reports of one set of
    /// articles before and after: an article's reports count as changed unless they are the
    /// same reports in the same order.
    public static func partySets(changedFrom old: [Deal], to new: [Deal]) -> Set<String> {
        func byArticle(_ deals: [Deal]) -> [String: [Deal]] {
            Dictionary(grouping: deals) { $0.sources.first?.articleID ?? "" }
        }
        let (before, after) = (byArticle(old), byArticle(new))
        var changed = Set<String>()
        for article in Set(before.keys).union(after.keys) where before[article] != after[article] {
            for deal in (before[article] ?? []) + (after[article] ?? []) { changed.insert(deal.partyKey) }
        }
        return changed
    }
}

extension Array {
    /// Whether the elements are in the order `areInIncreasingOrder` gives (ties allowed).
    func isSorted(by areInIncreasingOrder: (Element, Element) -> Bool) -> Bool {
        indices.dropFirst().allSatisfy { !areInIncreasingOrder(self[$0], self[$0 - 1]) }
    }
}

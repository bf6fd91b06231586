/// One part of a merge of every report on previous deals (the night after an upgrade of the
/// binary, which extracts every article again): the part's party sets are merged as one merge
/// merges them, and take the ids the claims of every part settled (``IDClaims``).
extension DealMerger {
    /// - Parameters:
    ///   - reports: every report of the part's party sets, in the order one merge holds them.
    ///   - windowDays: as for ``run(_:windowDays:previous:jobs:)``.
    ///   - claimed: for each deal, as ``clusters(_:windowDays:jobs:)`` gives them, the place of
    ///     the previous deal whose id it takes, or -1 (``IDClaims/settled(previous:jobs:)``).
    ///   - previous: the previous deals, by their ids and sources.
    ///   - jobs: cores to merge party sets on.
    /// - Returns: the part's deals, newest first; nil when they are not the deals `claimed` was
    ///   settled for.
    static func merge(
        _ reports: [Deal], windowDays: Int, claimed: [Int32], previous: PreviousSources, jobs: Int
    ) -> Merged? {
        var (merged, sharing, partySets) = clusters(reports, windowDays: windowDays, jobs: jobs)
        guard merged.count == claimed.count else { return nil }
        var unassigned: [Int] = []
        for (index, place) in claimed.enumerated() {
            if place >= 0 {
                merged[index].id = DealID(number: previous.ids[Int(place)])
            } else {
                unassigned.append(index)
            }
        }
        // Every id claimed is a previous deal's; an id made for a deal of another part is of
        // another party set, and the same only if their hashes clash.
        var taken = Set<DealID>()
        give(madeIDs(merged, at: unassigned, jobs: jobs), to: &merged, at: unassigned, taken: &taken) {
            previous.holds($0)
        }
        return Merged(
            deals: merged.sorted(jobs: jobs, by: isListedBefore), partySetsSharingSources: sharing,
            partySetsMerged: partySets)
    }
}

/// ``Change/between(old:new:)`` with the new deals handed over a block at a time, in their
/// listed order: the changes between the parent's deals and a stream of tonight's own (a merge
/// of every report, woven from its parts), which is never held whole, and the changed deals the
/// reports list (``ReportData/SinceParent``).
///
/// A merge gives each deal one id, and so does a snapshot: pairing the deals by walking both
/// lists in step, as most are, pairs them as their ids do. A new deal the walk passes (a new
/// one, or one whose day moved) is held until every deal is seen, and paired by id then.
struct ChangeWalk {
    private let old: [Deal]
    /// Whether the old deals are in their listed order, for the walk.
    private let walksInStep: Bool
    /// The next old deal of the walk.
    private var nextOld = 0
    private var isPaired: [Bool]
    /// How many new deals were handed over.
    private var seen = 0
    /// The deals the walk paired that changed, by their place among the new deals.
    private var updated: [(place: Int, change: Change)] = []
    /// The first of them, for the reports.
    private var firstUpdated: [(place: Int, deal: Deal)] = []
    /// The new deals the walk did not pair.
    private var passed: [(place: Int, deal: Deal)] = []

    init(old: [Deal]) {
        self.old = old
        walksInStep = old.isSorted(by: DealMerger.isListedBefore)
        isPaired = [Bool](repeating: false, count: old.count)
    }

    mutating func add(_ deals: some Collection<Deal>) {
        for deal in deals {
            defer { seen += 1 }
            if walksInStep {
                while nextOld < old.count, old[nextOld].id != deal.id, DealMerger.isListedBefore(old[nextOld], deal) {
                    nextOld += 1
                }
                if nextOld < old.count, old[nextOld].id == deal.id {
                    isPaired[nextOld] = true
                    let fields = Change.changedFields(old[nextOld], deal)
                    nextOld += 1
                    guard !fields.isEmpty else { continue }
                    updated.append((seen, Change(dealID: deal.dealID, change: .updated, fields: fields)))
                    if firstUpdated.count < ReportData.SinceParent.listedAtMost { firstUpdated.append((seen, deal)) }
                    continue
                }
            }
            passed.append((seen, deal))
        }
    }

    /// The changes, as ``Change/between(old:new:)`` gives them, and what the reports list of them.
    consuming func finish(parentID: String?) -> (changes: [Change], since: ReportData.SinceParent) {
        let unpaired = old.indices.filter { !isPaired[$0] }
        let unpairedByID = Dictionary(unpaired.map { (old[$0].id, $0) }, uniquingKeysWith: { first, _ in first })
        var decided: [(place: Int, change: Change, deal: Deal)] = []
        for (place, deal) in passed {
            if let index = unpairedByID[deal.id], !isPaired[index] {
                isPaired[index] = true
                let fields = Change.changedFields(old[index], deal)
                if !fields.isEmpty {
                    decided.append((place, Change(dealID: deal.dealID, change: .updated, fields: fields), deal))
                }
            } else {
                decided.append((place, Change(dealID: deal.dealID, change: .added, fields: []), deal))
            }
        }
        // The added and updated in the new deals' order, then the removed in the old's.
        var changes: [Change] = []
        changes.reserveCapacity(updated.count + decided.count)
        var (walked, looked) = (0, 0)
        while walked < updated.count || looked < decided.count {
            if looked == decided.count || (walked < updated.count && updated[walked].place < decided[looked].place) {
                changes.append(updated[walked].change)
                walked += 1
            } else {
                changes.append(decided[looked].change)
                looked += 1
            }
        }
        let removed = unpaired.filter { !isPaired[$0] }
        changes += removed.map { Change(dealID: old[$0].dealID, change: .removed, fields: []) }
        // The reports list the first changes: the added, then the updated, then the removed.
        let most = ReportData.SinceParent.listedAtMost
        let added = Array(decided.lazy.filter { $0.change.change == .added }.prefix(most).map(\.deal))
        let updatedDeals = Array(
            (firstUpdated + decided.lazy.filter { $0.change.change == .updated }.map { ($0.place, $0.deal) })
                .sorted { $0.place < $1.place }.prefix(most - added.count).map(\.deal))
        let removedDeals = Array(removed.prefix(most - added.count - updatedDeals.count).map { old[$0] })
        let addedCount = decided.count { $0.change.change == .added }
        let since = ReportData.SinceParent(
            parentID: parentID, added: added, updated: updatedDeals, removed: removedDeals, addedCount: addedCount,
            updatedCount: changes.count - addedCount - removed.count, removedCount: removed.count)
        return (changes, since)
    }
}

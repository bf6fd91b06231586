/// The changes between two lists of deals (``Change/between(old:new:)`` walks two lists held),
/// the new deals handed over a block at a time, in their listed order, and the old deals read
/// held or a run at a time: the changes between the parent's deals
/// and a stream of tonight's own (a merge of every report, woven from its parts), neither list
/// held whole, and the changed deals the reports list (``ReportData/SinceParent``).
///
/// A merge gives each deal one id, and so does a snapshot: pairing the deals by walking both
/// lists in step, as most are, pairs them as their ids do. A deal the walk passes on either side
/// (a new one, a removed one, one whose day moved) is held until every deal is seen, and paired
/// by id then.
struct ChangeWalk {
    private let oldCount: Int
    private let readOld: (_ places: Range<Int>) throws -> [Deal]
    /// How many old deals are read at a time.
    private let runDeals: Int
    /// The run of old deals read last, and the place of its first.
    private var oldRun: [Deal] = []
    private var oldRunStart = 0
    /// The next old deal of the walk.
    private var nextOld = 0
    /// The old deals the walk passed, by their place.
    private var passedOld: [(place: Int, deal: Deal)] = []
    /// How many new deals were handed over.
    private var seen = 0
    /// The deals the walk paired that changed, by their place among the new deals.
    private var updated: [(place: Int, change: Change)] = []
    /// The first of them, for the reports.
    private var firstUpdated: [(place: Int, deal: Deal)] = []
    /// The new deals the walk passed, by their place.
    private var passedNew: [(place: Int, deal: Deal)] = []

    /// - Parameters:
    ///   - oldCount: how many old deals there are.
    ///   - runDeals: how many old deals are read at a time.
    ///   - readOld: the old deals at some places, in their listed order.
    init(oldCount: Int, runDeals: Int = 4096, readOld: @escaping (_ places: Range<Int>) throws -> [Deal]) {
        (self.oldCount, self.runDeals, self.readOld) = (oldCount, max(1, runDeals), readOld)
    }

    init(old: [Deal]) {
        self.init(oldCount: old.count) { Array(old[$0]) }
    }

    /// The old deal at `place`, read with the run it starts when it is not in the run read last.
    private mutating func old(at place: Int) throws -> Deal? {
        guard place < oldCount else { return nil }
        if !(oldRunStart..<(oldRunStart + oldRun.count)).contains(place) {
            let places = place..<min(place + runDeals, oldCount)
            oldRun = try readOld(places)
            oldRunStart = place
            guard oldRun.count == places.count else {
                throw RunError("publish: the parent's deals \(places) read as \(oldRun.count) deals")
            }
        }
        return oldRun[place - oldRunStart]
    }

    mutating func add(_ deals: some Collection<Deal>) throws {
        for deal in deals {
            defer { seen += 1 }
            while let old = try old(at: nextOld), old.id != deal.id, DealMerger.isListedBefore(old, deal) {
                passedOld.append((nextOld, old))
                nextOld += 1
            }
            guard let old = try old(at: nextOld), old.id == deal.id else {
                passedNew.append((seen, deal))
                continue
            }
            nextOld += 1
            let fields = Change.changedFields(old, deal)
            guard !fields.isEmpty else { continue }
            updated.append((seen, Change(dealID: deal.dealID, change: .updated, fields: fields)))
            if firstUpdated.count < ReportData.SinceParent.listedAtMost { firstUpdated.append((seen, deal)) }
        }
    }

    /// The changes: the added and updated in the new deals' order, then the removed in the old's;
    /// and what the reports list of them.
    consuming func finish(parentID: String?) throws -> (changes: [Change], since: ReportData.SinceParent) {
        while let old = try old(at: nextOld) {
            passedOld.append((nextOld, old))
            nextOld += 1
        }
        let passedByID = Dictionary(
            passedOld.indices.map { (passedOld[$0].deal.id, $0) }, uniquingKeysWith: { first, _ in first })
        var isPaired = [Bool](repeating: false, count: passedOld.count)
        var decided: [(place: Int, change: Change, deal: Deal)] = []
        for (place, deal) in passedNew {
            if let index = passedByID[deal.id], !isPaired[index] {
                isPaired[index] = true
                let fields = Change.changedFields(passedOld[index].deal, deal)
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
        let removed = passedOld.indices.filter { !isPaired[$0] }.map { passedOld[$0].deal }
        changes += removed.map { Change(dealID: $0.dealID, change: .removed, fields: []) }
        // The reports list the first changes: the added, then the updated, then the removed.
        let most = ReportData.SinceParent.listedAtMost
        let added = Array(decided.lazy.filter { $0.change.change == .added }.prefix(most).map(\.deal))
        let updatedDeals = Array(
            (firstUpdated + decided.lazy.filter { $0.change.change == .updated }.map { ($0.place, $0.deal) })
                .sorted { $0.place < $1.place }.prefix(most - added.count).map(\.deal))
        let addedCount = decided.count { $0.change.change == .added }
        let since = ReportData.SinceParent(
            parentID: parentID, added: added, updated: updatedDeals,
            removed: Array(removed.prefix(most - added.count - updatedDeals.count)), addedCount: addedCount,
            updatedCount: changes.count - addedCount - removed.count, removedCount: removed.count)
        return (changes, since)
    }
}

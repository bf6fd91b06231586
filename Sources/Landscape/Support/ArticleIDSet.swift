/// Article ids, each once, in the order they were first inserted: a set that grows as ids come,
/// held as one ``ArticleIDs`` list and a table of places by the ids' hashes.
///
/// A `Set<String>` of ids keeps each id's text in an allocation of its own beside its table
/// entry, some 90 bytes an id; this is the 10 bytes the id's hex digits spell and 5 to 11 bytes
/// of table. A build notes every article's id as it parses, to find those seen twice (a million).
struct ArticleIDSet {
    /// The ids, in the order they were first inserted.
    private(set) var ids = ArticleIDs()
    /// Each id's place in ``ids`` plus one, at a slot its hash chooses; 0 for an empty slot.
    private var slots: [Int32] = []

    var count: Int { ids.count }

    /// Inserts `id` unless it is there; whether it was not.
    @discardableResult
    mutating func insert(_ id: String) -> Bool {
        // At most three slots in four are taken: a probe finds an empty one within a few.
        if 4 * (ids.count + 1) > 3 * slots.count { grow() }
        let (slot, isHeld) = find(id)
        guard !isHeld else { return false }
        precondition(ids.count < Int32.max, "more than two billion article ids")
        slots[slot] = Int32(ids.count + 1)
        ids.append(id)
        return true
    }

    func contains(_ id: String) -> Bool {
        !slots.isEmpty && find(id).isHeld
    }

    /// The slot holding `id`, else the empty slot it would take.
    private func find(_ id: String) -> (slot: Int, isHeld: Bool) {
        let mask = slots.count - 1
        var slot = Self.spread(ArticleIDs.fnv1a(id.utf8)) & mask
        while slots[slot] != 0 {
            if ids.isID(at: Int(slots[slot]) - 1, equalTo: id) { return (slot, true) }
            slot = (slot + 1) & mask
        }
        return (slot, false)
    }

    /// Twice the slots, every id placed again by its hash.
    private mutating func grow() {
        let capacity = max(1024, 2 * slots.count)
        var grown = [Int32](repeating: 0, count: capacity)
        let mask = capacity - 1
        for position in ids.indices {
            var slot = Self.spread(ids.fnv1a(at: position)) & mask
            while grown[slot] != 0 { slot = (slot + 1) & mask }
            grown[slot] = Int32(position + 1)
        }
        slots = grown
    }

    /// The hash with its high bits folded into the low ones a slot is chosen by.
    private static func spread(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: ((hash ^ (hash >> 29)) &* 0xBF58_476D_1CE4_E5B9) >> 32)
    }
}

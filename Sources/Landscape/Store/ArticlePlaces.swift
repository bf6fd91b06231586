/// Where each id of several lists is: the list and the row, found by one hash of the id's
/// bytes and checked against the list, in a table of one 64-bit word an id.
///
/// It stands where a dictionary from id to month stood: a million ids there took 48 MB (each
/// key a 16-byte string, a value, the hashes, the table kept under three quarters full); here
/// 16 MB, the ids being the lists' own (held, not copied). An id in several lists is found in
/// the last of them. Dedupe's cache finds its stored groups' articles with it; a night, which
/// asks only of its own articles, finds them in the parent's months with ``ArticlesFound``.
struct ArticlePlaces: Sendable {
    private var lists: [ArticleIDs] = []
    /// Per slot, zero when empty, else the list's position above 32 bits and the row below, plus one.
    private var slots: [UInt64] = []
    private var mask = 0
    /// Whether some id is in the lists more than once.
    private(set) var hasRepeatedIDs = false

    init() {}

    init(_ lists: [ArticleIDs]) {
        self.lists = lists
        let count = lists.reduce(0) { $0 + $1.count }
        guard count > 0 else { return }
        // At most half full, so that a probe mostly lands on its id or on an empty slot.
        var size = 16
        while size < count * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        for (list, ids) in lists.enumerated() {
            for row in ids.indices {
                var slot = Self.mixed(ids.fnv1a(at: row)) & mask
                while slots[slot] != 0 {
                    let (otherList, otherRow) = Self.place(slots[slot])
                    if lists[otherList].isID(at: otherRow, equalTo: row, in: ids) {
                        hasRepeatedIDs = true
                        break
                    }
                    slot = (slot + 1) & mask
                }
                slots[slot] = (UInt64(list) << 32 | UInt64(row)) + 1
            }
        }
    }

    /// The list and row of `id`, if a list holds it.
    func place(of id: String) -> (list: Int, row: Int)? {
        guard !slots.isEmpty else { return nil }
        var slot = Self.mixed(ArticleIDs.fnv1a(id.utf8)) & mask
        while slots[slot] != 0 {
            let (list, row) = Self.place(slots[slot])
            if lists[list].isID(at: row, equalTo: id) { return (list, row) }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private static func place(_ slot: UInt64) -> (list: Int, row: Int) {
        let value = slot - 1
        return (Int(value >> 32), Int(value & 0xFFFF_FFFF))
    }

    /// FNV-1a of the id's bytes, its bits mixed once more: the low bits pick the slot.
    static func mixed(_ fnv1a: UInt64) -> Int {
        var hash = fnv1a
        hash ^= hash >> 29
        hash = hash &* 0xBF58_476D_1CE4_E5B9
        hash ^= hash >> 32
        return Int(truncatingIfNeeded: hash)
    }
}

/// Where some ids (tonight's articles) are among lists of ids (the parent's months): the list
/// and the row, found by one pass over the lists, each id hashed and looked for among those
/// sought, in a table the size of the ids sought.
///
/// It stands where a table of every id of the lists stood, built to answer a few thousand
/// questions a night: 17 MB at a million articles, held while the night's landscape is made.
/// The pass costs what building that table cost: one hash of every id. An id in several lists
/// is found in the last of them, and in a list at its last row, as that table found it.
struct ArticlesFound: Sendable {
    /// The ids sought, each once.
    private var sought = ArticleIDs()
    /// Per slot, zero when empty, else the place in ``sought`` plus one.
    private var slots: [UInt32] = []
    private var mask = 0
    /// Per id sought, zero when no list holds it, else its list above 32 bits and its row below, plus one.
    private var places: [UInt64] = []

    init() {}

    /// - Parameters:
    ///   - ids: the ids to find.
    ///   - lists: where to find them.
    ///   - jobs: cores to read the lists on.
    init(_ ids: some Collection<String>, in lists: [ArticleIDs], jobs: Int) {
        var size = 16
        while size < ids.count * 2 { size <<= 1 }
        slots = [UInt32](repeating: 0, count: size)
        mask = size - 1
        for id in ids where slot(of: id) == nil {
            var slot = Self.mixed(ArticleIDs.fnv1a(id.utf8)) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            sought.append(id)
            slots[slot] = UInt32(sought.count)
        }
        guard !sought.isEmpty else { return }
        // Each list is read on its own core; a later list's find stands over an earlier's.
        let found = self
        let hits = parallelMap(Array(lists.indices), jobs: jobs) { list in
            var hits: [(sought: Int, row: Int)] = []
            let ids = lists[list]
            for row in ids.indices {
                var slot = Self.mixed(ids.fnv1a(at: row)) & found.mask
                while found.slots[slot] != 0 {
                    let position = Int(found.slots[slot]) - 1
                    if found.sought.isID(at: position, equalTo: row, in: ids) {
                        hits.append((position, row))
                        break
                    }
                    slot = (slot + 1) & found.mask
                }
            }
            return hits
        }
        places = [UInt64](repeating: 0, count: sought.count)
        for (list, listHits) in hits.enumerated() {
            for hit in listHits { places[hit.sought] = (UInt64(list) << 32 | UInt64(hit.row)) + 1 }
        }
    }

    /// Whether `id` was among the ids sought.
    func sought(_ id: String) -> Bool { slot(of: id) != nil }

    /// The list and row of `id`, if it was sought and a list holds it.
    func place(of id: String) -> (list: Int, row: Int)? {
        guard let slot = slot(of: id) else { return nil }
        let place = places[Int(slots[slot]) - 1]
        guard place != 0 else { return nil }
        return (Int((place - 1) >> 32), Int((place - 1) & 0xFFFF_FFFF))
    }

    /// Whether some id is in the lists more than once: every id's hash sorted, and those of
    /// a hash met twice compared. The hashes are taken a slice of their range at a time (by their
    /// top bits), up to 260,000 of them: a million ids' hashes at once were 8 MB and 4 MB more
    /// to sort them, the peak of a quiet night; each slice hashes every id again.
    static func hasRepeatedIDs(_ lists: [ArticleIDs], jobs: Int) -> Bool {
        let total = lists.reduce(0) { $0 + $1.count }
        var slices = 1
        while total / slices > 1 << 18, slices < 1 << 8 { slices <<= 1 }
        var twice = Set<UInt64>()
        for slice in 0..<slices {
            twice.formUnion(repeatedHashes(in: lists, slice: slice, of: slices, jobs: jobs))
        }
        guard !twice.isEmpty else { return false }
        var seen: [UInt64: [String]] = [:]
        for ids in lists {
            for row in ids.indices {
                let hash = ids.fnv1a(at: row)
                guard twice.contains(hash) else { continue }
                let id = ids[row]
                if seen[hash, default: []].contains(id) { return true }
                seen[hash, default: []].append(id)
            }
        }
        return false
    }

    /// The hashes met more than once among the ids' hashes in slice `slice` of `slices` (of
    /// the hashes' range, by their top bits), each list read on a core of its own.
    private static func repeatedHashes(in lists: [ArticleIDs], slice: Int, of slices: Int, jobs: Int) -> Set<UInt64> {
        let shift = UInt64(64 - slices.trailingZeroBitCount)
        let wanted = UInt64(slice)
        var hashes = parallelMap(Array(lists.indices), jobs: jobs) { list -> [UInt64] in
            let ids = lists[list]
            var hashes: [UInt64] = []
            hashes.reserveCapacity(ids.count / slices + ids.count / (4 * slices) + 16)
            for row in ids.indices {
                let hash = ids.fnv1a(at: row)
                // Of one slice, every hash is.
                if slices == 1 || hash >> shift == wanted { hashes.append(hash) }
            }
            return hashes
        }.joinedExactly()
        hashes.sort()
        var twice = Set<UInt64>()
        for position in hashes.indices.dropFirst() where hashes[position] == hashes[position - 1] {
            twice.insert(hashes[position])
        }
        return twice
    }

    private func slot(of id: String) -> Int? {
        guard !slots.isEmpty else { return nil }
        var slot = Self.mixed(ArticleIDs.fnv1a(id.utf8)) & mask
        while slots[slot] != 0 {
            if sought.isID(at: Int(slots[slot]) - 1, equalTo: id) { return slot }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// FNV-1a of the id's bytes, its bits mixed once more: the low bits pick the slot.
    private static func mixed(_ fnv1a: UInt64) -> Int {
        var hash = fnv1a
        hash ^= hash >> 29
        hash = hash &* 0xBF58_476D_1CE4_E5B9
        hash ^= hash >> 32
        return Int(truncatingIfNeeded: hash)
    }
}

/// Groups records that repeat one another: the same exact key (a canonical URL, a title on a
/// day), or MinHash signatures at least `threshold` alike.
///
/// Near-linear: locality-sensitive hashing cuts each signature into bands, and only records
/// that share a whole band are compared. Within a band's bucket each record is compared with the
/// bucket's first members of each group seen there, not with every member, so a bucket of a
/// thousand copies costs a thousand comparisons, not half a million.
public struct DuplicateGroups {
    public let threshold: Double
    public let bands: Int
    public let rows: Int
    /// At most this many groups are kept per bucket: a bucket so mixed is a hash collision of
    /// boilerplate, and comparing with more finds nothing new.
    private let leadersPerBucket = 16

    public init(threshold: Double, permutations: Int) {
        self.threshold = threshold
        (bands, rows) = Self.banding(threshold: threshold, permutations: permutations)
    }

    /// What grouping found, for the manifest and the benchmark.
    public struct Counts: Sendable {
        public var candidatePairs = 0
        public var nearDuplicateLinks = 0
        public var exactKeyLinks = 0
        /// Records whose signatures grouping held (their values' low halves): those sharing a
        /// bucket with another.
        public var heldSignatures = 0
        /// Links the low halves made that the whole values did not confirm; when there are any,
        /// the links were made again on the whole values.
        public var refusedLinks = 0
    }

    /// The group of each record, as the index of its original: the member that comes first in
    /// `order` (a record's position when all are sorted by precedence).
    ///
    /// - Parameters:
    ///   - signatures: one signature per record.
    ///   - exactKeys: keys that make records duplicates when equal.
    ///   - order: the precedence of each record; the lowest of a group is its original.
    ///   - jobs: cores to find, band by band, the records that share a bucket on.
    ///   - visitsLoneRecords: whether every record is visited in every band, as the test of
    ///     leaving lone records out compares with.
    /// - Returns: the original of each record (itself for originals), and what was compared.
    public func originals(
        signatures: SignatureTable, exactKeys: ExactKeys, order: [Int], jobs: Int = 1, visitsLoneRecords: Bool = false
    ) -> ([Int], Counts) {
        originals(
            FingerprintBlocks(signatures: signatures, exactKeys: exactKeys), order: order, jobs: jobs,
            visitsLoneRecords: visitsLoneRecords)
    }

    /// The group of each record of `blocks`, as ``originals(signatures:exactKeys:order:jobs:visitsLoneRecords:)``
    /// finds it, reading the blocks a few times over instead of holding every signature: only
    /// the signatures of records that share a bucket with another are held, a small part of a
    /// landscape's.
    func originals(
        _ blocks: FingerprintBlocks, order: [Int], jobs: Int = 1, visitsLoneRecords: Bool = false
    ) -> ([Int], Counts) {
        let count = blocks.count
        precondition(order.count == count)
        var sets = DisjointSets(count: count)
        var counts = Counts()
        let (members, exactKeys) = bandMembers(blocks, jobs: jobs, visitsLoneRecords: visitsLoneRecords)
        var firstWithKey = HashSlots(capacity: exactKeys.filledSlots)
        for (slot, key) in exactKeys.values.enumerated() where key != 0 {
            let index = slot / ExactKeys.slots
            if let first = firstWithKey[key] {
                if sets.union(Int(first), index) { counts.exactKeyLinks += 1 }
            } else {
                firstWithKey[key] = Int32(index)
            }
        }
        firstWithKey = HashSlots(capacity: 0)
        // The reads' scratch goes back before the held signatures, the grouping's largest part, are read.
        FreedMemory.release()
        let (row, held) = Self.heldRows(members.lazy.joined().map(\.index), count: count)
        counts.heldSignatures = held
        // The links are made on the low halves of the values, at half the memory, and each is
        // then confirmed on the whole values. Halves that differ mean values that differ, so
        // every pair the halves keep apart the whole values would too; when every link they
        // made holds, the groups are the ones the whole values make. Should one not hold (a
        // pair just under the threshold whose halves happen to agree), the links are made
        // again on the whole values.
        var linked = sets
        var linkedCounts = counts
        var links: [(Int32, Int32)] = []
        link(
            members, rows: row,
            signatures: Self.held(SignatureHalves.self, rows: row, count: held, in: blocks, jobs: jobs),
            sets: &linked, counts: &linkedCounts, links: &links)
        let refused = refusedLinks(links, in: blocks, jobs: jobs)
        if refused == 0 {
            (sets, counts) = (linked, linkedCounts)
        } else {
            linked = DisjointSets(count: 0)
            links.removeAll()
            link(
                members, rows: row,
                signatures: Self.held(SignatureTable.self, rows: row, count: held, in: blocks, jobs: jobs),
                sets: &sets, counts: &counts, links: &links)
            counts.refusedLinks = refused
        }

        var original = [Int](repeating: -1, count: count)
        for index in 0..<count {
            let root = sets.find(index)
            if original[root] < 0 || order[index] < order[original[root]] { original[root] = index }
        }
        return ((0..<count).map { original[sets.find($0)] }, counts)
    }

    /// Links the records that share a band's bucket and are alike, band after band, in record
    /// order, and appends each link made to `links`.
    ///
    /// Leaders of a bucket: records that matched no earlier leader there. `next` chains them.
    /// A record alone in its bucket meets no leader and is met by none, so only the records
    /// that share a bucket are visited, in the same order: the result is the same.
    private func link<Rows: SimilarRows>(
        _ members: [[BandMember]], rows row: [Int32], signatures: Rows, sets: inout DisjointSets,
        counts: inout Counts, links: inout [(Int32, Int32)]
    ) {
        var bucketHead = HashSlots(capacity: members.map(\.count).max() ?? 0)
        var next = [Int32](repeating: -1, count: row.count)
        for bandMembers in members {
            bucketHead.removeAll()
            for member in bandMembers {
                let index = Int(member.index)
                var leader = bucketHead[member.key] ?? -1
                var leaders = 0
                var matched = false
                // The record's group and row stay the same until it is linked, which ends the walk.
                let (group, ownRow) = (leader >= 0 ? sets.find(index) : index, Int(row[index]))
                while leader >= 0 {
                    let other = Int(leader)
                    if sets.find(other) == group {
                        matched = true
                        break
                    }
                    counts.candidatePairs += 1
                    if signatures.isSimilar(ownRow, Int(row[other]), threshold: threshold) {
                        sets.union(other, index)
                        counts.nearDuplicateLinks += 1
                        links.append((leader, member.index))
                        matched = true
                        break
                    }
                    leaders += 1
                    leader = next[other]
                }
                if !matched, leaders < leadersPerBucket {
                    next[index] = bucketHead[member.key] ?? -1
                    bucketHead[member.key] = Int32(index)
                }
            }
        }
    }

    /// How many of `links` the whole values do not confirm: one more read of the blocks,
    /// holding the whole signatures of the linked records only.
    private func refusedLinks(_ links: [(Int32, Int32)], in blocks: FingerprintBlocks, jobs: Int) -> Int {
        guard !links.isEmpty else { return 0 }
        let (rows, held) = Self.heldRows(links.lazy.flatMap { [$0.0, $0.1] }, count: blocks.count)
        let whole = Self.held(SignatureTable.self, rows: rows, count: held, in: blocks, jobs: jobs)
        return links.count { first, second in
            !whole.isSimilar(Int(rows[Int(first)]), Int(rows[Int(second)]), threshold: threshold)
        }
    }

    /// A record with words in one band's bucket: its position and bucket key.
    struct BandMember {
        let index: Int32
        let key: UInt64
    }

    /// For each band, in record order, the records whose bucket key is another's too (every
    /// record with words, if `visitsLoneRecords`), and every record's exact keys.
    ///
    /// Most records of a large landscape are alone in every bucket; leaving them out spares the
    /// random reads of a bucket table of every record, which dominate grouping a million, and
    /// holding their signatures. Bands are keyed a few at a time, one read of the blocks each:
    /// a million records' keys of eight bands are 64 MB, not the 512 MB of their signatures.
    private func bandMembers(
        _ blocks: FingerprintBlocks, jobs: Int, visitsLoneRecords: Bool
    ) -> ([[BandMember]], ExactKeys) {
        let (count, rows, bands) = (blocks.count, rows, bands)
        var exactKeys = ExactKeys(emptyRecords: count)
        var hasWords = [Bool](repeating: false, count: count)
        var members: [[BandMember]] = []
        members.reserveCapacity(bands)
        for firstBand in stride(from: 0, to: bands, by: Self.bandsPerPass) {
            let passBands = firstBand..<min(bands, firstBand + Self.bandsPerPass)
            var keys = [UInt64](repeating: 0, count: count * passBands.count)
            keys.withUnsafeMutableBufferPointer { keys in
                hasWords.withUnsafeMutableBufferPointer { words in
                    exactKeys.withUnsafeMutableSlots { slots in
                        let table = PassTable(
                            keys: keys, count: count, bands: passBands, rows: rows, words: words, slots: slots,
                            isFirstPass: firstBand == 0)
                        // Each block writes its own records' slots only.
                        blocks.forEach(jobs: jobs) { start, block in table.take(block, start: start) }
                    }
                }
            }
            let (passKeys, words) = (keys, hasWords)
            members += parallelMap(Array(0..<passBands.count), jobs: jobs) { offset in
                let bandKeys = passKeys[(offset * count)..<((offset + 1) * count)]
                return visitsLoneRecords
                    ? (0..<count).filter { words[$0] }.map {
                        BandMember(index: Int32($0), key: bandKeys[bandKeys.startIndex + $0])
                    }
                    : Self.sharers(bandKeys, hasWords: words)
            }
        }
        return (members, exactKeys)
    }

    /// Where one read of the blocks writes, each record its own slots: its keys of the read's
    /// bands, band after band, and on the first read its words flag and exact keys.
    private struct PassTable: @unchecked Sendable {
        let keys: UnsafeMutableBufferPointer<UInt64>
        let count: Int
        let bands: Range<Int>
        let rows: Int
        let words: UnsafeMutableBufferPointer<Bool>
        let slots: UnsafeMutableBufferPointer<UInt64>
        let isFirstPass: Bool

        /// Writes the slots of the records of `block`, the first of which is record `start`.
        func take(_ block: FingerprintBlocks.Block, start: Int) {
            for (offset, row) in block.rows.enumerated() {
                let index = start + offset
                if isFirstPass {
                    words[index] = block.signatures.hasWords[row]
                    for slot in 0..<ExactKeys.slots {
                        slots[index * ExactKeys.slots + slot] = block.exactKeys.values[row * ExactKeys.slots + slot]
                    }
                }
                guard block.signatures.hasWords[row] else { continue }
                for band in bands {
                    keys[(band - bands.lowerBound) * count + index] = block.signatures.bandKey(
                        row, columns: (band * rows)..<((band + 1) * rows))
                }
            }
        }
    }

    /// The records with words whose key in `keys` (one per record, a slice of one band's) is
    /// another's too, in record order.
    ///
    /// First by a mark, the top bits of the key, one bit each in a table of about sixteen times
    /// the records, so a lone key shares its mark with another about one time in sixteen; then,
    /// among the few that share a mark, by the whole key.
    private static func sharers(_ keys: ArraySlice<UInt64>, hasWords: [Bool]) -> [BandMember] {
        let (count, base) = (hasWords.count, keys.startIndex)
        var bits = 10
        while (1 << bits) < 16 * count && bits < 30 { bits += 1 }
        let shift = UInt64(64 - bits)
        var seen = MarkBits(count: 1 << bits)
        var repeated = MarkBits(count: 1 << bits)
        for index in 0..<count where hasWords[index] {
            let mark = Int(keys[base + index] >> shift)
            if seen.contains(mark) { repeated.insert(mark) } else { seen.insert(mark) }
        }
        var marked: [BandMember] = []
        for index in 0..<count where hasWords[index] && repeated.contains(Int(keys[base + index] >> shift)) {
            marked.append(BandMember(index: Int32(index), key: keys[base + index]))
        }
        let byKey = marked.indices.sorted { (marked[$0].key, $0) < (marked[$1].key, $1) }
        var isShared = [Bool](repeating: false, count: marked.count)
        for (position, member) in byKey.enumerated().dropFirst()
        where marked[member].key == marked[byKey[position - 1]].key {
            isShared[member] = true
            isShared[byKey[position - 1]] = true
        }
        return marked.indices.filter { isShared[$0] }.map { marked[$0] }
    }

    /// Each of `count` records' row among the held, -1 for one not held, and how many are:
    /// `records` (a record may come more than once), each held at its first coming.
    private static func heldRows(_ records: some Sequence<Int32>, count: Int) -> ([Int32], Int) {
        var row = [Int32](repeating: -1, count: count)
        var held = 0
        for record in records where row[Int(record)] < 0 {
            row[Int(record)] = Int32(held)
            held += 1
        }
        return (row, held)
    }

    /// The rows (whole signatures or their low halves) of the `held` records, read from
    /// `blocks` in one read: record `i` goes to row `rows[i]` (``heldRows(_:count:)``).
    private static func held<Rows: SimilarRows>(
        _: Rows.Type, rows: [Int32], count held: Int, in blocks: FingerprintBlocks, jobs: Int
    ) -> Rows {
        var table = Rows(width: blocks.width, emptyCount: held)
        let width = blocks.width
        table.withUnsafeMutableRows { values, words in
            nonisolated(unsafe) let target = (values: values, words: words)
            // Each record writes its own row only.
            blocks.forEach(jobs: jobs) { start, block in
                for (offset, source) in block.rows.enumerated() {
                    let row = Int(rows[start + offset])
                    guard row >= 0 else { continue }
                    target.words[row] = block.signatures.hasWords[source]
                    Rows.copy(
                        source, of: block.signatures,
                        to: UnsafeMutableBufferPointer(rebasing: target.values[(row * width)..<((row + 1) * width)]))
                }
            }
        }
        return table
    }

    /// How many bands' keys ``bandMembers(_:jobs:visitsLoneRecords:)`` makes in one read of the blocks.
    static let bandsPerPass = 8

    /// The bands and rows per band for a threshold. Texts of similarity `s` share a band with
    /// chance `1 - (1 - s^rows)^bands`; the split chosen is the one that finds pairs 0.1 above
    /// the threshold at least 99% of the time with the least area under that curve below the
    /// threshold (the false candidates, which cost only a comparison each). A pair never made a
    /// candidate is lost for good, hence the bias.
    static func banding(threshold: Double, permutations: Int) -> (bands: Int, rows: Int) {
        func power(_ base: Double, _ exponent: Int) -> Double {
            (0..<exponent).reduce(1) { product, _ in product * base }
        }
        func chance(_ s: Double, _ bands: Int, _ rows: Int) -> Double {
            1 - power(1 - power(s, rows), bands)
        }
        let steps = 200
        var best: (bands: Int, rows: Int, falseArea: Double, found: Double)?
        for bands in 1...max(1, permutations) {
            let rows = permutations / bands
            let found = chance(min(1, threshold + 0.1), bands, rows)
            let width = threshold / Double(steps)
            let falseArea = (0..<steps).reduce(0) { $0 + chance((Double($1) + 0.5) * width, bands, rows) * width }
            let isBetter: Bool
            if let current = best {
                isBetter =
                    (found >= 0.99) == (current.found >= 0.99)
                    ? (found >= 0.99 ? falseArea < current.falseArea : found > current.found)
                    : found >= 0.99
            } else {
                isBetter = true
            }
            if isBetter { best = (bands, rows, falseArea, found) }
        }
        return best.map { ($0.bands, $0.rows) } ?? (1, permutations)
    }
}

/// A set of small integers as one bit each.
private struct MarkBits {
    private var words: [UInt64]

    init(count: Int) { words = [UInt64](repeating: 0, count: (count + 63) / 64) }

    func contains(_ mark: Int) -> Bool { words[mark >> 6] & (1 << UInt64(mark & 63)) != 0 }

    mutating func insert(_ mark: Int) { words[mark >> 6] |= 1 << UInt64(mark & 63) }
}

/// Groups records that repeat one another: the same exact key (a canonical URL, a title on a
/// day), or MinHash signatures at least `threshold` alike.
///
/// Near-linear: locality-sensitive hashing cuts each signature into bands, and only records
/// that share a whole band are compared. Within a band's bucket each record is compared with the
/// bucket's first members of each group seen there, not with every member, so a bucket of a
/// thousand copies costs a thousand comparisons, not half a million.
///
/// Records are taken one by one in order of precedence (the original of a group comes first),
/// each with its exact keys and then its bands, so what grouping has done after a record
/// depends only on the records before it: records that come after every record of a
/// ``GroupingState`` are grouped from it as they would be with all the others again
/// (``continued(from:_:order:regroupingAtMost:jobs:)``).
public struct DuplicateGroups: Sendable {
    public let threshold: Double
    public let bands: Int
    public let rows: Int
    /// At most this many groups are kept per bucket: a bucket so mixed is a hash collision of
    /// boilerplate, and comparing with more finds nothing new.
    static let leadersPerBucket = 16

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
        /// Records grouped before, whose groups were continued from a ``GroupingState`` (0 when
        /// every record was grouped anew).
        public var recordsContinued = 0
    }

    /// What grouping made: the original of each record, what it compared, and where it stopped.
    struct Grouping {
        /// How many records were grouped.
        var count: Int
        /// The records that are not their own original, ascending, each with its original: a
        /// twentieth of a landscape's articles, where the original of every record was four
        /// bytes a record held beside the landscape's state while grouping ends.
        var copies: [Copy]
        var counts: Counts
        /// What grouping more records after these starts from; nil when the bands are too many
        /// to mark in a state.
        var state: GroupingState?

        /// The original of each record, by record (itself for originals).
        var originals: [Int32] {
            var originals = (0..<Int32(count)).map { $0 }
            for copy in copies { originals[Int(copy.record)] = copy.original }
            return originals
        }
    }

    /// A record that is not its own original, and its original.
    struct Copy: Equatable {
        let record: Int32
        let original: Int32
    }

    /// The copies of `originals`, the original of each record by record (itself for originals).
    static func copies(of originals: some Sequence<Int32>) -> [Copy] {
        originals.enumerated().compactMap { record, original in
            Int(original) == record ? nil : Copy(record: Int32(record), original: original)
        }
    }

    /// The settings a ``GroupingState`` of this grouping of signatures of `width` values is made with.
    func stateSettings(width: Int) -> GroupingState.Settings {
        GroupingState.Settings(width: width, bands: bands, rows: rows, threshold: threshold)
    }

    /// A record's leader bands before it is linked: every band for a record with words (one
    /// without is in no bucket), cleared band by band where it matches or meets too many leaders.
    func leaderBands(hasWords: Bool) -> UInt64 {
        guard hasWords else { return 0 }
        return bands >= 64 ? UInt64.max : (UInt64(1) << UInt64(bands)) - 1
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
        signatures: SignatureTable, exactKeys: ExactKeys, order: PrecedenceOrder, jobs: Int = 1,
        visitsLoneRecords: Bool = false
    ) -> ([Int], Counts) {
        originals(
            FingerprintBlocks(signatures: signatures, exactKeys: exactKeys), order: order, jobs: jobs,
            visitsLoneRecords: visitsLoneRecords)
    }

    /// The group of each record of `blocks`, as ``originals(signatures:exactKeys:order:jobs:visitsLoneRecords:)``
    /// finds it.
    func originals(
        _ blocks: FingerprintBlocks, order: PrecedenceOrder, jobs: Int = 1, visitsLoneRecords: Bool = false
    ) -> ([Int], Counts) {
        let grouping = grouped(blocks, order: order, jobs: jobs, visitsLoneRecords: visitsLoneRecords)
        return (grouping.originals.map(Int.init), grouping.counts)
    }

    /// Every record of `blocks` grouped, reading the blocks a few times over instead of holding
    /// every signature: only the signatures of records that share a bucket with another are
    /// held, a small part of a landscape's.
    ///
    /// - Parameters:
    ///   - blocks: the records' fingerprints.
    ///   - order: each record's position in order of precedence.
    ///   - jobs: cores to read and key the blocks on.
    ///   - visitsLoneRecords: whether every record is visited in every band, as the test of
    ///     leaving lone records out compares with.
    /// - Returns: the original of each record, what was compared, and where grouping stopped.
    func grouped(
        _ blocks: FingerprintBlocks, order: PrecedenceOrder, jobs: Int = 1,
        visitsLoneRecords: Bool = false
    ) -> Grouping {
        let count = blocks.count
        precondition(order.count == count)
        let recordAt = Self.records(inOrder: order)
        var passes = bandMembers(blocks, jobs: jobs, visitsLoneRecords: visitsLoneRecords)
        let visits = BandVisits(passes.members, order: order)
        var counts = Counts()
        // The visits hold what linking needs of the members.
        passes.members = []
        // Rows go to the held records in the order linking takes them, so that a record's own
        // row is read next to the one before it.
        let (rowAt, held) = Self.heldRows(
            (0..<count).lazy.filter { !visits.of($0).isEmpty }.map { Int32($0) }, count: count)
        let row = order.map { rowAt[Int($0)] }
        counts.heldSignatures = held
        // The reads' scratch goes back before the held signatures, the grouping's largest part, are read.
        FreedMemory.release()
        let records = Records(
            order: order, recordAt: recordAt, rowAt: rowAt, exactKeys: passes.exactKeys, hasWords: passes.hasWords)
        // The links are made on the low halves of the values, at half the memory, and each is
        // then confirmed on the whole values. Halves that differ mean values that differ, so
        // every pair the halves keep apart the whole values would too; when every link they
        // made holds, the groups are the ones the whole values make. Should one not hold (a
        // pair just under the threshold whose halves happen to agree), the links are made
        // again on the whole values.
        var linked = link(
            visits, records,
            signatures: Self.held(SignatureHalves.self, rows: row, count: held, in: blocks, jobs: jobs))
        let refused = refusedLinks(linked.links, in: blocks, jobs: jobs)
        if refused > 0 {
            linked = link(
                visits, records,
                signatures: Self.held(SignatureTable.self, rows: row, count: held, in: blocks, jobs: jobs))
        }
        counts.candidatePairs = linked.counts.candidatePairs
        counts.nearDuplicateLinks = linked.counts.nearDuplicateLinks
        counts.exactKeyLinks = linked.counts.exactKeyLinks
        counts.refusedLinks = refused
        let sets = linked.sets
        let state =
            bands <= GroupingState.maximumBands
            ? GroupingState(
                settings: stateSettings(width: blocks.width), digests: recordAt.map { passes.digests[Int($0)] },
                leaders: linked.leaders, links: linked.joins)
            : nil
        return Grouping(
            count: order.count, copies: Self.copies(order: order, recordAt: recordAt, sets: sets),
            counts: counts, state: state)
    }

    /// The records that are not their own original, ascending, with their originals: the
    /// record at the root of each one's set, the first of its group in precedence.
    static func copies(order: PrecedenceOrder, recordAt: [Int32], sets: DisjointSets) -> [Copy] {
        copies(of: order.lazy.map { recordAt[sets.root(of: Int($0))] })
    }

    /// What linking reads of each record besides its signature, by record index.
    struct Records {
        /// Each record's position in order of precedence, and the record at each position.
        let order: PrecedenceOrder
        let recordAt: [Int32]
        /// The row among the held signatures of the record at each position, -1 for one not held.
        let rowAt: [Int32]
        let exactKeys: ExactKeys
        let hasWords: [Bool]
    }

    /// What linking made: the sets, by position, the leaders' bands, each link of two
    /// records' signatures, and each link that joined two groups.
    private struct Linked {
        var sets: DisjointSets
        var leaders: [UInt64]
        var counts = Counts()
        var links: [(Int32, Int32)] = []
        var joins: [GroupingState.Link] = []
    }

    /// Links the records, one by one in order of precedence: first by their exact keys, then
    /// in each band whose bucket they share, with the bucket's leaders, newest first.
    ///
    /// Leaders of a bucket: records that matched no earlier leader there, chained from the
    /// bucket's newest, each with its position and signature row, so that a step of the walk
    /// reads one place. A record alone in its bucket meets no leader and is met by none, so only
    /// the records that share a bucket are visited, in the same order: the result is the same.
    private func link<Rows: SimilarRows>(_ visits: BandVisits, _ records: Records, signatures: Rows) -> Linked {
        let count = records.order.count
        var linked = Linked(
            sets: DisjointSets(count: count),
            leaders: records.recordAt.map { leaderBands(hasWords: records.hasWords[Int($0)]) })
        var firstWithKey = HashSlots(capacity: records.exactKeys.filledSlots)
        var bucketHead = [Int32](repeating: -1, count: visits.bucketCount)
        var chain: [BucketLeader] = []
        for position in 0..<count {
            let record = Int(records.recordAt[position])
            for slot in 0..<ExactKeys.slots {
                let key = records.exactKeys.values[record * ExactKeys.slots + slot]
                guard key != 0 else { continue }
                if let first = firstWithKey[key] {
                    if linked.sets.union(Int(first), position) {
                        linked.counts.exactKeyLinks += 1
                        linked.joins.append(GroupingState.Link(position: Int32(position), earlier: first))
                    }
                } else {
                    firstWithKey[key] = Int32(position)
                }
            }
            for visit in visits.of(position) {
                let (band, bucket) = (Int(visits.bands[visit]), Int(visits.buckets[visit]))
                var leader = bucketHead[bucket]
                var leaders = 0
                var matched = false
                // The record's group and row stay the same until it is linked, which ends the walk.
                let (group, ownRow) = (
                    leader >= 0 ? linked.sets.find(position) : position, Int(records.rowAt[position])
                )
                while leader >= 0 {
                    let step = chain[Int(leader)]
                    let other = Int(step.position)
                    if linked.sets.find(other) == group {
                        matched = true
                        break
                    }
                    linked.counts.candidatePairs += 1
                    if signatures.isSimilar(ownRow, Int(step.row), threshold: threshold) {
                        linked.sets.union(other, position)
                        linked.counts.nearDuplicateLinks += 1
                        linked.links.append((records.recordAt[other], Int32(record)))
                        linked.joins.append(GroupingState.Link(position: Int32(position), earlier: Int32(other)))
                        matched = true
                        break
                    }
                    leaders += 1
                    leader = step.next
                }
                if !matched, leaders < Self.leadersPerBucket {
                    chain.append(BucketLeader(position: Int32(position), row: Int32(ownRow), next: bucketHead[bucket]))
                    bucketHead[bucket] = Int32(chain.count - 1)
                } else {
                    linked.leaders[position] &= ~(UInt64(1) << UInt64(band))
                }
            }
        }
        return linked
    }

    /// A bucket's leader while linking: its position, its signature row, and the leader before
    /// it in the bucket (-1 for none).
    private struct BucketLeader {
        let position: Int32
        let row: Int32
        let next: Int32
    }

    /// The record at each position of `order`.
    static func records(inOrder order: PrecedenceOrder) -> [Int32] {
        var recordAt = [Int32](repeating: -1, count: order.count)
        for (record, position) in order.enumerated() { recordAt[Int(position)] = Int32(record) }
        precondition(!recordAt.contains(-1), "order is not a permutation of the records")
        return recordAt
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

    /// A record with words in one band's bucket: its position and the bucket's number among
    /// the band's buckets.
    struct BandMember {
        let index: Int32
        let bucket: Int32
    }

    /// What the reads of the blocks that key the bands find: for each band, in record order,
    /// the records whose bucket key is another's too (every record with words, if
    /// `visitsLoneRecords`) and how many buckets they are in, and every record's exact keys,
    /// words flag and digest.
    struct BandPasses {
        var members: [(members: [BandMember], buckets: Int)]
        var exactKeys: ExactKeys
        var hasWords: [Bool]
        var digests: [UInt32]
    }

    /// The records that share each band's bucket, and what else grouping reads of every record.
    ///
    /// Most records of a large landscape are alone in every bucket; leaving them out spares the
    /// random reads of a bucket table of every record, which dominate grouping a million, and
    /// holding their signatures. Bands are keyed a few at a time, one read of the blocks each:
    /// a million records' keys of eight bands are 64 MB, not the 512 MB of their signatures.
    private func bandMembers(
        _ blocks: FingerprintBlocks, jobs: Int, visitsLoneRecords: Bool
    ) -> BandPasses {
        let (count, rows, bands) = (blocks.count, rows, bands)
        var exactKeys = ExactKeys(emptyRecords: count)
        var hasWords = [Bool](repeating: false, count: count)
        var digests = [UInt32](repeating: 0, count: count)
        var members: [(members: [BandMember], buckets: Int)] = []
        members.reserveCapacity(bands)
        for firstBand in stride(from: 0, to: bands, by: Self.bandsPerPass) {
            let passBands = firstBand..<min(bands, firstBand + Self.bandsPerPass)
            var keys = [UInt64](repeating: 0, count: count * passBands.count)
            keys.withUnsafeMutableBufferPointer { keys in
                hasWords.withUnsafeMutableBufferPointer { words in
                    exactKeys.withUnsafeMutableSlots { slots in
                        digests.withUnsafeMutableBufferPointer { digests in
                            let table = PassTable(
                                keys: keys, count: count, bands: passBands, rows: rows, words: words, slots: slots,
                                digests: digests, isFirstPass: firstBand == 0)
                            // Each block writes its own records' slots only.
                            blocks.forEach(jobs: jobs) { start, block in table.take(block, start: start) }
                        }
                    }
                }
            }
            let (passKeys, words) = (keys, hasWords)
            members += parallelMap(Array(0..<passBands.count), jobs: jobs) { offset in
                Self.buckets(
                    passKeys[(offset * count)..<((offset + 1) * count)], hasWords: words,
                    keepsLoneRecords: visitsLoneRecords)
            }
        }
        return BandPasses(members: members, exactKeys: exactKeys, hasWords: hasWords, digests: digests)
    }

    /// Where one read of the blocks writes, each record its own slots: its keys of the read's
    /// bands, band after band, and on the first read its words flag, exact keys and digest.
    private struct PassTable: @unchecked Sendable {
        let keys: UnsafeMutableBufferPointer<UInt64>
        let count: Int
        let bands: Range<Int>
        let rows: Int
        let words: UnsafeMutableBufferPointer<Bool>
        let slots: UnsafeMutableBufferPointer<UInt64>
        let digests: UnsafeMutableBufferPointer<UInt32>
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
                    digests[index] = DuplicateGroups.digest(row, of: block)
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
    /// another's too (every record with words, if `keepsLoneRecords`), in record order, each
    /// with the number of its bucket (the buckets numbered in order of their keys), and how
    /// many buckets there are: linking finds a bucket's leaders by its number, not by a hash
    /// of its key.
    ///
    /// First by a mark, the top bits of the key, one bit each in a table of about sixteen times
    /// the records, so a lone key shares its mark with another about one time in sixteen; then,
    /// among the few that share a mark, by the whole key.
    private static func buckets(_ keys: ArraySlice<UInt64>, hasWords: [Bool], keepsLoneRecords: Bool) -> (
        members: [BandMember], buckets: Int
    ) {
        let (count, base) = (hasWords.count, keys.startIndex)
        var bits = 10
        while (1 << bits) < 16 * count && bits < 30 { bits += 1 }
        let shift = UInt64(64 - bits)
        var seen = MarkBits(count: 1 << bits)
        var repeated = MarkBits(count: 1 << bits)
        if !keepsLoneRecords {
            for index in 0..<count where hasWords[index] {
                let mark = Int(keys[base + index] >> shift)
                if seen.contains(mark) { repeated.insert(mark) } else { seen.insert(mark) }
            }
        }
        let marked = (0..<count).filter {
            hasWords[$0] && (keepsLoneRecords || repeated.contains(Int(keys[base + $0] >> shift)))
        }
        let byKey = marked.indices.sorted { (keys[base + marked[$0]], $0) < (keys[base + marked[$1]], $1) }
        var bucketOf = [Int32](repeating: -1, count: marked.count)
        var buckets: Int32 = 0
        var runStart = 0
        while runStart < byKey.count {
            let key = keys[base + marked[byKey[runStart]]]
            var runEnd = runStart + 1
            while runEnd < byKey.count && keys[base + marked[byKey[runEnd]]] == key { runEnd += 1 }
            if runEnd - runStart > 1 || keepsLoneRecords {
                for member in byKey[runStart..<runEnd] { bucketOf[member] = buckets }
                buckets += 1
            }
            runStart = runEnd
        }
        let members = marked.indices.filter { bucketOf[$0] >= 0 }.map {
            BandMember(index: Int32(marked[$0]), bucket: bucketOf[$0])
        }
        return (members, Int(buckets))
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

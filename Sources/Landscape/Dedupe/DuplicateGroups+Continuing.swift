extension DuplicateGroups {
    /// The records of `blocks` grouped on from `state`: the groups and state that
    /// ``grouped(_:order:jobs:visitsLoneRecords:)`` makes of every record again, at
    /// the cost of the records after the state's, and of those of its records that are no
    /// longer as it holds them (an article seen again with another text, one that moved in
    /// precedence) and every record after the first of them. Nil when the state is of other
    /// settings, a block could not be read, or more than `regroupingAtMost` of the state's
    /// records would be grouped again: grouping every record holds less then.
    ///
    /// Two reads of the blocks: the records grouped, then every block, for the digests and for
    /// those of the records before them that lead a bucket or hold an exact key the records
    /// grouped share. Only their signatures are held. A record found changed makes it two more.
    func continued(
        from state: consuming GroupingState, _ blocks: FingerprintBlocks, order: PrecedenceOrder,
        regroupingAtMost: Int = .max, jobs: Int = 1
    ) -> Grouping? {
        let count = blocks.count
        precondition(order.count == count)
        guard state.settings == stateSettings(width: blocks.width), state.count <= count else { return nil }
        var first = state.count
        var linked: (added: AddedRecords, met: MetRecords, links: ContinuedLinks)?
        while linked == nil {
            let added = AddedRecords(
                reading: blocks, order: order, from: first, bands: self, jobs: jobs)
            guard
                let met = MetRecords(
                    reading: blocks, order: order, state: (state.digests, state.leaders), before: first, added: added,
                    bands: self, jobs: jobs)
            else { return nil }
            if let changed = met.firstChanged {
                // Every record from the first changed one on is grouped again.
                guard changed < first, state.count - changed <= regroupingAtMost else { return nil }
                first = changed
                continue
            }
            var links = ContinuedLinks(
                added: added, met: met, sets: state.sets(before: first), grouping: self)
            links.link(threshold: threshold)
            linked = (added, met, links)
        }
        guard let (added, met, linking) = linked else { return nil }
        // The records met (their signatures, 4 MB at a million articles, and the tables that
        // find them) are let go, and handed back, before the originals are listed.
        linked = nil
        FreedMemory.release()
        let sets = linking.sets
        var counts = linking.counts
        counts.heldSignatures = added.count + met.count
        counts.recordsContinued = first
        let copies = Self.copies(order: order, sets: sets)
        // The state's records from `first` on are replaced in place: the parent's state is not
        // needed beside the night's (8 MB each at a million articles).
        var next = consume state
        next.replaceRecords(from: first, digests: added.digests, leaders: linking.leaders, links: linking.joins)
        return Grouping(count: count, copies: copies, counts: counts, state: next)
    }

    /// The records that are not their own original, ascending, with their originals: the
    /// record at the root of each one's set, found for the few roots of others without a record
    /// for every position (4 MB at a million).
    static func copies(order: PrecedenceOrder, sets: LinkedSets) -> [Copy] {
        let roots = sets.rootsOfOthers
        var recordAtRoot: [Int32: Int32] = [:]
        recordAtRoot.reserveCapacity(roots.count)
        for (record, position) in order.enumerated() where roots.contains(position) {
            recordAtRoot[position] = Int32(record)
        }
        return order.enumerated().compactMap { record, position in
            let root = Int32(sets.root(of: Int(position)))
            guard root != position, let original = recordAtRoot[root] else { return nil }
            return Copy(record: Int32(record), original: original)
        }
    }

    /// What ``GroupingState`` holds of a record's fingerprint: its words flag, exact keys and
    /// signature, in one 32-bit digest. It tells a record that is no longer as the state holds
    /// it, which a night finds among the few articles seen again with another text: two that
    /// differ pass for the same once in 2^32 times, and a million articles' digests are 4 MB,
    /// not the 8 of 64 bits.
    ///
    /// A record's id is not in it: grouping decides on fingerprints in order of precedence
    /// alone, so another article in a record's place with the same fingerprint is grouped as
    /// it was, and the ids are only put on the groups once they are made.
    static func digest(_ row: Int, of block: FingerprintBlocks.Block) -> UInt32 {
        let signatures = block.signatures
        var hash = mix64(signatures.hasWords[row] ? 0x5157_4F52_4453 : 0x4E4F_4E45)
        for slot in 0..<ExactKeys.slots {
            hash = mix64(hash ^ block.exactKeys.values[row * ExactKeys.slots + slot])
        }
        // Two values a step, multiplied in: a quarter of the cost of mixing each.
        signatures.values.withUnsafeBufferPointer { all in
            let start = row * signatures.width
            var offset = 0
            while offset + 1 < signatures.width {
                let word = UInt64(all[start + offset]) | UInt64(all[start + offset + 1]) << 32
                hash = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
                hash ^= hash >> 29
                offset += 2
            }
            if offset < signatures.width { hash = (hash ^ UInt64(all[start + offset])) &* 0x9E37_79B9_7F4A_7C15 }
        }
        return UInt32(truncatingIfNeeded: mix64(hash))
    }

    /// The key of band `band` of row `row` of `table`.
    func bandKey(_ row: Int, of table: SignatureTable, band: Int) -> UInt64 {
        table.bandKey(row, columns: (band * rows)..<((band + 1) * rows))
    }
}

/// A band's bucket: the band and its key there.
struct BandBucket: Hashable, Sendable {
    let band: Int
    let key: UInt64
}

/// The records grouped on from a state, in order of precedence from the first of them: their
/// signatures, exact keys, digests and bucket keys.
struct AddedRecords {
    /// The position of the first.
    let first: Int
    let bands: Int
    var signatures: SignatureTable
    var exactKeys: ExactKeys
    var digests: [UInt32]
    /// Per record, its bucket key in each band (none for a record without words).
    var bucketKeys: [UInt64]

    var count: Int { digests.count }

    /// Reads the records at positions `first` and after from the blocks that hold them.
    init(
        reading blocks: FingerprintBlocks, order: PrecedenceOrder, from first: Int, bands grouping: DuplicateGroups,
        jobs: Int
    ) {
        self.first = first
        bands = grouping.bands
        let count = order.count - first
        var signatures = SignatureTable(width: blocks.width, emptyCount: count)
        var exactKeys = ExactKeys(emptyRecords: count)
        var digests = [UInt32](repeating: 0, count: count)
        let wanted = Set(order.indices.lazy.filter { Int(order[$0]) >= first }.map { blocks.block(holding: $0) })
            .sorted()
        let width = blocks.width
        signatures.withUnsafeMutableRows { values, words in
            exactKeys.withUnsafeMutableSlots { slots in
                digests.withUnsafeMutableBufferPointer { digests in
                    nonisolated(unsafe) let target = (values: values, words: words, slots: slots, digests: digests)
                    // Each record writes its own row only.
                    blocks.forEach(wanted, jobs: jobs) { start, block in
                        for (offset, source) in block.rows.enumerated() where Int(order[start + offset]) >= first {
                            let row = Int(order[start + offset]) - first
                            target.words[row] = block.signatures.hasWords[source]
                            for slot in 0..<ExactKeys.slots {
                                target.slots[row * ExactKeys.slots + slot] =
                                    block.exactKeys.values[source * ExactKeys.slots + slot]
                            }
                            target.digests[row] = DuplicateGroups.digest(source, of: block)
                            block.signatures.copyRow(
                                source,
                                to: UnsafeMutableBufferPointer(
                                    rebasing: target.values[(row * width)..<((row + 1) * width)]))
                        }
                    }
                }
            }
        }
        let (table, bands) = (signatures, grouping.bands)
        bucketKeys = (0..<(count * bands)).map { grouping.bandKey($0 / bands, of: table, band: $0 % bands) }
        (self.signatures, self.exactKeys, self.digests) = (signatures, exactKeys, digests)
    }
}

/// The records of a state that the added records may meet: those leading a bucket an added
/// record falls in, with their signatures, and the first holder of each exact key an added
/// record has.
struct MetRecords {
    /// The met leaders' signatures, in the parts of the blocks they were read in: joined into
    /// one table, they were held twice while copied (9,000 leaders, 4.7 MB, at a million
    /// articles: dedupe's peak).
    var signatures: [SignatureTable] = []
    /// Each met leader's part of ``signatures`` and row in it, by position.
    var rows: [Int32: (part: Int32, row: Int32)] = [:]
    /// The met leaders in every band whose bucket an added record falls in, oldest first.
    var leaders: [(bucket: BandBucket, position: Int32)] = []
    /// The first holder of each exact key.
    var firstWithKey: [UInt64: Int32] = [:]
    /// The first record before the added ones that is not as the state holds it.
    var firstChanged: Int?

    var count: Int { rows.count }

    /// Reads every block: each record of the state before `first` is checked against its
    /// digest, and those the added records meet are kept. Nil when a block could not be read.
    init?(
        reading blocks: FingerprintBlocks, order: PrecedenceOrder, state: (digests: [UInt32], leaders: LeaderMarks),
        before first: Int,
        added: AddedRecords, bands grouping: DuplicateGroups, jobs: Int
    ) {
        var wantedBuckets = HashSlots(capacity: added.count * grouping.bands)
        for row in 0..<added.count where added.signatures.hasWords[row] {
            for band in 0..<added.bands { wantedBuckets[added.bucketKeys[row * added.bands + band]] = 0 }
        }
        var wantedKeys = HashSlots(capacity: added.count * ExactKeys.slots)
        for key in added.exactKeys.values where key != 0 { wantedKeys[key] = 0 }
        let bands = grouping.bands
        let (buckets, keys) = (wantedBuckets, wantedKeys)
        let width = blocks.width
        let found = blocks.map(jobs: jobs) { start, block -> Found in
            var found = Found(signatures: SignatureTable(width: width))
            for (offset, source) in block.rows.enumerated() {
                let position = Int(order[start + offset])
                guard position < first else { continue }
                let digest = DuplicateGroups.digest(source, of: block)
                guard digest == state.digests[position] else {
                    found.firstChanged = min(found.firstChanged ?? position, position)
                    continue
                }
                for slot in 0..<ExactKeys.slots {
                    let key = block.exactKeys.values[source * ExactKeys.slots + slot]
                    if key != 0, keys[key] != nil { found.keys.append((key, Int32(position))) }
                }
                let leading = state.leaders[position]
                guard leading != 0, block.signatures.hasWords[source] else { continue }
                var isMet = false
                for band in 0..<bands where leading & (UInt64(1) << UInt64(band)) != 0 {
                    let key = grouping.bandKey(source, of: block.signatures, band: band)
                    if buckets[key] != nil {
                        found.leaders.append((BandBucket(band: band, key: key), Int32(position)))
                        isMet = true
                    }
                }
                if isMet {
                    found.positions.append(Int32(position))
                    found.signatures.append(row: source, of: block.signatures)
                }
            }
            return found
        }
        guard let all = found else { return nil }
        for part in all where !part.positions.isEmpty {
            for (row, position) in part.positions.enumerated() {
                rows[position] = (Int32(signatures.count), Int32(row))
            }
            signatures.append(part.signatures)
        }
        firstChanged = all.compactMap(\.firstChanged).min()
        for block in all {
            leaders += block.leaders
            for (key, position) in block.keys where firstWithKey[key].map({ position < $0 }) ?? true {
                firstWithKey[key] = position
            }
        }
        leaders.sort { $0.position < $1.position }
    }

    /// What one part of a block holds of the met records.
    private struct Found: Sendable {
        var firstChanged: Int?
        var leaders: [(bucket: BandBucket, position: Int32)] = []
        var keys: [(key: UInt64, position: Int32)] = []
        var positions: [Int32] = []
        var signatures: SignatureTable
    }

    /// The met leader at `position`'s signatures and row in them, if it was met.
    func signature(at position: Int) -> (table: SignatureTable, row: Int)? {
        rows[Int32(position)].map { (signatures[Int($0.part)], Int($0.row)) }
    }
}

/// The added records linked one by one, in order of precedence, as
/// ``DuplicateGroups/grouped(_:order:jobs:visitsLoneRecords:)`` links every record:
/// each bucket's leaders walked newest first, tonight's before the state's.
///
/// A bucket's leaders are chained as the full grouping chains them, from the newest, found by
/// the bucket's key in its band's table: a night that adds half a landscape has a million
/// buckets, and a dictionary of arrays took some 200 bytes each (dedupe's peak, 200 MB at
/// 100,000 articles).
struct ContinuedLinks {
    let added: AddedRecords
    let met: MetRecords
    var sets: LinkedSets
    var counts = DuplicateGroups.Counts()
    /// The added records' leader bands.
    var leaders: [UInt64]
    /// The links that joined two groups.
    var joins: [GroupingState.Link] = []
    /// Per band, the place in ``chain`` of each bucket's newest leader, by the bucket's key.
    private var heads: [HashSlots]
    /// The leaders of every bucket, each with the place of the one before it in its bucket (-1
    /// for none): the met leaders, oldest first, then the added ones as they lead.
    private var chain: [(position: Int32, next: Int32)] = []
    private var addedFirstWithKey: HashSlots

    init(added: AddedRecords, met: MetRecords, sets: LinkedSets, grouping: DuplicateGroups) {
        self.added = added
        self.met = met
        self.sets = sets
        leaders = (0..<added.count).map { grouping.leaderBands(hasWords: added.signatures.hasWords[$0]) }
        var metInBand = [Int](repeating: 0, count: added.bands)
        for leader in met.leaders { metInBand[leader.bucket.band] += 1 }
        let withWords = added.signatures.hasWords.count { $0 }
        heads = metInBand.map { HashSlots(capacity: withWords + $0) }
        addedFirstWithKey = HashSlots(capacity: added.count * ExactKeys.slots)
        // Room for every leader there can be, made once: grown by doubling, the chain of a night
        // adding 50,000 articles was held twice while copied, 50 MB at dedupe's peak.
        chain.reserveCapacity(met.leaders.count + withWords * added.bands)
        for leader in met.leaders { lead(leader.position, band: leader.bucket.band, key: leader.bucket.key) }
    }

    /// Makes the record at `position` the newest leader of its bucket in `band`.
    private mutating func lead(_ position: Int32, band: Int, key: UInt64) {
        chain.append((position, heads[band][key] ?? -1))
        heads[band][key] = Int32(chain.count - 1)
    }

    mutating func link(threshold: Double) {
        for row in 0..<added.count {
            let position = added.first + row
            for key in added.exactKeys[row] {
                if let first = met.firstWithKey[key] ?? addedFirstWithKey[key] {
                    if sets.union(Int(first), position) {
                        counts.exactKeyLinks += 1
                        joins.append(GroupingState.Link(position: Int32(position), earlier: first))
                    }
                } else {
                    addedFirstWithKey[key] = Int32(position)
                }
            }
            guard added.signatures.hasWords[row] else { continue }
            for band in 0..<added.bands {
                let key = added.bucketKeys[row * added.bands + band]
                var leader = heads[band][key] ?? -1
                let group = leader < 0 ? position : sets.find(position)
                var (walked, matched) = (0, false)
                while leader >= 0 {
                    let other = Int(chain[Int(leader)].position)
                    if sets.find(other) == group {
                        matched = true
                        break
                    }
                    counts.candidatePairs += 1
                    if isSimilar(row, other, threshold: threshold) {
                        sets.union(other, position)
                        counts.nearDuplicateLinks += 1
                        joins.append(GroupingState.Link(position: Int32(position), earlier: Int32(other)))
                        matched = true
                        break
                    }
                    walked += 1
                    leader = chain[Int(leader)].next
                }
                if !matched, walked < DuplicateGroups.leadersPerBucket {
                    lead(Int32(position), band: band, key: key)
                } else {
                    leaders[row] &= ~(UInt64(1) << UInt64(band))
                }
            }
        }
    }

    /// Whether added record `row` is alike the leader at `position`, an added record or a met one.
    private func isSimilar(_ row: Int, _ position: Int, threshold: Double) -> Bool {
        guard
            let (table, otherRow) = position >= added.first
                ? (added.signatures, position - added.first) : met.signature(at: position)
        else { return false }
        return added.signatures.isSimilar(row, to: otherRow, of: table, threshold: threshold)
    }
}

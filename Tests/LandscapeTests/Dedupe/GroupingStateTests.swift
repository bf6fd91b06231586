import Synchronization
import Testing

@testable import Landscape

@Suite("Grouping on from where an earlier grouping stopped")
struct GroupingStateTests {
    /// The texts with copies of the LSH tests, a made-up id for each, and their blocks.
    struct Records {
        let table: SignatureTable
        let keys: ExactKeys
        let order: [Int32]

        init() {
            (table, keys, order) = MinHashTests.textsWithCopies()
        }

        var count: Int { table.count }

        var blocks: FingerprintBlocks { FingerprintBlocks(signatures: table, exactKeys: keys, blockSize: 300) }

        /// The same blocks, each handed over in parts of 7 records, as a month read from the
        /// cache is.
        var blocksInParts: FingerprintBlocks {
            let (table, keys, counts) = (table, keys, blocks.counts)
            return FingerprintBlocks(counts: counts, width: table.width) { index, body in
                let start = index * 300
                for offset in stride(from: 0, to: counts[index], by: 7) {
                    let rows = (start + offset)..<(start + min(counts[index], offset + 7))
                    body(offset, .init(signatures: table, exactKeys: keys, rows: rows))
                }
            }
        }

        /// The records whose position comes before `cut`, in record order, as a grouping of
        /// them alone sees them: their blocks and positions.
        func before(_ cut: Int) -> (blocks: FingerprintBlocks, order: [Int32]) {
            let records = (0..<count).filter { order[$0] < cut }
            var part = SignatureTable(width: table.width, emptyCount: records.count)
            part.withUnsafeMutableRows { values, words in
                for (row, record) in records.enumerated() {
                    words[row] = table.hasWords[record]
                    table.copyRow(
                        record,
                        to: UnsafeMutableBufferPointer(
                            rebasing: values[(row * table.width)..<((row + 1) * table.width)]))
                }
            }
            return (
                FingerprintBlocks(signatures: part, exactKeys: ExactKeys(records.map { keys[$0] }), blockSize: 300),
                records.map { order[$0] }
            )
        }
    }

    @Test(
        "records after a state's are grouped from it as grouping every record again groups them, state and all, in one step or two, through the state's bytes"
    )
    func continuedEqualsWhole() throws {
        let records = Records()
        for threshold in [0.5, 0.8] {
            let groups = DuplicateGroups(threshold: threshold, permutations: 64)
            let whole = groups.grouped(
                records.blocks, order: PrecedenceOrder(records.order), jobs: 2)
            let wholeState = try #require(whole.state)
            let wholeInParts = groups.grouped(
                records.blocksInParts, order: PrecedenceOrder(records.order), jobs: 2)
            #expect(wholeInParts.originals == whole.originals)
            #expect(wholeInParts.state == wholeState)
            #expect(whole.counts.nearDuplicateLinks > 100)
            #expect(wholeState.leaders.contains { $0 == (1 << UInt64(groups.bands)) - 1 })
            #expect(wholeState.leaders.contains { $0 != 0 && $0 != (1 << UInt64(groups.bands)) - 1 })
            for cut in [0, 1, records.count / 3, records.count - 40, records.count] {
                let part = records.before(cut)
                let first = groups.grouped(
                    part.blocks, order: PrecedenceOrder(part.order), jobs: 2)
                let firstState = try #require(first.state)
                let stored = try #require(try Self.read(firstState.encoded()))
                #expect(stored == firstState)
                // The blocks whole, and each handed over in parts, as a month read from the cache is.
                for (blocks, way) in [(records.blocks, "whole"), (records.blocksInParts, "in parts")] {
                    let continued = try #require(
                        groups.continued(
                            from: stored, blocks, order: PrecedenceOrder(records.order), jobs: 2))
                    #expect(continued.originals == whole.originals, "threshold \(threshold), cut \(cut), \(way)")
                    #expect(continued.state == wholeState, "threshold \(threshold), cut \(cut), \(way)")
                    #expect(continued.counts.recordsContinued == cut)
                }
                // Two nights: to halfway between the cut and the end, then to the end.
                let middle = records.before((cut + records.count) / 2)
                let halfway = try #require(
                    groups.continued(
                        from: stored, middle.blocks, order: PrecedenceOrder(middle.order), jobs: 1))
                let halfwayState = try #require(halfway.state)
                let twoSteps = try #require(
                    groups.continued(
                        from: halfwayState, records.blocks, order: PrecedenceOrder(records.order), jobs: 2))
                #expect(twoSteps.originals == whole.originals, "threshold \(threshold), cut \(cut), two steps")
                #expect(twoSteps.state == wholeState)
            }
        }
    }

    @Test(
        "going on reads the blocks of the records after the state's twice and every other once, and holds the signatures of the records met only"
    )
    func continuingReadsLittle() throws {
        let records = Records()
        let groups = DuplicateGroups(threshold: 0.6, permutations: 64)
        let cut = records.count - 30
        let part = records.before(cut)
        let state = try #require(
            groups.grouped(part.blocks, order: PrecedenceOrder(part.order), jobs: 2).state
        )
        let blockSize = 300
        final class Reads: Sendable {
            let counts: Mutex<[Int]>
            init(_ blocks: Int) { counts = Mutex([Int](repeating: 0, count: blocks)) }
        }
        let inMemory = records.blocks
        let reads = Reads(inMemory.counts.count)
        let counted = FingerprintBlocks(counts: inMemory.counts, width: 64) {
            [table = records.table, keys = records.keys] index in
            reads.counts.withLock { $0[index] += 1 }
            let start = index * blockSize
            return .init(signatures: table, exactKeys: keys, rows: start..<min(table.count, start + blockSize))
        }
        let continued = try #require(
            groups.continued(
                from: state, counted, order: PrecedenceOrder(records.order), jobs: 2))
        let holding = Set((0..<records.count).filter { records.order[$0] >= cut }.map { $0 / blockSize })
        #expect(
            reads.counts.withLock { $0 }
                == inMemory.counts.indices.map { holding.contains($0) ? 2 : 1 })
        let whole = groups.grouped(
            records.blocks, order: PrecedenceOrder(records.order))
        #expect(continued.originals == whole.originals)
        #expect(continued.counts.heldSignatures < 200)
        #expect(continued.counts.heldSignatures >= 30)
        #expect(continued.counts.candidatePairs < whole.counts.candidatePairs / 10)
    }

    @Test(
        "a record of the state with another text or id, or moved in precedence, is grouped again with every record after it, as grouping every record groups them"
    )
    func changedRecordsGroupedAgain() throws {
        let records = Records()
        let groups = DuplicateGroups(threshold: 0.6, permutations: 64)
        let cut = records.count / 2
        let part = records.before(cut)
        let state = try #require(
            groups.grouped(part.blocks, order: PrecedenceOrder(part.order), jobs: 2).state
        )
        let known = try #require((0..<records.count).first { records.order[$0] == cut - 300 })
        let later = try #require((0..<records.count).first { records.order[$0] == cut + 5 })

        /// Going on from the state groups `blocks` as grouping them all does, from `position` on.
        func expectRegrouped(
            _ blocks: FingerprintBlocks, order: [Int32], from position: Int,
            _ comment: Comment
        ) throws {
            let whole = groups.grouped(blocks, order: PrecedenceOrder(order), jobs: 2)
            let continued = try #require(
                groups.continued(from: state, blocks, order: PrecedenceOrder(order), jobs: 2),
                comment)
            #expect(continued.originals == whole.originals, comment)
            #expect(continued.state == whole.state, comment)
            #expect(continued.counts.recordsContinued == position, comment)
            // Too many to group again: no grouping goes on.
            #expect(
                groups.continued(
                    from: state, blocks, order: PrecedenceOrder(order),
                    regroupingAtMost: cut - position - 1) == nil, comment)
        }
        // A record of the state's with another text: a copy of a later record's.
        var changed = records.table
        changed.withUnsafeMutableRows { values, _ in
            for column in 0..<64 { values[known * 64 + column] = records.table.row(later)[later * 64 + column] }
        }
        try expectRegrouped(
            FingerprintBlocks(signatures: changed, exactKeys: records.keys), order: records.order,
            from: cut - 300, "another text")
        // A record after the state's comes before one of the state's records.
        var swapped = records.order
        swapped.swapAt(known, later)
        try expectRegrouped(
            records.blocks, order: swapped, from: cut - 300, "moved")
        // Other settings.
        let other = DuplicateGroups(threshold: 0.8, permutations: 64)
        #expect(
            other.continued(
                from: state, records.blocks, order: PrecedenceOrder(records.order))
                == nil)
    }

    @Test("bytes that are not a whole state are not read as one")
    func damagedStateBytes() throws {
        let records = Records()
        let groups = DuplicateGroups(threshold: 0.6, permutations: 64)
        let state = try #require(
            groups.grouped(records.blocks, order: PrecedenceOrder(records.order)).state
        )
        #expect(state.links.count > 100)
        let bytes = state.encoded()
        #expect(try Self.read(bytes) == state)
        #expect(try Self.read(Array(bytes.dropLast(3))) == nil)
        #expect(try Self.read(Array(bytes.prefix(10))) == nil)
        #expect(try Self.read(bytes + [0]) == nil)
        #expect(try Self.read(Array("LGS0".utf8) + bytes.dropFirst(4)) == nil)
        // A state of the layout before, whose digests held each record's id, is not gone on from.
        #expect(try Self.read(Array("LGS3".utf8) + bytes.dropFirst(4)) == nil)
        // A state of the earlier layout, 64-bit digests under `LGS2`, is not gone on from.
        let header = 4 + 28
        let digests = bytes[header..<(header + state.count * 4)]
        var earlier = Array("LGS2".utf8) + bytes[4..<header]
        for start in stride(from: digests.startIndex, to: digests.endIndex, by: 4) {
            earlier += digests[start..<(start + 4)] + [0, 0, 0, 0]
        }
        earlier += bytes[(header + state.count * 4)...]
        #expect(earlier.count == bytes.count + state.count * 4)
        #expect(try Self.read(earlier) == nil)
        #expect(try Self.read(Array("LGS3".utf8) + earlier.dropFirst(4)) == nil)
        // The first link's earlier record after the record that made it.
        var forward = bytes
        let firstLink = bytes.count - state.links.count * 8
        let position = Int32(
            littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: firstLink, as: Int32.self) })
        withUnsafeBytes(of: (position + 1).littleEndian) {
            forward.replaceSubrange((firstLink + 4)..<(firstLink + 8), with: $0)
        }
        #expect(try Self.read(forward) == nil)
    }

    @Test("the leaders' marks, held as the records that do not lead every band, read back as they went in")
    func leaderMarks() {
        for bands in [1, 22, 64] {
            let every: UInt64 = bands == 64 ? .max : (1 << UInt64(bands)) - 1
            let marks = (0..<300).map { (record: Int) -> UInt64 in
                if record % 7 == 3 { return UInt64(record) & every }
                return record % 11 == 0 ? 0 : every
            }
            var held = LeaderMarks(bands: bands, marks)
            #expect(Array(held) == marks && held.indices.allSatisfy { held[$0] == marks[$0] }, "\(bands) bands")
            #expect(held == LeaderMarks(bands: bands, marks) && held != LeaderMarks(bands: bands, marks.dropLast()))
            held.removeAll(from: 150)
            #expect(Array(held) == Array(marks.prefix(150)))
            held.append(contentsOf: marks.suffix(150))
            #expect(held == LeaderMarks(bands: bands, marks))
            held.removeAll(from: 0)
            #expect(held.isEmpty && held == LeaderMarks(bands: bands))
        }
    }

    /// A state's bytes read back as the stage cache reads them: from a file, in blocks of a few
    /// bytes, so that values are cut across blocks.
    static func read(_ bytes: [UInt8]) throws -> GroupingState? {
        let path = FilePaths.join(try TestPaths.makeTemporaryDirectory(), "grouping-state.bin")
        try bytes.writeFile(path)
        return try GroupingState(reading: FileBlockReader(path: path, blockBytes: 37))
    }
}

extension GroupingStateTests {
    @Test(
        "the sets a night goes on from, held for the linked records only, have the roots the sets of every record have, and the same originals"
    )
    func linkedSetsAgreeWithEveryRecordsSets() {
        var random = IncrementalMergeTests.SplitMix(state: 7)
        let count = 5000
        var every = DisjointSets(count: count)
        var linked = LinkedSets()
        for _ in 0..<800 {
            let (a, b) = (random.next(count), random.next(count))
            #expect(every.union(a, b) == linked.union(a, b))
        }
        #expect((0..<count).allSatisfy { every.root(of: $0) == linked.root(of: $0) })
        #expect((0..<count).allSatisfy { linked.find($0) == linked.root(of: $0) })
        #expect(
            linked.rootsOfOthers
                == Set((0..<count).filter { every.root(of: $0) != $0 }.map { Int32(every.root(of: $0)) }))

        var order = (0..<Int32(count)).map { $0 }
        for index in order.indices.reversed() { order.swapAt(index, random.next(index + 1)) }
        let recordAt = DuplicateGroups.records(inOrder: PrecedenceOrder(order))
        let copies = DuplicateGroups.copies(order: PrecedenceOrder(order), recordAt: recordAt, sets: every)
        #expect(DuplicateGroups.copies(order: PrecedenceOrder(order), sets: linked) == copies)
        #expect(!copies.isEmpty)
    }
}

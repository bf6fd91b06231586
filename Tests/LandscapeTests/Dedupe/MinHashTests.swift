import Synchronization
import Testing

@testable import Landscape

@Suite("MinHash and LSH")
struct MinHashTests {
    /// Texts of random words: unrelated ones share few shingles.
    struct Corpus {
        var state: UInt64 = 7
        let vocabulary: [String]

        init() {
            var seed: UInt64 = 99
            vocabulary = (0..<400).map { _ in
                String((0..<6).map { _ in Character(UnicodeScalar(UInt8(97 + splitMix(&seed) % 26))) })
            }
        }

        mutating func words(_ count: Int) -> [String] {
            (0..<count).map { _ in vocabulary[Int(splitMix(&state) % UInt64(vocabulary.count))] }
        }

        /// `words` with `edits` of them replaced.
        mutating func edited(_ words: [String], edits: Int) -> [String] {
            var copy = words
            for _ in 0..<edits {
                copy[Int(splitMix(&state) % UInt64(copy.count))] = vocabulary[Int(splitMix(&state) % 400)]
            }
            return copy
        }
    }

    /// A word list's 3-word shingles.
    static func shingles(_ words: [String]) -> Set<String> {
        Set((0..<(words.count - 2)).map { words[$0..<($0 + 3)].joined(separator: " ") })
    }

    /// The exact Jaccard similarity of two shingle sets.
    static func jaccard(_ x: Set<String>, _ y: Set<String>) -> Double {
        let shared = x.intersection(y).count
        return Double(shared) / Double(x.count + y.count - shared)
    }

    static func jaccard(_ a: [String], _ b: [String]) -> Double {
        jaccard(shingles(a), shingles(b))
    }

    static func signatures(_ texts: [[String]], permutations: Int = 128) -> SignatureTable {
        var table = SignatureTable(width: permutations)
        table.append(
            signing: texts.map { Array($0.joined(separator: " ").utf8) },
            with: MinHasher(permutations: permutations, shingleWords: 3), jobs: 2)
        return table
    }

    @Test("the share of equal signature values estimates the Jaccard similarity of the shingles")
    func estimates() {
        var corpus = Corpus()
        var errors: [Double] = []
        for edits in stride(from: 0, to: 60, by: 3) {
            let base = corpus.words(120)
            let other = corpus.edited(base, edits: edits)
            let table = Self.signatures([base, other])
            let error = abs(table.similarity(0, 1) - Self.jaccard(base, other))
            #expect(error < 0.15, "\(edits) edits")
            errors.append(error)
        }
        #expect(errors.reduce(0, +) / Double(errors.count) < 0.05)
    }

    @Test("case, punctuation and spacing do not change a signature; word order does")
    func normalisation() {
        let hasher = MinHasher(permutations: 64, shingleWords: 3)
        let a = hasher.signature(of: Array("Celltrion licensed an ADC from Pinotbio.".utf8))
        let b = hasher.signature(of: Array("CELLTRION  licensed, an adc -- from pinotbio".utf8))
        let c = hasher.signature(of: Array("Pinotbio licensed an ADC from Celltrion.".utf8))
        #expect(a == b)
        #expect(a != c)
    }

    @Test("the bands put the S-curve's steep part at the threshold")
    func banding() {
        for threshold in [0.5, 0.65, 0.8, 0.9] {
            let groups = DuplicateGroups(threshold: threshold, permutations: 128)
            #expect(groups.bands * groups.rows <= 128)
            func chance(_ s: Double) -> Double {
                1
                    - (0..<groups.bands).reduce(1.0) { product, _ in
                        product * (1 - (0..<groups.rows).reduce(1.0) { power, _ in power * s })
                    }
            }
            #expect(chance(min(1, threshold + 0.1)) >= 0.99, "\(threshold)")
            #expect(chance(threshold - 0.3) < 0.25, "\(threshold)")
            #expect(chance(threshold - 0.4) < 0.05, "\(threshold)")
        }
    }

    @Test("LSH finds the same groups as comparing every pair, from far fewer comparisons")
    func agreesWithAllPairs() throws {
        var corpus = Corpus()
        var texts: [[String]] = (0..<500).map { _ in corpus.words(Int(100 + splitMix(&corpus.state) % 60)) }
        for index in 0..<100 {
            // Copies with a few words changed, copies of copies, and rewrites that keep a third.
            let source = texts[index * 3]
            texts.append(corpus.edited(source, edits: 1 + index % 3))
            if index % 5 == 0 { texts.append(corpus.edited(texts[texts.count - 1], edits: 1)) }
            if index % 4 == 0 { texts.append(Array(source.prefix(source.count / 3)) + corpus.words(source.count)) }
        }
        let threshold = 0.65
        var exact = DisjointSets(count: texts.count)
        let sets = texts.map(Self.shingles)
        var nearThreshold = 0
        for i in texts.indices {
            for j in texts.indices where j > i && !sets[i].isDisjoint(with: sets[j]) {
                let similarity = Self.jaccard(sets[i], sets[j])
                if abs(similarity - threshold) < 0.1 { nearThreshold += 1 }
                if similarity >= threshold { exact.union(i, j) }
            }
        }
        // The corpus leaves no pair near the threshold, where an estimate may fall either way.
        #expect(nearThreshold == 0)
        let groups = DuplicateGroups(threshold: threshold, permutations: 128)
        let (originals, counts) = groups.originals(
            signatures: Self.signatures(texts), exactKeys: ExactKeys(texts.map { _ in [] }),
            order: .inRecordOrder(count: texts.count)
        )
        var expected = [Int](repeating: 0, count: texts.count)
        var firstOfRoot: [Int: Int] = [:]
        for index in texts.indices {
            let root = exact.find(index)
            if firstOfRoot[root] == nil { firstOfRoot[root] = index }
            expected[index] = firstOfRoot[root] ?? index
        }
        #expect(originals == expected)
        #expect(originals.enumerated().filter { $0.offset != $0.element }.count >= 120)
        #expect(counts.candidatePairs < texts.count * 2)
    }

    @Test("texts without words are duplicates of nothing, unless a key says so")
    func emptyTexts() {
        let table = Self.signatures([[], [], ["a", "b", "c"]])
        let groups = DuplicateGroups(threshold: 0.65, permutations: 128)
        let (originals, _) = groups.originals(signatures: table, exactKeys: ExactKeys([[], [], []]), order: [0, 1, 2])
        #expect(originals == [0, 1, 2])
        let (keyed, counts) = groups.originals(
            signatures: table, exactKeys: ExactKeys([[5], [5], []]), order: [1, 0, 2])
        #expect(keyed == [1, 1, 2])
        #expect(counts.exactKeyLinks == 1)
    }
}

extension MinHashTests {
    /// Texts with families of copies, some larger than a bucket keeps leaders, with chains of
    /// edits, and texts without words: their signatures, a few exact keys, and an order.
    static func textsWithCopies() -> (table: SignatureTable, keys: ExactKeys, order: [Int32]) {
        var corpus = Corpus()
        var texts: [[String]] = (0..<1500).map { _ in corpus.words(40) }
        for family in 0..<60 {
            var copy = texts[family * 7]
            for _ in 0..<(family % 3 == 0 ? 30 : 4) {
                copy = corpus.edited(copy, edits: 1 + family % 4)
                texts.append(copy)
            }
        }
        texts += [[], []]
        let keys = ExactKeys(texts.indices.map { $0 % 97 == 0 ? [UInt64($0 % 5 + 1)] : [] })
        return (Self.signatures(texts, permutations: 64), keys, texts.indices.map { Int32(($0 * 7919) % texts.count) })
    }

    @Test("leaving out records alone in their bucket changes no group and no count")
    func loneRecordsLeftOut() {
        let (table, keys, order) = Self.textsWithCopies()
        for threshold in [0.5, 0.8] {
            let groups = DuplicateGroups(threshold: threshold, permutations: 64)
            let every = groups.originals(
                signatures: table, exactKeys: keys, order: PrecedenceOrder(order), visitsLoneRecords: true)
            for jobs in [1, 2] {
                let some = groups.originals(
                    signatures: table, exactKeys: keys, order: PrecedenceOrder(order), jobs: jobs)
                #expect(some.0 == every.0, "threshold \(threshold), \(jobs) jobs")
                #expect(some.1.candidatePairs == every.1.candidatePairs)
                #expect(some.1.nearDuplicateLinks == every.1.nearDuplicateLinks)
                #expect(some.1.exactKeyLinks == every.1.exactKeyLinks)
            }
            #expect(every.1.nearDuplicateLinks > 100)
        }
    }

    @Test(
        "grouping read from blocks of any size finds what the table in memory finds, reads each block once a pass, and holds only the signatures of records sharing a bucket"
    )
    func blocksGroupAsTheTable() {
        let (table, keys, order) = Self.textsWithCopies()
        // Blocks of uneven sizes, an empty one among them.
        let sizes = [1, 0, 37, 400, 5, 250]
        var counts: [Int] = []
        var starts: [Int] = []
        var start = 0
        while start < table.count {
            let size = min(sizes[counts.count % sizes.count], table.count - start)
            counts.append(size)
            starts.append(start)
            start += size
        }
        final class Reads: Sendable {
            let counts: Mutex<[Int]>
            init(_ blocks: Int) { counts = Mutex([Int](repeating: 0, count: blocks)) }
        }
        let reads = Reads(counts.count)
        let blocks = FingerprintBlocks(counts: counts, width: 64) { [starts, counts] index in
            reads.counts.withLock { $0[index] += 1 }
            return .init(signatures: table, exactKeys: keys, rows: starts[index]..<(starts[index] + counts[index]))
        }
        let groups = DuplicateGroups(threshold: 0.6, permutations: 64)
        let whole = groups.originals(signatures: table, exactKeys: keys, order: PrecedenceOrder(order), jobs: 2)
        let streamed = groups.originals(blocks, order: PrecedenceOrder(order), jobs: 2)
        #expect(streamed.0 == whole.0)
        #expect(streamed.1.candidatePairs == whole.1.candidatePairs)
        #expect(streamed.1.nearDuplicateLinks == whole.1.nearDuplicateLinks)
        #expect(streamed.1.exactKeyLinks == whole.1.exactKeyLinks)
        #expect(streamed.1.heldSignatures == whole.1.heldSignatures)
        #expect(whole.1.nearDuplicateLinks > 100)
        #expect(whole.1.heldSignatures > 100 && whole.1.heldSignatures < table.count / 2)
        #expect(whole.1.refusedLinks == 0)
        // The passes that key the bands, the one that gathers the held halves, and the one that
        // confirms the links on the whole values.
        let passes = (groups.bands + DuplicateGroups.bandsPerPass - 1) / DuplicateGroups.bandsPerPass
        #expect(reads.counts.withLock { $0 } == [Int](repeating: passes + 2, count: counts.count))
    }

    @Test(
        "a pair whose values agree in their low halves but not whole is not grouped: the link the halves make is refused and the links made again on the whole values"
    )
    func linksOnHalvesAreConfirmedWhole() {
        let groups = DuplicateGroups(threshold: 0.6, permutations: 64)
        // Record 0 and record 2 are the same text. Record 1 shares the first band with them,
        // and elsewhere differs from them only above the low 16 bits of each value.
        var table = SignatureTable(width: 64, emptyCount: 3)
        var state: UInt64 = 5
        table.withUnsafeMutableRows { values, words in
            for column in 0..<64 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let value = UInt32(truncatingIfNeeded: state >> 32)
                values[column] = value
                values[64 + column] = column < groups.rows ? value : value ^ 0x0001_0000
                values[128 + column] = value
            }
            for record in 0..<3 { words[record] = true }
        }
        #expect(table.similarity(0, 1) < 0.6)
        #expect(table.similarity(0, 2) == 1)
        let (originals, counts) = groups.originals(
            signatures: table, exactKeys: ExactKeys(emptyRecords: 3), order: [0, 1, 2], jobs: 2)
        #expect(originals == [0, 1, 0])
        #expect(counts.refusedLinks == 1)
        #expect(counts.nearDuplicateLinks == 1)
        #expect(counts.heldSignatures == 3)
    }

    @Test("the hash slots of LSH buckets answer as a dictionary does, for colliding and zero keys, and empty again")
    func hashSlotsAnswerAsADictionary() {
        var slots = HashSlots(capacity: 3000)
        var expected: [UInt64: Int32] = [:]
        var state: UInt64 = 11
        for index in 0..<3000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Every third key shares its top bits with another (one slot wanted by two), and
            // some keys repeat, so that a position is replaced.
            let key: UInt64 = index % 3 == 0 ? (state >> 40) : index % 7 == 0 ? 0 : state % 5000
            slots[key] = Int32(index)
            expected[key] = Int32(index)
        }
        for key in Array(expected.keys) + [1 << 63, 12_345_678_901] {
            #expect(slots[key] == expected[key], "key \(key)")
        }
        slots.removeAll()
        #expect(expected.keys.allSatisfy { slots[$0] == nil })
    }
}

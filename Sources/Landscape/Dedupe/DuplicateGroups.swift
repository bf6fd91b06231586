import Dispatch

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
    }

    /// The group of each record, as the index of its original: the member that comes first in
    /// `order` (a record's position when all are sorted by precedence).
    ///
    /// - Parameters:
    ///   - signatures: one signature per record.
    ///   - exactKeys: keys that make records duplicates when equal.
    ///   - order: the precedence of each record; the lowest of a group is its original.
    ///   - jobs: cores to find, band by band, the records that may share a bucket on.
    ///   - visitsLoneRecords: whether every record is visited in every band, as the test of
    ///     leaving lone records out compares with.
    /// - Returns: the original of each record (itself for originals), and what was compared.
    public func originals(
        signatures: SignatureTable, exactKeys: ExactKeys, order: [Int], jobs: Int = 1, visitsLoneRecords: Bool = false
    ) -> ([Int], Counts) {
        let count = signatures.count
        var sets = DisjointSets(count: count)
        var counts = Counts()
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

        // Leaders of a bucket: records that matched no earlier leader there. `next` chains them.
        // A record alone in its bucket meets no leader and is met by none, so only the records
        // that may share a bucket are visited, in the same order: the result is the same.
        let candidates =
            visitsLoneRecords
            ? Array(repeating: (0..<count).filter { signatures.hasWords[$0] }.map(Int32.init), count: bands)
            : bandCandidates(signatures, jobs: jobs)
        var bucketHead = HashSlots(capacity: candidates.map(\.count).max() ?? 0)
        var next = [Int32](repeating: -1, count: count)
        for (band, members) in candidates.enumerated() {
            let columns = (band * rows)..<((band + 1) * rows)
            bucketHead.removeAll()
            for member in members {
                let index = Int(member)
                let key = signatures.bandKey(index, columns: columns)
                var leader = bucketHead[key] ?? -1
                var leaders = 0
                var matched = false
                while leader >= 0 {
                    let other = Int(leader)
                    if sets.find(other) == sets.find(index) {
                        matched = true
                        break
                    }
                    counts.candidatePairs += 1
                    if signatures.isSimilar(index, other, threshold: threshold) {
                        sets.union(other, index)
                        counts.nearDuplicateLinks += 1
                        matched = true
                        break
                    }
                    leaders += 1
                    leader = next[other]
                }
                if !matched, leaders < leadersPerBucket {
                    next[index] = bucketHead[key] ?? -1
                    bucketHead[key] = Int32(index)
                }
            }
        }

        var original = [Int](repeating: -1, count: count)
        for index in 0..<count {
            let root = sets.find(index)
            if original[root] < 0 || order[index] < order[original[root]] { original[root] = index }
        }
        return ((0..<count).map { original[sets.find($0)] }, counts)
    }

    /// For each band, in order, the records with words whose bucket key may be another's too:
    /// every record sharing its key, and a few more whose key shares only a mark. Most records
    /// of a large landscape are alone in their bucket; leaving them out spares the random reads
    /// of a bucket table of every record, which dominate grouping a million.
    private func bandCandidates(_ signatures: SignatureTable, jobs: Int) -> [[Int32]] {
        let (count, rows, bands) = (signatures.count, rows, bands)
        // One mark per 2^bits keys, room for about sixteen times the records: a key alone in
        // its bucket shares a mark with another about one time in sixteen.
        var bits = 10
        while (1 << bits) < 16 * count && bits < 30 { bits += 1 }
        let (markCount, shift) = (1 << bits, UInt64(64 - bits))
        var candidates: [[Int32]] = []
        candidates.reserveCapacity(bands)
        // Bands are marked a few at a time, holding a million records' marks of eight bands,
        // 32 MB, not of all of them.
        for firstBand in stride(from: 0, to: bands, by: Self.bandsPerPass) {
            let passBands = firstBand..<min(bands, firstBand + Self.bandsPerPass)
            let marks = Self.marks(signatures, bands: passBands, rows: rows, shift: shift, jobs: jobs)
            candidates += parallelMap(Array(0..<passBands.count), jobs: jobs) { offset in
                let first = offset * count
                var seen = MarkBits(count: markCount)
                var repeated = MarkBits(count: markCount)
                for index in 0..<count where signatures.hasWords[index] {
                    let mark = Int(marks[first + index])
                    if seen.contains(mark) { repeated.insert(mark) } else { seen.insert(mark) }
                }
                var members: [Int32] = []
                for index in 0..<count
                where signatures.hasWords[index] && repeated.contains(Int(marks[first + index])) {
                    members.append(Int32(index))
                }
                return members
            }
        }
        return candidates
    }

    /// Every record's mark of each band of `bands`, band after band: the top bits of its bucket
    /// key. Made in one pass over the signatures in memory order (a band alone would read a cache
    /// line of each signature for a few values; a pass reads the same bytes whatever the bands'
    /// number), the records split between the cores.
    private static func marks(
        _ signatures: SignatureTable, bands: Range<Int>, rows: Int, shift: UInt64, jobs: Int
    ) -> [UInt32] {
        let count = signatures.count
        var marks = [UInt32](repeating: 0, count: count * bands.count)
        marks.withUnsafeMutableBufferPointer { marks in
            nonisolated(unsafe) let marks = marks
            let workers = max(1, min(jobs, count))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in (worker * count / workers)..<((worker + 1) * count / workers)
                where signatures.hasWords[index] {
                    for band in bands {
                        let key = signatures.bandKey(index, columns: (band * rows)..<((band + 1) * rows))
                        marks[(band - bands.lowerBound) * count + index] = UInt32(truncatingIfNeeded: key >> shift)
                    }
                }
            }
        }
        return marks
    }

    /// How many bands' marks ``bandCandidates(_:jobs:)`` makes in one pass.
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

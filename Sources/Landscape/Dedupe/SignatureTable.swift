import Dispatch

/// The MinHash signatures of many texts in one flat buffer: a million articles at 128
/// permutations take 512 MB and no per-article allocation.
public struct SignatureTable: Sendable {
    public let width: Int
    private(set) var values: [UInt32] = []
    /// Whether text `i` had any words; one without is similar to nothing.
    private(set) var hasWords: [Bool] = []

    public init(width: Int) {
        self.width = width
    }

    public var count: Int { hasWords.count }

    public mutating func reserveCapacity(_ count: Int) {
        values.reserveCapacity(count * width)
        hasWords.reserveCapacity(count)
    }

    /// Signs `texts` with `hasher` on up to `jobs` threads and appends them in order.
    public mutating func append(signing texts: [[UInt8]], with hasher: MinHasher, jobs: Int) {
        precondition(hasher.permutations == width)
        let start = values.count
        values.append(contentsOf: repeatElement(0, count: texts.count * width))
        var words = [Bool](repeating: false, count: texts.count)
        let width = width
        values.withUnsafeMutableBufferPointer { all in
            words.withUnsafeMutableBufferPointer { words in
                nonisolated(unsafe) let all = all
                nonisolated(unsafe) let words = words
                let workers = max(1, min(jobs, texts.count))
                // Each text writes its own rows only.
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    var index = worker
                    while index < texts.count {
                        let row = UnsafeMutableBufferPointer(
                            rebasing: all[(start + index * width)..<(start + (index + 1) * width)])
                        words[index] = hasher.sign(texts[index], into: row)
                        index += workers
                    }
                }
            }
        }
        hasWords.append(contentsOf: words)
    }

    /// Appends every text of `other`, signed already.
    mutating func append(contentsOf other: SignatureTable) {
        precondition(other.width == width)
        values.append(contentsOf: other.values)
        hasWords.append(contentsOf: other.hasWords)
    }

    /// The signature of text `index`.
    func row(_ index: Int) -> ArraySlice<UInt32> {
        values[(index * width)..<((index + 1) * width)]
    }

    /// Appends a signature stored as `width` little-endian `UInt32`s.
    mutating func append(littleEndianRow row: UnsafeRawBufferPointer, hasWords words: Bool) {
        precondition(row.count == width * MemoryLayout<UInt32>.size)
        #if _endian(little)
            let start = values.count * MemoryLayout<UInt32>.size
            values.append(contentsOf: repeatElement(0, count: width))
            values.withUnsafeMutableBytes { all in
                UnsafeMutableRawBufferPointer(rebasing: all[start..<(start + row.count)]).copyMemory(from: row)
            }
        #else
            values.append(
                contentsOf: (0..<width).map {
                    UInt32(littleEndian: row.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))
                })
        #endif
        hasWords.append(words)
    }

    /// Removes the last `count` signatures.
    mutating func removeLast(_ count: Int) {
        values.removeLast(count * width)
        hasWords.removeLast(count)
    }

    /// Appends a signature made earlier.
    mutating func append(row: some Collection<UInt32>, hasWords words: Bool) {
        precondition(row.count == width)
        values.append(contentsOf: row)
        hasWords.append(words)
    }

    /// The estimated Jaccard similarity of texts `a` and `b`.
    func similarity(_ a: Int, _ b: Int) -> Double {
        guard hasWords[a], hasWords[b] else { return 0 }
        return values.withUnsafeBufferPointer { all in
            var equal = 0
            let rowA = a * width
            let rowB = b * width
            for offset in 0..<width where all[rowA + offset] == all[rowB + offset] { equal += 1 }
            return Double(equal) / Double(width)
        }
    }

    /// Whether the estimated similarity of `a` and `b` reaches `threshold`. Stops as soon as too
    /// many values differ: most candidates of a band are chance collisions, unlike elsewhere.
    func isSimilar(_ a: Int, _ b: Int, threshold: Double) -> Bool {
        guard hasWords[a], hasWords[b] else { return false }
        let allowed = width - Int((threshold * Double(width)).rounded(.up))
        return values.withUnsafeBufferPointer { all in
            var different = 0
            let rowA = a * width
            let rowB = b * width
            for offset in 0..<width where all[rowA + offset] != all[rowB + offset] {
                different += 1
                if different > allowed { return false }
            }
            return true
        }
    }

    /// A hash of the values `columns` of text `index`: its bucket in one LSH band.
    func bandKey(_ index: Int, columns: Range<Int>) -> UInt64 {
        values.withUnsafeBufferPointer { all in
            var hash = UInt64(columns.lowerBound) &* 0x9E37_79B9_7F4A_7C15
            let row = index * width
            for column in columns { hash = mix64(hash ^ UInt64(all[row + column])) }
            return hash
        }
    }
}

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

    /// `count` texts not signed yet: no words, every value 0, to be filled in place.
    init(width: Int, emptyCount count: Int) {
        self.width = width
        values = [UInt32](repeating: 0, count: count * width)
        hasWords = [Bool](repeating: false, count: count)
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

    /// Every row's values and words flag, for filling rows in place on several threads at once.
    mutating func withUnsafeMutableRows<Result>(
        _ body: (UnsafeMutableBufferPointer<UInt32>, UnsafeMutableBufferPointer<Bool>) -> Result
    ) -> Result {
        values.withUnsafeMutableBufferPointer { values in
            hasWords.withUnsafeMutableBufferPointer { words in body(values, words) }
        }
    }

    /// Copies the signature of text `index` to `destination`, of ``width`` values.
    func copyRow(_ index: Int, to destination: UnsafeMutableBufferPointer<UInt32>) {
        precondition(destination.count == width)
        values.withUnsafeBufferPointer { all in
            _ = destination.initialize(fromContentsOf: all[(index * width)..<((index + 1) * width)])
        }
    }

    /// Appends `other`'s signature of text `index`, of the same width.
    mutating func append(row index: Int, of other: SignatureTable) {
        precondition(other.width == width, "signatures of another width")
        values += other.row(index)
        hasWords.append(other.hasWords[index])
    }

    /// The signature of text `index`.
    func row(_ index: Int) -> ArraySlice<UInt32> {
        values[(index * width)..<((index + 1) * width)]
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
        return values.withUnsafeBufferPointer { Self.rowsAgree($0, width: width, a, b, threshold: threshold) }
    }

    /// Whether text `a` of this table and text `b` of `other` are alike, as ``isSimilar(_:_:threshold:)``.
    func isSimilar(_ a: Int, to b: Int, of other: SignatureTable, threshold: Double) -> Bool {
        precondition(other.width == width)
        guard hasWords[a], other.hasWords[b] else { return false }
        return values.withUnsafeBufferPointer { mine in
            other.values.withUnsafeBufferPointer { theirs in
                Self.rowsAgree(mine, a, theirs, b, width: width, threshold: threshold)
            }
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

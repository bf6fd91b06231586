/// The low 16 bits of each value of some MinHash signatures: half the memory of a
/// ``SignatureTable``, to tell a bucket's candidates apart with.
///
/// Two values whose low halves differ differ, so a pair these call not similar is not. A pair
/// they call similar may not be: two different values share their low halves one time in
/// 65,536, and a pair just below the threshold can cross it so. Whoever groups on halves
/// confirms each pair they link on the whole values (``DuplicateGroups``).
struct SignatureHalves: Sendable, SimilarRows {
    let width: Int
    private var values: [UInt16]
    private var hasWords: [Bool]

    /// `count` rows of zeros and no words, to be filled in place.
    init(width: Int, emptyCount count: Int) {
        self.width = width
        values = [UInt16](repeating: 0, count: count * width)
        hasWords = [Bool](repeating: false, count: count)
    }

    var count: Int { hasWords.count }

    /// Every row's values and words flag, for filling rows in place on several threads at once.
    mutating func withUnsafeMutableRows<Result>(
        _ body: (UnsafeMutableBufferPointer<UInt16>, UnsafeMutableBufferPointer<Bool>) -> Result
    ) -> Result {
        values.withUnsafeMutableBufferPointer { values in
            hasWords.withUnsafeMutableBufferPointer { words in body(values, words) }
        }
    }

    /// Copies the low 16 bits of each value of text `index` of `table` to `destination`.
    static func copy(_ index: Int, of table: SignatureTable, to destination: UnsafeMutableBufferPointer<UInt16>) {
        precondition(destination.count == table.width)
        table.values.withUnsafeBufferPointer { all in
            let row = index * table.width
            for column in 0..<table.width { destination[column] = UInt16(truncatingIfNeeded: all[row + column]) }
        }
    }

    /// Whether the low halves of `a` and `b` are equal in at least `threshold` of the places.
    func isSimilar(_ a: Int, _ b: Int, threshold: Double) -> Bool {
        guard hasWords[a], hasWords[b] else { return false }
        return values.withUnsafeBufferPointer { Self.rowsAgree($0, width: width, a, b, threshold: threshold) }
    }
}

/// Rows of signatures, whole or their low halves, filled from a ``SignatureTable`` and able to
/// say whether two of them are alike.
protocol SimilarRows: SendableMetatype {
    associatedtype Value
    /// `count` rows of zeros and no words, to be filled in place.
    init(width: Int, emptyCount count: Int)
    /// Every row's values and words flag, for filling rows in place on several threads at once.
    mutating func withUnsafeMutableRows<Result>(
        _ body: (UnsafeMutableBufferPointer<Value>, UnsafeMutableBufferPointer<Bool>) -> Result
    ) -> Result
    /// Copies text `index` of `table` to `destination`, a row of these.
    static func copy(_ index: Int, of table: SignatureTable, to destination: UnsafeMutableBufferPointer<Value>)
    func isSimilar(_ a: Int, _ b: Int, threshold: Double) -> Bool
}

extension SimilarRows {
    /// Whether rows `a` and `b` of `values`, rows of `width`, are equal in at least `threshold`
    /// of their places. Stops as soon as too many differ: most candidates of a band are chance
    /// collisions.
    static func rowsAgree<Value: Equatable>(
        _ values: UnsafeBufferPointer<Value>, width: Int, _ a: Int, _ b: Int, threshold: Double
    ) -> Bool {
        rowsAgree(values, a, values, b, width: width, threshold: threshold)
    }

    /// Whether row `a` of `valuesA` and row `b` of `valuesB`, rows of `width`, are equal in at
    /// least `threshold` of their places.
    static func rowsAgree<Value: Equatable>(
        _ valuesA: UnsafeBufferPointer<Value>, _ a: Int, _ valuesB: UnsafeBufferPointer<Value>, _ b: Int, width: Int,
        threshold: Double
    ) -> Bool {
        let allowed = width - Int((threshold * Double(width)).rounded(.up))
        var different = 0
        let (rowA, rowB) = (a * width, b * width)
        for offset in 0..<width where valuesA[rowA + offset] != valuesB[rowB + offset] {
            different += 1
            if different > allowed { return false }
        }
        return true
    }
}

extension SignatureTable: SimilarRows {
    static func copy(_ index: Int, of table: SignatureTable, to destination: UnsafeMutableBufferPointer<UInt32>) {
        table.copyRow(index, to: destination)
    }
}

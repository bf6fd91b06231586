/// A mark for each of a file's lines (or a list's records), one bit each: a million deals'
/// marks are 125 KB, where a flag a deal takes 1 MB and a set of 70,000 line numbers more.
struct LineMarks: RandomAccessCollection, Sendable, Equatable {
    let count: Int
    private var words: [UInt64]
    /// How many lines are marked.
    private(set) var markedCount = 0

    /// `count` lines, none marked.
    init(count: Int) {
        precondition(count >= 0)
        self.count = count
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(line: Int) -> Bool {
        precondition(line >= 0 && line < count, "a line of the marks")
        return words[line >> 6] & (1 << UInt64(line & 63)) != 0
    }

    /// Marks `line`; whether it was not marked before.
    @discardableResult
    mutating func mark(_ line: Int) -> Bool {
        precondition(line >= 0 && line < count, "a line of the marks")
        let bit: UInt64 = 1 << UInt64(line & 63)
        guard words[line >> 6] & bit == 0 else { return false }
        words[line >> 6] |= bit
        markedCount += 1
        return true
    }
}

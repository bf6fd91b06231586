/// The bands whose bucket each record of a ``GroupingState`` leads (bit `b` for band `b`), in
/// order of precedence, held as the exceptions to "every band": a record with words leads
/// each bucket it falls in unless it matched an earlier leader there, which only copies do.
/// A word a record was 8 MB of a million articles' state, held through a night's grouping;
/// the exceptions are a twentieth of that.
struct LeaderMarks: RandomAccessCollection, Equatable, Sendable {
    /// The mark of a record that leads the bucket of every band.
    let everyBand: UInt64
    private var total = 0
    /// The records whose mark is not ``everyBand``, ascending, and their marks.
    private var exceptions: [Int32] = []
    private var exceptionMarks: [UInt64] = []

    init(bands: Int) {
        precondition(bands > 0 && bands <= 64)
        everyBand = bands == 64 ? .max : (UInt64(1) << UInt64(bands)) - 1
    }

    init(bands: Int, _ marks: some Sequence<UInt64>) {
        self.init(bands: bands)
        append(contentsOf: marks)
    }

    var startIndex: Int { 0 }
    var endIndex: Int { total }

    subscript(position: Int) -> UInt64 {
        precondition(position >= 0 && position < total, "record out of range")
        let index = firstException(from: position)
        return index < exceptions.count && Int(exceptions[index]) == position ? exceptionMarks[index] : everyBand
    }

    /// The index of the first exception at or after `position`.
    private func firstException(from position: Int) -> Int {
        exceptions.partitionPoint { Int($0) < position }
    }

    mutating func append(_ mark: UInt64) {
        precondition(total < Int32.max)
        if mark != everyBand {
            exceptions.append(Int32(total))
            exceptionMarks.append(mark)
        }
        total += 1
    }

    mutating func append(contentsOf marks: some Sequence<UInt64>) {
        for mark in marks { append(mark) }
    }

    /// Lets go of the marks of the records from `position` on.
    mutating func removeAll(from position: Int) {
        precondition(position >= 0 && position <= total)
        let cut = firstException(from: position)
        exceptions.removeSubrange(cut...)
        exceptionMarks.removeSubrange(cut...)
        total = position
    }

    /// The marks in order, each exception found as the walk reaches it.
    struct Iterator: IteratorProtocol {
        private let marks: LeaderMarks
        private var position = 0
        private var nextException = 0

        fileprivate init(_ marks: LeaderMarks) { self.marks = marks }

        mutating func next() -> UInt64? {
            guard position < marks.total else { return nil }
            defer { position += 1 }
            guard nextException < marks.exceptions.count, Int(marks.exceptions[nextException]) == position else {
                return marks.everyBand
            }
            defer { nextException += 1 }
            return marks.exceptionMarks[nextException]
        }
    }

    func makeIterator() -> Iterator { Iterator(self) }
}

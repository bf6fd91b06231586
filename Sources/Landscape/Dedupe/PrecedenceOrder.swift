/// Each record's place in order of precedence (``ArticleDeduper/order(firstSeen:published:ids:jobs:)``),
/// by record.
///
/// Articles are seen night after night, and a month lists those of a night together, so places
/// mostly follow one another from one record to the next: the order is held as runs of
/// consecutive places, eight bytes a run, where every record's place took four bytes (4 MB at a
/// million articles, held through grouping). An order of many short runs is held as places.
public struct PrecedenceOrder: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    /// The first record of each run, ascending.
    private var runRecords: [Int32] = []
    /// The place of the first record of each run.
    private var runPlaces: [Int32] = []
    /// Every record's place, when runs would not take less.
    private var places: [Int32]?
    public let count: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    /// The order whose record `r` has place `places[r]`.
    public init(_ places: [Int32]) {
        var builder = Builder(count: places.count)
        var recordAt = [Int32](repeating: 0, count: places.count)
        for (record, place) in places.enumerated() { recordAt[Int(place)] = Int32(record) }
        for record in recordAt { builder.append(record) }
        self = builder.order()
    }

    public init(arrayLiteral places: Int32...) { self.init(places) }

    /// Every record in its own place: records already in order of precedence.
    public static func inRecordOrder(count: Int) -> PrecedenceOrder {
        PrecedenceOrder(count: count, runRecords: count > 0 ? [0] : [], runPlaces: count > 0 ? [0] : [], places: nil)
    }

    private init(count: Int, runRecords: [Int32], runPlaces: [Int32], places: [Int32]?) {
        self.count = count
        self.runRecords = runRecords
        self.runPlaces = runPlaces
        self.places = places
    }

    public subscript(record: Int) -> Int32 {
        precondition(record >= 0 && record < count, "record out of range")
        if let places { return places[record] }
        let run = runRecords.partitionPoint { Int($0) <= record } - 1
        return runPlaces[run] + Int32(record) - runRecords[run]
    }

    /// How many runs the order is held as; nil when it is held as places.
    var runCount: Int? { places == nil ? runRecords.count : nil }

    public static func == (lhs: PrecedenceOrder, rhs: PrecedenceOrder) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }

    /// The places record by record, a run at a time: a loop over a million records looks
    /// none of them up.
    public struct Iterator: IteratorProtocol {
        private let order: PrecedenceOrder
        private var record = 0
        private var run = 0

        fileprivate init(_ order: PrecedenceOrder) { self.order = order }

        public mutating func next() -> Int32? {
            guard record < order.count else { return nil }
            defer { record += 1 }
            if let places = order.places { return places[record] }
            while run + 1 < order.runRecords.count, Int(order.runRecords[run + 1]) <= record { run += 1 }
            return order.runPlaces[run] + Int32(record) - order.runRecords[run]
        }
    }

    public func makeIterator() -> Iterator { Iterator(self) }

    /// Makes an order from its records taken in order of precedence, the first record first.
    struct Builder {
        let count: Int
        /// The runs so far, in order of their places: first record and length.
        private var runs: [(record: Int32, length: Int32)] = []
        private var places: [Int32]?
        private var next: Int32 = 0

        init(count: Int) {
            self.count = count
        }

        /// Runs past this many take more than the places would (eight bytes a run against
        /// four a record, and the runs' sorting).
        private var mostRuns: Int { Swift.max(16, count / 4) }

        /// Gives `record` the next place.
        mutating func append(_ record: Int32) {
            defer { next += 1 }
            if places != nil {
                places?[Int(record)] = next
                return
            }
            if let last = runs.last, last.record + last.length == record {
                runs[runs.count - 1].length += 1
                return
            }
            guard runs.count < mostRuns else {
                var all = [Int32](repeating: 0, count: count)
                var place: Int32 = 0
                for run in runs {
                    for offset in 0..<run.length {
                        all[Int(run.record + offset)] = place
                        place += 1
                    }
                }
                all[Int(record)] = next
                places = all
                runs = []
                return
            }
            runs.append((record, 1))
        }

        /// The order, every record placed.
        consuming func order() -> PrecedenceOrder {
            precondition(Int(next) == count, "not every record was placed")
            if let places { return PrecedenceOrder(count: count, runRecords: [], runPlaces: [], places: places) }
            var placed: [(record: Int32, place: Int32)] = []
            placed.reserveCapacity(runs.count)
            var place: Int32 = 0
            for run in runs {
                placed.append((run.record, place))
                place += run.length
            }
            placed.sort { $0.record < $1.record }
            return PrecedenceOrder(
                count: count, runRecords: placed.map(\.record), runPlaces: placed.map(\.place), places: nil)
        }
    }
}

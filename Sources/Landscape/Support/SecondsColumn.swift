/// Seconds since the epoch, one after another, held as four bytes each while every one falls
/// between 1970 and early 2106 (as a news landscape's dates do), and as eight from the first
/// that does not. ``missing`` (`Int64.min`) stands for no instant in either form.
///
/// A night holds every article's first-seen and published dates in the month indexes, and
/// joined once more for dedupe: a million articles' two dates were 16 MB each time, now 8.
struct SecondsColumn: Equatable, Sendable {
    /// Whether the seconds are held as four bytes each.
    private(set) var isNarrow = true
    /// The seconds while ``isNarrow``; `UInt32.max` for ``missing``.
    private var narrow: [UInt32] = []
    /// The seconds once not ``isNarrow``.
    private var wide: [Int64] = []

    static let missing = Int64.min

    init() {}

    var count: Int { isNarrow ? narrow.count : wide.count }

    subscript(position: Int) -> Int64 {
        isNarrow ? Self.widened(narrow[position]) : wide[position]
    }

    /// Appends the seconds of `column`, in order.
    mutating func append(contentsOf column: SecondsColumn) {
        if isNarrow, column.isNarrow { return narrow += column.narrow }
        for position in 0..<column.count { append(column[position]) }
    }

    mutating func reserveCapacity(_ count: Int) {
        if isNarrow { narrow.reserveCapacity(count) } else { wide.reserveCapacity(count) }
    }

    mutating func append(_ seconds: Int64) {
        if isNarrow {
            if let narrowed = Self.narrowed(seconds) { return narrow.append(narrowed) }
            wide = narrow.map(Self.widened)
            (narrow, isNarrow) = ([], false)
        }
        wide.append(seconds)
    }

    static func == (lhs: SecondsColumn, rhs: SecondsColumn) -> Bool {
        switch (lhs.isNarrow, rhs.isNarrow) {
        case (true, true): return lhs.narrow == rhs.narrow
        case (false, false): return lhs.wide == rhs.wide
        default: return lhs.count == rhs.count && (0..<lhs.count).allSatisfy { lhs[$0] == rhs[$0] }
        }
    }

    private static func narrowed(_ seconds: Int64) -> UInt32? {
        if seconds == missing { return UInt32.max }
        return seconds >= 0 && seconds < Int64(UInt32.max) ? UInt32(seconds) : nil
    }

    private static func widened(_ seconds: UInt32) -> Int64 {
        seconds == UInt32.max ? missing : Int64(seconds)
    }
}

/// A column of instants held as a ``SecondsColumn``: what ``Timestamps`` and
/// ``OptionalTimestamps`` share.
protocol SecondsBacked: RandomAccessCollection where Index == Int {
    var seconds: SecondsColumn { get set }
    init()
}

extension SecondsBacked {
    /// The instants of `columns`, one after another, in a buffer of their exact size.
    init(concatenating columns: [Self]) {
        self.init()
        reserveCapacity(columns.reduce(0) { $0 + $1.count })
        for column in columns { append(contentsOf: column) }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { seconds.count }

    /// Whether each instant is held in four bytes.
    var isNarrow: Bool { seconds.isNarrow }

    mutating func reserveCapacity(_ count: Int) { seconds.reserveCapacity(count) }

    /// Appends the instants of `column`, in order.
    mutating func append(contentsOf column: Self) { seconds.append(contentsOf: column.seconds) }
}

/// Instants, held as a ``SecondsColumn``: an article's first sighting, for every article of a
/// month, and for every article of the landscape in dedupe.
struct Timestamps: SecondsBacked, Equatable, Sendable {
    var seconds = SecondsColumn()

    init() {}

    init(_ instants: some Sequence<Timestamp>) {
        for instant in instants { append(instant) }
    }

    subscript(position: Int) -> Timestamp { Timestamp(secondsSinceEpoch: seconds[position]) }

    mutating func append(_ instant: Timestamp) { seconds.append(instant.secondsSinceEpoch) }
}

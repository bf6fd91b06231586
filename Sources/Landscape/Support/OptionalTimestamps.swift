/// Instants some of which may be missing (an article's `published`), held as a
/// ``SecondsColumn``: an array of optional timestamps takes sixteen bytes each, and a million
/// articles' are held in the month indexes through every night, and joined once more for dedupe.
struct OptionalTimestamps: RandomAccessCollection, Equatable, Sendable {
    /// Seconds since the epoch, ``missing`` for none.
    private var seconds = SecondsColumn()

    /// What stands for a missing instant: no timestamp this code writes or reads is that far
    /// back (years 1 to 9999).
    static let missing = SecondsColumn.missing

    init() {}

    init(_ instants: some Sequence<Timestamp?>) {
        for instant in instants { append(instant) }
    }

    /// The instants of `columns`, one after another, in a buffer of their exact size.
    init(concatenating columns: [OptionalTimestamps]) {
        seconds = SecondsColumn(concatenating: columns.map(\.seconds))
    }

    var startIndex: Int { 0 }
    var endIndex: Int { seconds.count }

    /// Whether each instant is held in four bytes.
    var isNarrow: Bool { seconds.isNarrow }

    subscript(position: Int) -> Timestamp? {
        let value = seconds[position]
        return value == Self.missing ? nil : Timestamp(secondsSinceEpoch: value)
    }

    mutating func reserveCapacity(_ count: Int) {
        seconds.reserveCapacity(count)
    }

    mutating func append(_ instant: Timestamp?) {
        seconds.append(Self.stored(instant))
    }

    /// The seconds `instant` is held as: an instant at ``missing`` itself, some 292 billion
    /// years back, is held a second later rather than taken for none.
    private static func stored(_ instant: Timestamp?) -> Int64 {
        guard let instant else { return missing }
        return instant.secondsSinceEpoch == missing ? missing + 1 : instant.secondsSinceEpoch
    }
}

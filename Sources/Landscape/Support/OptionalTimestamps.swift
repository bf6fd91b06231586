/// Instants some of which may be missing (an article's `published`), held as eight bytes each:
/// an array of optional timestamps takes sixteen, and a million articles' are held in the month
/// indexes through every night, and joined once more for dedupe.
struct OptionalTimestamps: RandomAccessCollection, Equatable, Sendable {
    /// Seconds since the epoch, ``missing`` for none.
    private var seconds: [Int64] = []

    /// What stands for a missing instant: no timestamp this code writes or reads is that far
    /// back (years 1 to 9999).
    static let missing = Int64.min

    init() {}

    init(_ instants: some Sequence<Timestamp?>) {
        seconds = instants.map(Self.stored)
    }

    /// The instants of `columns`, one after another, in a buffer of their exact size.
    init(concatenating columns: [OptionalTimestamps]) {
        seconds = columns.map(\.seconds).joinedExactly()
    }

    var startIndex: Int { 0 }
    var endIndex: Int { seconds.count }

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

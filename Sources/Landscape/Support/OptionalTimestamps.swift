/// Instants some of which may be missing (an article's `published`), held as a
/// ``SecondsColumn``: an array of optional timestamps takes sixteen bytes each, and a million
/// articles' are held in the month indexes through every night, and joined once more for dedupe.
struct OptionalTimestamps: SecondsBacked, Equatable, Sendable {
    /// Seconds since the epoch, ``missing`` for none.
    var seconds = SecondsColumn()

    /// What stands for a missing instant: no timestamp this code writes or reads is that far
    /// back (years 1 to 9999).
    static let missing = SecondsColumn.missing

    init() {}

    init(_ instants: some Sequence<Timestamp?>) {
        for instant in instants { append(instant) }
    }

    subscript(position: Int) -> Timestamp? {
        let value = seconds[position]
        return value == Self.missing ? nil : Timestamp(secondsSinceEpoch: value)
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

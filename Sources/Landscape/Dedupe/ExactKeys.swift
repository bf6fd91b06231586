/// The exact keys of many records (a canonical URL, a title on a day), a fixed number of
/// slots per record in one flat buffer, 0 for an empty slot: a million records' keys are one
/// allocation, not a million small arrays, and a month of them is copied in one move.
public struct ExactKeys: Sendable, Equatable {
    /// Slots per record: an article has at most a canonical URL and a title on a day.
    public static let slots = 2
    private(set) var values: [UInt64] = []

    public init() {}

    /// Keys given record by record; a record may have at most ``slots`` of them.
    public init(_ records: [[UInt64]]) {
        values.reserveCapacity(records.count * Self.slots)
        for keys in records { append(keys) }
    }

    /// `count` records without keys.
    init(emptyRecords count: Int) {
        values = [UInt64](repeating: 0, count: count * Self.slots)
    }

    public var count: Int { values.count / Self.slots }

    /// The keys of `record`, empty slots left out.
    public subscript(record: Int) -> [UInt64] {
        values[(record * Self.slots)..<((record + 1) * Self.slots)].filter { $0 != 0 }
    }

    /// How many slots of all records hold a key.
    var filledSlots: Int { values.count { $0 != 0 } }

    mutating func reserveCapacity(_ count: Int) { values.reserveCapacity(count * Self.slots) }

    /// Appends the keys of `other`'s `record`, slots as they are.
    mutating func append(record: Int, of other: ExactKeys) {
        values += other.values[(record * Self.slots)..<((record + 1) * Self.slots)]
    }

    /// Appends a record's keys: at most ``slots``, zeros standing for none.
    mutating func append(_ keys: some Collection<UInt64>) {
        precondition(keys.count <= Self.slots, "a record has at most \(Self.slots) exact keys")
        values.append(contentsOf: keys)
        values.append(contentsOf: repeatElement(0, count: Self.slots - keys.count))
    }

    /// The slots of every record, for writing records in place on several threads at once.
    mutating func withUnsafeMutableSlots<Result>(_ body: (UnsafeMutableBufferPointer<UInt64>) -> Result) -> Result {
        values.withUnsafeMutableBufferPointer { body($0) }
    }
}

/// Where grouping stopped: for each record it has grouped, in order of precedence, what the
/// record was (a digest of its identity and fingerprint), the original of its group and the
/// bands whose bucket it leads. ``DuplicateGroups`` takes records one by one in that order, so
/// records that come after all of these are grouped from the state alone, as they would be
/// after grouping these again: a night groups its new articles without reading a landscape's
/// signatures into memory.
///
/// A million records take 20 MB: a digest, an original and a band mask each.
struct GroupingState: Sendable, Equatable {
    /// The settings the state was made with; another setting makes other groups.
    struct Settings: Equatable {
        var width: Int
        var bands: Int
        var rows: Int
        var threshold: Double
    }

    let settings: Settings
    /// Per record, in order of precedence: its digest (``DuplicateGroups/digest(of:in:identity:)``).
    private(set) var digests: [UInt64]
    /// Per record: the position of its group's original, the first of the group in precedence.
    private(set) var originals: [Int32]
    /// Per record: bit `b` set when the record leads its bucket of band `b`, where later records
    /// of that bucket compare with it.
    private(set) var leaders: [UInt64]

    /// Bands a state can mark the leaders of: one bit each in a word.
    static let maximumBands = 64

    init(settings: Settings, digests: [UInt64], originals: [Int32], leaders: [UInt64]) {
        precondition(digests.count == originals.count && leaders.count == originals.count)
        self.settings = settings
        self.digests = digests
        self.originals = originals
        self.leaders = leaders
    }

    var count: Int { digests.count }

    private static let magic = Array("LGS1".utf8)

    /// The state as bytes, for the stage cache, in the machine's byte order (the cache never
    /// leaves it).
    func encoded() -> [UInt8] {
        var bytes = Self.magic
        bytes.reserveCapacity(48 + count * 20)
        func put<Value: FixedWidthInteger>(_ value: Value) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        for value in [settings.width, settings.bands, settings.rows] { put(UInt32(value)) }
        put(settings.threshold.bitPattern)
        put(UInt64(count))
        for column in [digests.withUnsafeBytes(Array.init), leaders.withUnsafeBytes(Array.init)] {
            bytes += column
        }
        originals.withUnsafeBytes { bytes += $0 }
        return bytes
    }

    /// Reads a state written by ``encoded()``; nil when the bytes are not one.
    init?(decoding bytes: [UInt8]) {
        let header = Self.magic.count + 28
        guard bytes.count >= header, bytes.prefix(Self.magic.count).elementsEqual(Self.magic) else { return nil }
        func take<Value: FixedWidthInteger>(_: Value.Type, at offset: Int) -> Value {
            bytes.withUnsafeBytes { Value(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: Value.self)) }
        }
        let base = Self.magic.count
        let settings = Settings(
            width: Int(take(UInt32.self, at: base)), bands: Int(take(UInt32.self, at: base + 4)),
            rows: Int(take(UInt32.self, at: base + 8)),
            threshold: Double(bitPattern: take(UInt64.self, at: base + 12)))
        let stored = take(UInt64.self, at: base + 20)
        guard stored <= UInt64(bytes.count - header) / 20, bytes.count == header + Int(stored) * 20 else {
            return nil
        }
        let count = Int(stored)
        func column<Value: FixedWidthInteger>(_: Value.Type, at offset: Int) -> [Value] {
            [Value](unsafeUninitializedCapacity: count) { buffer, initialized in
                bytes.withUnsafeBytes { raw in
                    for index in 0..<count {
                        buffer[index] = Value(
                            littleEndian: raw.loadUnaligned(
                                fromByteOffset: offset + index * MemoryLayout<Value>.size, as: Value.self))
                    }
                }
                initialized = count
            }
        }
        let originals = column(Int32.self, at: header + count * 16)
        // An original is a record of the state at or before the one it is the original of.
        guard originals.enumerated().allSatisfy({ $0.element >= 0 && Int($0.element) <= $0.offset }) else {
            return nil
        }
        self.init(
            settings: settings, digests: column(UInt64.self, at: header),
            originals: originals, leaders: column(UInt64.self, at: header + count * 8))
    }
}

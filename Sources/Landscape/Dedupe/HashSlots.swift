/// A map from 64-bit hashes to record positions, by open addressing: the buckets of one LSH
/// band, or the first record of each exact key, for a million records. The keys are hashes
/// already (``mix64`` outputs), so a multiply places them; a `Dictionary` would hash them again
/// and cost several times as much at this size.
struct HashSlots {
    private var keys: [UInt64]
    /// The position stored for each slot's key; -1 marks an empty slot.
    private var values: [Int32]
    private let shift: UInt64

    /// Room for `capacity` keys at most half full.
    init(capacity: Int) {
        var bits = 4
        while (1 << bits) < 2 * max(1, capacity) { bits += 1 }
        keys = [UInt64](repeating: 0, count: 1 << bits)
        values = [Int32](repeating: -1, count: 1 << bits)
        shift = UInt64(64 - bits)
    }

    /// The slot of `key`: where it is, or the empty slot where it goes.
    private func slot(of key: UInt64) -> Int {
        let mask = values.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while values[slot] >= 0 && keys[slot] != key { slot = (slot + 1) & mask }
        return slot
    }

    /// The position stored for `key`; setting `nil` is not supported (nothing is ever removed
    /// but all at once, by ``removeAll()``).
    subscript(key: UInt64) -> Int32? {
        get {
            let slot = slot(of: key)
            return values[slot] >= 0 ? values[slot] : nil
        }
        set {
            guard let newValue else { preconditionFailure("HashSlots cannot remove one key") }
            precondition(newValue >= 0)
            let slot = slot(of: key)
            keys[slot] = key
            values[slot] = newValue
        }
    }

    /// Empties the table, keeping its room.
    mutating func removeAll() {
        values.withUnsafeMutableBufferPointer { $0.update(repeating: -1) }
    }
}

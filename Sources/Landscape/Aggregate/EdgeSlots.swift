/// The partnership network's edges by their two ends, by open addressing: a slot holds an
/// edge's row number and the row holds its ends, so a slot is four bytes where a dictionary's
/// entry held twelve, key and all. Half a million edges at a million deals are 4 MB of slots,
/// not 13, and the table never holds more than half full.
struct EdgeSlots {
    /// The row in each slot; -1 marks an empty one.
    private var slots = [Int32](repeating: -1, count: 1 << 10)
    private var count = 0
    private var shift: UInt64 = 64 - 10

    /// The row of the edge between the nodes `low` and `high` (by number, `low` below), `ends`
    /// giving each row's ends the same way; nil when there is none.
    func row(_ low: Int32, _ high: Int32, ends: (_ row: Int) -> (low: Int32, high: Int32)) -> Int32? {
        let row = slots[slot(low, high, ends: ends)]
        return row >= 0 ? row : nil
    }

    /// Puts row `row`, the edge between `low` and `high`, in its slot; the table doubles when
    /// half full, every row put again by its ends.
    mutating func insert(
        row: Int32, _ low: Int32, _ high: Int32, ends: (_ row: Int) -> (low: Int32, high: Int32)
    ) {
        if 2 * (count + 1) > slots.count {
            let rows = slots.filter { $0 >= 0 }
            slots = [Int32](repeating: -1, count: 2 * slots.count)
            shift -= 1
            for old in rows {
                let (oldLow, oldHigh) = ends(Int(old))
                slots[slot(oldLow, oldHigh, ends: ends)] = old
            }
        }
        slots[slot(low, high, ends: ends)] = row
        count += 1
    }

    /// The slot of the edge between `low` and `high`: where it is, or the empty slot where it goes.
    private func slot(_ low: Int32, _ high: Int32, ends: (_ row: Int) -> (low: Int32, high: Int32)) -> Int {
        let key = UInt64(UInt32(bitPattern: low)) << 32 | UInt64(UInt32(bitPattern: high))
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while slots[slot] >= 0 {
            let found = ends(Int(slots[slot]))
            if found.low == low && found.high == high { break }
            slot = (slot + 1) & mask
        }
        return slot
    }
}

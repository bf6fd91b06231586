extension Array where Element: Sendable {
    /// The elements as `sorted(by:)` orders them (ties keep their order), each half sorted on its
    /// own core and the halves merged: sorting a hundred thousand deals or a million articles'
    /// sightings is otherwise one core's work while the other waits.
    func sorted(jobs: Int, by areInIncreasingOrder: @Sendable (Element, Element) -> Bool) -> [Element] {
        guard jobs > 1, count >= 8192 else { return sorted(by: areInIncreasingOrder) }
        let halves = halves(jobs: 2) { $0.sorted(by: areInIncreasingOrder) }
        return halves.first.merging(halves.second, by: areInIncreasingOrder)
    }
}

extension Array {
    /// This sorted array and another, sorted the same way, as one sorted array: on a tie, this
    /// array's element goes first.
    func merging(_ other: [Element], by areInIncreasingOrder: (Element, Element) -> Bool) -> [Element] {
        var merged: [Element] = []
        merged.reserveCapacity(count + other.count)
        var (i, j) = (0, 0)
        while i < count, j < other.count {
            if areInIncreasingOrder(other[j], self[i]) {
                merged.append(other[j])
                j += 1
            } else {
                merged.append(self[i])
                i += 1
            }
        }
        merged += self[i...]
        merged += other[j...]
        return merged
    }
}

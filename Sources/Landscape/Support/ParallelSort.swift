extension Array where Element: Sendable {
    /// The elements as `sorted(by:)` orders them (ties keep their order), each half sorted on its
    /// own core and the halves merged: sorting a hundred thousand deals or a million articles'
    /// sightings is otherwise one core's work while the other waits.
    func sorted(jobs: Int, by areInIncreasingOrder: @Sendable (Element, Element) -> Bool) -> [Element] {
        guard jobs > 1, count >= 8192 else { return sorted(by: areInIncreasingOrder) }
        let middle = count / 2
        let halves = parallelMap([0..<middle, middle..<count], jobs: 2) { self[$0].sorted(by: areInIncreasingOrder) }
        let (first, second) = (halves[0], halves[1])
        var merged: [Element] = []
        merged.reserveCapacity(count)
        var (i, j) = (0, 0)
        while i < first.count, j < second.count {
            // The first half's element goes first unless the second's is strictly before it.
            if areInIncreasingOrder(second[j], first[i]) {
                merged.append(second[j])
                j += 1
            } else {
                merged.append(first[i])
                i += 1
            }
        }
        merged += first[i...]
        merged += second[j...]
        return merged
    }
}

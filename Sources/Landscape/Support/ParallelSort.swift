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

extension Array where Element: Sendable {
    /// Sorts the elements in place, each half on its own core when `jobs` allows, then hands
    /// them to `body` in the order ``sorted(jobs:by:)`` gives, merging the halves on the way:
    /// no sorted copy of the halves and no merged array beside the elements (each 24 MB for a
    /// million articles' sightings).
    mutating func sortInHalves(
        jobs: Int, by areInIncreasingOrder: @Sendable (Element, Element) -> Bool,
        forEachInOrder body: (Element) -> Void
    ) {
        guard jobs > 1, count >= 8192 else {
            sort(by: areInIncreasingOrder)
            forEach(body)
            return
        }
        let middle = count / 2
        withUnsafeMutableBufferPointer { buffer in
            // The halves are apart: each is sorted by one thread alone.
            nonisolated(unsafe) let elements = buffer
            _ = parallelMap([0..<middle, middle..<buffer.count], jobs: 2) { half in
                elements[half].sort(by: areInIncreasingOrder)
            }
        }
        var (i, j) = (0, middle)
        while i < middle, j < count {
            // On a tie the first half's element goes first, as `merging(_:by:)` takes it.
            if areInIncreasingOrder(self[j], self[i]) {
                body(self[j])
                j += 1
            } else {
                body(self[i])
                i += 1
            }
        }
        for element in self[i..<middle] { body(element) }
        for element in self[j...] { body(element) }
    }
}

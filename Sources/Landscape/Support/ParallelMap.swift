import Dispatch
import Synchronization

/// Maps `items` with `transform` on up to `jobs` threads; results keep the order of `items`.
///
/// Each worker takes the next item not yet taken, so a long item (a big file, a long article)
/// never leaves the other workers idle behind a fixed share. Each item writes only its own
/// result slot.
package func parallelMap<Item: Sendable, Result: Sendable>(
    _ items: [Item], jobs: Int, _ transform: @Sendable (Item) -> Result
) -> [Result] {
    let count = items.count
    let workers = max(1, min(jobs, count))
    if workers == 1 { return items.map(transform) }
    nonisolated(unsafe) let slots = UnsafeMutableBufferPointer<Result>.allocate(capacity: count)
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < count else { break }
            slots.initializeElement(at: index, to: transform(items[index]))
        }
    }
    let results = Array(slots)
    _ = slots.deinitialize()
    slots.deallocate()
    return results
}

/// ``parallelMap(_:jobs:_:)`` that hands out the largest items first, by `size`: when each
/// item is a core's (a month extracted or signed), the last one made, which one core makes
/// while the others have nothing left, is then the smallest. Results keep the order of `items`.
package func parallelMap<Item: Sendable, Result: Sendable>(
    _ items: [Item], jobs: Int, largestFirst size: (Item) -> Int, _ transform: @Sendable (Item) -> Result
) -> [Result] {
    let sizes = items.map(size)
    let order = items.indices.sorted { (sizes[$0], $1) > (sizes[$1], $0) }
    let made = parallelMap(order, jobs: jobs) { transform(items[$0]) }
    var placeOf = [Int](repeating: 0, count: items.count)
    for (place, index) in order.enumerated() { placeOf[index] = place }
    return placeOf.map { made[$0] }
}

extension Array where Element: Sendable {
    /// `transform` of every element, in order, worked out `chunk` elements at a time on up to
    /// `jobs` threads: for light work on many elements (a date formatted, a digest, a deal's
    /// flags), which handed out one by one would cost more in the handing out than in the work.
    package func mapInChunks<Result: Sendable>(
        jobs: Int, chunk: Int = 4096, _ transform: @Sendable (Element) -> Result
    ) -> [Result] {
        guard jobs > 1, count > chunk else { return map(transform) }
        let starts = [Int](stride(from: 0, to: count, by: chunk))
        return parallelMap(starts, jobs: jobs) { start in
            self[start..<Swift.min(start + chunk, count)].map(transform)
        }.flatMap { $0 }
    }
}

/// The number of cores Dispatch will use: the default for `--jobs`.
package var availableCores: Int {
    max(1, SystemLibrary.processorsOnline)
}

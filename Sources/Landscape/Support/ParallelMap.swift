import Dispatch

/// Maps `items` with `transform` on up to `jobs` threads; results keep the order of `items`.
///
/// Worker `w` takes items `w`, `w + jobs`, ... so that long and short items spread evenly.
/// Each iteration writes only its own result slot.
package func parallelMap<Item: Sendable, Result: Sendable>(
    _ items: [Item], jobs: Int, _ transform: @Sendable (Item) -> Result
) -> [Result] {
    let count = items.count
    let workers = max(1, min(jobs, count))
    if workers == 1 { return items.map(transform) }
    nonisolated(unsafe) let slots = UnsafeMutableBufferPointer<Result>.allocate(capacity: count)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var index = worker
        while index < count {
            slots.initializeElement(at: index, to: transform(items[index]))
            index += workers
        }
    }
    let results = Array(slots)
    _ = slots.deinitialize()
    slots.deallocate()
    return results
}

/// The number of cores Dispatch will use: the default for `--jobs`.
package var availableCores: Int {
    max(1, SystemLibrary.processorsOnline)
}

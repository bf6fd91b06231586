import Dispatch

/// A value folded on a thread of its own, a block of work at a time, in the order the work is
/// given: a second consumer of a stream of blocks, which keeps pace with the first one on
/// another core. At most two blocks wait for it, so that a consumer falling behind does not
/// gather the stream in memory.
package final class FoldBehind<Value: Sendable>: @unchecked Sendable {
    // `value` is touched only on `queue` (or here, on one core), and read once the queue is done.
    private var value: Value
    private let queue: DispatchQueue?
    private let waiting = DispatchSemaphore(value: 2)

    /// Folds into `value`, on a thread of its own when `cores` allows, here otherwise.
    package init(_ value: Value, cores: Int) {
        self.value = value
        queue = cores >= 2 ? DispatchQueue(label: "landscape.fold-behind") : nil
    }

    /// Hands `work` a block to fold into the value, after the work given before.
    package func add(_ work: @escaping @Sendable (inout Value) -> Void) {
        guard let queue else { return work(&value) }
        waiting.wait()
        queue.async {
            work(&self.value)
            self.waiting.signal()
        }
    }

    /// The value once every block given is folded in.
    package func finish() -> Value {
        queue?.sync {}
        return value
    }
}

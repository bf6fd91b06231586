import Dispatch
import Synchronization

/// Stage outputs being written to the cache on a thread of their own while the run goes on.
///
/// Storing an output is mostly one core's work and waiting: writing parse's 165 MB of articles
/// at 100,000 articles, hashing them and fsyncing. The next stage does not read that entry, so
/// with two cores or more it need not wait for it. The writes are done one after another, in
/// the order they were asked for; anyone who reads an entry still being written waits for it
/// (see ``StageCache/has(shelf:key:)``), and the run waits for all of them, and fails on the
/// first that failed, before it publishes.
final class StoresBehind: Sendable {
    private let queue = DispatchQueue(label: "landscape.cache-stores")
    private let writes = DispatchGroup()
    private let state = Mutex(State())

    private struct State {
        /// The entries still to be written (a shelf and key each), and how many times.
        var pending: [String: Int] = [:]
        var failure: FileSystemError?
    }

    /// Queues `write`, the store of the entry `entry`.
    func add(entry: String, _ write: @escaping @Sendable () throws(FileSystemError) -> Void) {
        state.withLock { $0.pending[entry, default: 0] += 1 }
        writes.enter()
        queue.async {
            var failure: FileSystemError?
            do throws(FileSystemError) {
                try write()
            } catch {
                failure = error
            }
            self.state.withLock { state in
                if let count = state.pending[entry], count > 1 {
                    state.pending[entry] = count - 1
                } else {
                    state.pending[entry] = nil
                }
                state.failure = state.failure ?? failure
            }
            self.writes.leave()
        }
    }

    /// Waits, if `entry` (or, given a shelf only, any entry on it) is still to be written, for
    /// the writes queued so far.
    func waitFor(entry: String) {
        let isPending = state.withLock { state in
            state.pending[entry] != nil || state.pending.keys.contains { $0.hasPrefix(entry + "/") }
        }
        if isPending { writes.wait() }
    }

    /// Waits for every write queued so far and throws the first failure, if any.
    func finish() throws(FileSystemError) {
        writes.wait()
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }
}

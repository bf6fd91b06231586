import Dispatch

/// Work started on another thread now and collected later: lets a run read its caches while
/// fetch waits on the network, or hash a file while it is written.
package final class BackgroundWork<Value: Sendable, Failure: Error>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the worker before it signals `done`, read only after waiting on it.
    private var result: Result<Value, Failure>?

    /// Starts `work` on another thread; with `cores` below 2 it is done here and now instead,
    /// so that a run told to use one core never keeps two busy.
    package init(cores: Int = 2, _ work: @escaping @Sendable () throws(Failure) -> Value) {
        guard cores >= 2 else {
            do throws(Failure) {
                result = .success(try work())
            } catch {
                result = .failure(error)
            }
            done.signal()
            return
        }
        // A queue of its own, which gets a thread of its own: the global pool has one thread per
        // core, and work queued there behind a parallel loop holding them all (decoding a
        // million deals) would start only when that loop ends.
        DispatchQueue(label: "landscape.background-work").async {
            do throws(Failure) {
                self.result = .success(try work())
            } catch {
                self.result = .failure(error)
            }
            self.done.signal()
        }
    }

    /// Waits for the work to finish and returns its value or rethrows its error.
    package func value() throws(Failure) -> Value {
        done.wait()
        done.signal()  // later calls return at once
        guard let result else { preconditionFailure("background work signalled without a result") }
        return try result.get()
    }

    /// ``value()``, for the one caller that asks for it: the work lets go of the value, which
    /// goes when the caller lets it go, not when the work does. Asking again is a mistake.
    package func take() throws(Failure) -> Value {
        done.wait()
        guard let taken = result else { preconditionFailure("background work taken twice") }
        result = nil
        done.signal()
        return try taken.get()
    }
}

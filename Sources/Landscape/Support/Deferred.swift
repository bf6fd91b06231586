import Dispatch
import Synchronization

/// A value made on first use and kept: what a night may never need, such as the parent
/// snapshot's deals on a night that changed none, costs nothing unless a step asks for it.
package final class Deferred<Value: Sendable>: Sendable {
    private let make: @Sendable () throws -> Value
    private let made = Mutex<Result<Value, any Error>?>(nil)

    package init(_ make: @escaping @Sendable () throws -> Value) {
        self.make = make
    }

    /// A value there already.
    package init(_ value: Value) {
        make = { value }
        made.withLock { $0 = .success(value) }
    }

    /// The value, made now if this is the first use; a failure is kept and thrown again.
    package func value() throws -> Value {
        try made.withLock { made in
            if let made { return made }
            let result = Result { try make() }
            made = result
            return result
        }.get()
    }

    /// Whether the value is made (or failed) already; waits while it is being made.
    package var isDone: Bool { made.withLock { $0 != nil } }

    /// The value, made now unless it is made already, and let go of: for a large value used
    /// once (a later use makes it again).
    package func take() throws -> Value {
        try made.withLock { made in
            let result = made ?? Result { try make() }
            made = nil
            return result
        }.get()
    }

    /// Lets go of the value, if it was made, without making it: a later use makes it again.
    package func letGo() {
        made.withLock { $0 = nil }
    }

    /// Starts making the value on another thread, for a caller that will likely need it soon;
    /// with `cores` below 2 it waits to be asked for, so that a run told to use one core never
    /// keeps two busy. The thread is one of its own (see ``BackgroundWork``), not one a parallel
    /// loop may hold.
    package func prefetch(cores: Int) {
        guard cores >= 2 else { return }
        DispatchQueue(label: "landscape.prefetch").async { _ = try? self.value() }
    }
}

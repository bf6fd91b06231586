/// Values made one ahead of their use, on a thread of their own: while the caller works on one
/// (files a block of articles, merges a part of the reports), the next is made (read and
/// decoded), so that work the caller does on one core alone leaves the other cores busy. The
/// first of the two to finish waits for the other; at most one value waits, made and not taken.
///
/// `make` is called in order, one call at a time, until it returns nil or throws, so it may
/// read on from where its last call stopped. With fewer than two cores each value is made when
/// asked for, and no sooner.
package final class MadeAhead<Value: Sendable, Failure: Error>: @unchecked Sendable {
    private let make: @Sendable () throws(Failure) -> Value?
    private let cores: Int
    // Only the caller's thread touches `ahead` and `isDone`; the work `ahead` holds touches
    // only `make`.
    private var ahead: BackgroundWork<Value?, Failure>?
    private var isDone = false

    package init(cores: Int, _ make: @escaping @Sendable () throws(Failure) -> Value?) {
        self.make = make
        self.cores = cores
    }

    /// The values `make(0)` to `make(count - 1)`, each made while the one before is worked on.
    package convenience init(count: Int, cores: Int, _ make: @escaping @Sendable (Int) throws(Failure) -> Value) {
        let made = Counter()
        self.init(cores: cores) { () throws(Failure) -> Value? in
            guard made.value < count else { return nil }
            defer { made.value += 1 }
            return try make(made.value)
        }
    }

    /// How many values were made: touched by one call of `make` at a time.
    private final class Counter: @unchecked Sendable {
        var value = 0
    }

    /// The next value (nil once `make` gave nil), the one after it started on another thread.
    /// An error of `make` is thrown once, and ends the values.
    package func next() throws(Failure) -> Value? {
        guard !isDone else { return nil }
        let value: Value?
        do throws(Failure) {
            if let ahead {
                self.ahead = nil
                value = try ahead.take()
            } else {
                value = try make()
            }
        } catch {
            isDone = true
            throw error
        }
        guard value != nil else {
            isDone = true
            return nil
        }
        if cores >= 2 {
            let make = make
            ahead = BackgroundWork(cores: cores) { () throws(Failure) -> Value? in try make() }
        }
        return value
    }

    /// Waits for the value being made, if any, and lets it go: a caller that stops early calls
    /// this before it lets go of what `make` reads (a file it closes).
    package func finish() {
        _ = try? ahead?.take()
        (ahead, isDone) = (nil, true)
    }
}

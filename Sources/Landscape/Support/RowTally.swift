import Synchronization

/// Rows a run read from disk and wrote to it: records, a JSON line each, of the stage cache and
/// of snapshots (the unit of a manifest file's `rows`). What only points into records (month
/// indexes, fingerprints, lists of keys) is not counted. Each stage's manifest record takes the
/// rows counted since the previous stage ended as `rows_read` and `rows_written`, so that a
/// night's claim to touch only what changed can be checked. Rows read ahead on another core
/// for a later stage (last night's parse and the parent's articles during fetch, the parent's
/// deals during extract) count in the stage they were read during. One run's cache, writer and
/// parent snapshot share one tally; runs in one process (tests) each have their own.
package final class RowTally: Sendable {
    package init() {}

    private let read = Atomic<Int>(0)
    private let written = Atomic<Int>(0)

    package func read(_ rows: Int) {
        read.wrappingAdd(rows, ordering: .relaxed)
    }

    package func wrote(_ rows: Int) {
        written.wrappingAdd(rows, ordering: .relaxed)
    }

    /// The rows read and written so far.
    package var totals: (read: Int, written: Int) {
        (read.load(ordering: .relaxed), written.load(ordering: .relaxed))
    }

    /// The rows of a file's bytes, as a snapshot's manifest counts them: its newlines. Eight
    /// bytes at a time: a stage's output is counted before the stage goes on.
    package static func rows(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { raw in
            let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            let newlines: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
            let words = raw.count / 8
            var count = 0
            for index in 0..<words {
                let word = raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self) ^ newlines
                // The high bit of each zero byte, and of no other: each byte's low seven bits
                // are added to 0x7F, which carries into the high bit unless all are zero.
                let zeros = ~(((word & lows) &+ lows) | word | lows)
                count += zeros.nonzeroBitCount
            }
            for index in (words * 8)..<raw.count where raw[index] == 0x0A { count += 1 }
            return count
        }
    }
}

/// A count kept by work on several threads, read once the work is done.
package final class SharedCount: Sendable {
    private let count = Atomic<Int>(0)

    package init() {}

    package func add(_ amount: Int) {
        count.wrappingAdd(amount, ordering: .relaxed)
    }

    package var value: Int { count.load(ordering: .relaxed) }
}

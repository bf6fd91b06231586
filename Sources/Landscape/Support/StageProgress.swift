import Dispatch
import Synchronization

/// The live line a run shows on a terminal: the stage, items done of all, time and rate
/// ("extract: 41,200 / 100,000 articles, 3.1 s, 13,290/s"), redrawn four times a second on
/// standard error. Off unless `landscape run` enables it for a terminal, so logs written to a
/// file or a pipe never hold it.
///
/// Stages report items done with ``advance(_:)`` from any thread; log lines go through
/// ``writeLine(_:)``, which clears the live line first so the two never mix.
package final class StageProgress: Sendable {
    package static let shared = StageProgress()

    private struct Line {
        var isEnabled = false
        var stage = ""
        var unit = ""
        var total = 0
        var started = ContinuousClock.now
        /// Which stage the ticker draws; a new stage or `end` makes older tickers stop.
        var generation = 0
        var isShown = false
    }

    private let done = Atomic<Int>(0)
    private let line = Mutex(Line())

    /// Turns the live line on: call it only when standard error is a terminal.
    package func enable() {
        line.withLock { $0.isEnabled = true }
    }

    /// Starts counting `total` items (`unit`: "feeds", "articles") of `stage`.
    package func begin(_ stage: String, total: Int, unit: String) {
        let generation: Int? = line.withLock { line in
            guard line.isEnabled else { return nil }
            line.stage = stage
            line.unit = unit
            line.total = total
            line.started = .now
            line.generation += 1
            return line.generation
        }
        done.store(0, ordering: .relaxed)
        guard let generation else { return }
        DispatchQueue.global().async { self.tick(generation) }
    }

    /// Counts `count` more items done.
    package func advance(_ count: Int = 1) {
        done.add(count, ordering: .relaxed)
    }

    /// Ends the stage's line and clears it.
    package func end() {
        line.withLock { line in
            line.generation += 1
            if line.isShown { Self.emit("\r\u{1B}[K") }
            line.isShown = false
        }
    }

    /// Writes one log line to standard error, clearing the live line first when it is shown.
    package func writeLine(_ text: String) {
        line.withLock { line in
            Self.emit((line.isShown ? "\r\u{1B}[K" : "") + text)
            line.isShown = false
        }
    }

    private func tick(_ generation: Int) {
        while true {
            usleep(250_000)
            let stillDrawing = line.withLock { line -> Bool in
                guard line.generation == generation else { return false }
                let count = min(done.load(ordering: .relaxed), line.total)
                let elapsed = seconds(since: line.started)
                let rate = elapsed > 0 ? Int(Double(count) / elapsed) : 0
                // A stage that does not count its items shows how many it has and for how long.
                let figures =
                    count == 0
                    ? "\(line.total) \(line.unit), \(Int(elapsed)) s"
                    : "\(count) / \(line.total) \(line.unit), \(Int(elapsed)) s, \(rate) \(line.unit)/s"
                Self.emit("\r\u{1B}[K\(line.stage): " + figures)
                line.isShown = true
                return true
            }
            if !stillDrawing { return }
        }
    }

    private static func emit(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(2, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written <= 0 { return }
            offset += written
        }
    }
}

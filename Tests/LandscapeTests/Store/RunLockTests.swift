import Foundation
import Landscape
import Logging
import Testing

@Suite("One run at a time per output directory")
struct RunLockTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    @Test("a second run while one runs fails at once, naming the holder; after it, runs go on")
    func concurrentRuns() throws {
        let feed = try TestPaths.bytes(TestPaths.sampleFeedFiles[0])
        let server = try LoopbackHTTPServer(paths: [
            "/slow.xml": .delayed(milliseconds: 3_000, .ok(body: feed, contentType: "application/rss+xml"))
        ])
        defer { server.stop() }
        let output = try TestPaths.makeTemporaryDirectory()
        let options = RunOptions(
            pipelinePath: TestPaths.defaultPipeline, outputDirectory: output,
            sourceOverrides: [server.url("/slow.xml")],
            jobs: 2, now: .now)
        // The first run gets a thread of its own: the test pool may be busy with other suites.
        let firstResult = FirstRun()
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            firstResult.set(Result { try Pipeline.run(options, logger: Self.logger) })
            finished.signal()
        }
        // Wait until the first run holds the lock (its holder line is written).
        let lockPath = output + "/state/run.lock"
        for _ in 0..<1_000 where (try? TestPaths.bytes(lockPath))?.isEmpty ?? true { usleep(10_000) }
        try #require(!(try TestPaths.bytes(lockPath)).isEmpty, "the first run never took the lock")
        do {
            _ = try Pipeline.run(options, logger: Self.logger)
            Issue.record("the second run should not have run")
        } catch let error as RunLockedError {
            #expect(error.holder.contains("pid \(getpid())"))
            #expect(error.description.contains(lockPath))
        }
        // "At once": the second run gave up while the first still waited on its slow feed,
        // rather than waiting for the lock. Judged by the first run's state, not by a clock, so
        // a slow (sanitizer) build measures the same thing.
        #expect(finished.wait(timeout: .now()) == .timedOut, "the second run waited for the first to end")
        finished.wait()
        let summary = try #require(try firstResult.get()?.get())
        #expect(summary.articles > 0)
        // Released: the file is empty and the next run takes the lock without complaint.
        #expect(try TestPaths.bytes(lockPath).isEmpty)
        #expect(throws: Never.self) { _ = try Pipeline.run(options, logger: Self.logger) }
    }

    @Test("a lock file left by a killed run is taken over, and who held it is told")
    func staleLock() throws {
        let output = try TestPaths.makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: output + "/state", withIntermediateDirectories: true)
        try Array("pid 424242 on gone-host, running since 2026-11-20T02:00:00Z".utf8).writeFile(
            output + "/state/run.lock")
        let lock = try RunLock(outputDirectory: output, now: Timestamp(secondsSinceEpoch: 0))
        #expect(lock.staleHolder == "pid 424242 on gone-host, running since 2026-11-20T02:00:00Z")
        #expect(String(decoding: try TestPaths.bytes(lock.path), as: UTF8.self).hasPrefix("pid \(getpid()) on "))
        #expect(throws: RunLockedError.self) { _ = try RunLock(outputDirectory: output, now: .now) }
    }
}

/// The first run's outcome, handed from its thread to the test.
private final class FirstRun: @unchecked Sendable {
    // Guarded by `lock`: written by the run's thread, read by the test after it signals.
    private let lock = NSLock()
    private var result: Result<RunSummary, any Error>?

    func set(_ result: Result<RunSummary, any Error>) {
        lock.withLock { self.result = result }
    }

    func get() -> Result<RunSummary, any Error>? {
        lock.withLock { result }
    }
}

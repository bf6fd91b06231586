import Foundation
import Landscape
import Logging
import Testing

/// Whole runs against a loopback server across several nights: conditional GET, failure
/// nights, offline runs, and a night on which every kind of fault happens at once.
@Suite("Nightly fetch across runs")
struct IncrementalFetchTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    static let night1 = Timestamp(secondsSinceEpoch: 1_794_880_800)  // 2026-11-17T02:00:00Z
    static let day: Int64 = 86_400

    static func at(night: Int64, plusHours hours: Int64 = 0) -> Timestamp {
        Timestamp(secondsSinceEpoch: night1.secondsSinceEpoch + (night - 1) * day + hours * 3_600)
    }

    /// A pipeline file in `folder` with these sources and quick retries; `extraFetch` adds
    /// lines to the fetch section.
    func writePipeline(_ folder: String, sources: [(id: String, url: String)], extraFetch: String = "") throws -> String
    {
        try PipelineFiles.write(
            folder, name: "nightly-test", sources: sources,
            fetch: [
                "concurrency: 8", "per_host: 4", "timeout_seconds: 2", "max_body_bytes: 1000000", "max_redirects: 3",
                "retries: 2", "retry_base_seconds: 0.05", "retry_max_seconds: 0.2", "retry_after_max_seconds: 5",
                "contact: \"mailto:ops@example.org\"",
            ] + extraFetch.split(separator: "\n").map { String($0.drop { $0 == " " }) },
            extract: [
                "gazetteer: \"\(TestPaths.pipelines)/gazetteer.jsonl\"",
                "places: \"\(TestPaths.pipelines)/places.jsonl\"",
            ])
    }

    func run(
        _ pipeline: String, _ output: String, at now: Timestamp, offline: Bool = false, logger: Logger = Self.logger
    ) throws -> RunSummary {
        let options = RunOptions(
            pipelinePath: pipeline, outputDirectory: output, jobs: 2, isOffline: offline, now: now)
        return try Pipeline.run(options, logger: logger)
    }

    func manifest(_ summary: RunSummary) throws -> [String: Any] {
        let bytes = try TestPaths.bytes(summary.snapshotPath + "/manifest.json")
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    func sources(_ manifest: [String: Any]) throws -> [String: [String: Any]] {
        let records = try #require(manifest["sources"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: records.map { ($0["id"] as? String ?? "", $0) })
    }

    func stage(_ manifest: [String: Any], _ name: String) throws -> [String: Any] {
        let stages = try #require(manifest["stages"] as? [[String: Any]])
        return try #require(stages.first { $0["name"] as? String == name })
    }

    static let sampleNames = ["korea-bio-digest.rdf", "asia-biotech-wire.xml", "japan-pharma-brief.xml"]

    /// Serves sample feeds with an ETag and Last-Modified, answering 304 to a matching request.
    func conditionalServer() throws -> LoopbackHTTPServer {
        var bodies: [String: [UInt8]] = [:]
        for name in Self.sampleNames { bodies["/" + name] = try TestPaths.bytes(TestPaths.samplesFeeds + "/" + name) }
        let served = bodies
        return try LoopbackHTTPServer { request in
            guard let body = served[request.path] else { return .status(404) }
            let etag = "\"\(body.count)-\(request.path.count)\""
            if request.headers["if-none-match"] == etag { return .status(304, headers: ["ETag": etag]) }
            return .response(
                status: 200,
                headers: [
                    "Content-Type": "application/xml", "ETag": etag, "Last-Modified": "Mon, 16 Nov 2026 20:00:00 GMT",
                ], body: body)
        }
    }

    @Test("second night: validators go back, every feed is a 304, no body is downloaded, articles are unchanged")
    func conditionalSecondNight() throws {
        let server = try conditionalServer()
        let folder = try TestPaths.makeTemporaryDirectory()
        let pipeline = try writePipeline(
            folder, sources: Self.sampleNames.map { (String($0.prefix(5)), server.url("/" + $0)) })
        let output = folder + "/Output"

        let first = try run(pipeline, output, at: Self.at(night: 1))
        let firstSources = try sources(manifest(first))
        #expect(firstSources.values.allSatisfy { $0["status"] as? String == "fetched" })
        // The bodies were let go once stored, and parse read them back: their sizes are still known.
        let sizes = try Set(Self.sampleNames.map { try TestPaths.bytes(TestPaths.samplesFeeds + "/" + $0).count })
        #expect(Set(firstSources.values.compactMap { $0["bytes"] as? Int }) == sizes)
        #expect(firstSources.values.allSatisfy { ($0["items"] as? Int ?? 0) > 0 })
        #expect(FileManager.default.fileExists(atPath: output + "/state/nightly-test.sqlite"))
        let bodies = try FileManager.default.contentsOfDirectory(atPath: output + "/cache/bodies")

        let second = try run(pipeline, output, at: Self.at(night: 2))
        let secondManifest = try manifest(second)
        let secondSources = try sources(secondManifest)
        for record in secondSources.values {
            #expect(record["status"] as? String == "not_modified")
            #expect(record["http_status"] as? Int == 304)
            #expect(record["bytes"] as? Int == 0)
            #expect((record["items"] as? Int ?? 0) > 0)
        }
        let parse = try stage(secondManifest, "parse")
        #expect((parse["counts"] as? [String: Any])?["reused_feeds"] as? Int == 3)
        let fetch = try stage(secondManifest, "fetch")
        #expect((fetch["counts"] as? [String: Any])?["not_modified"] as? Int == 3)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: output + "/cache/bodies").sorted() == bodies.sorted())

        let conditional = server.receivedRequests.suffix(3)
        #expect(conditional.allSatisfy { $0.headers["if-none-match"] != nil && $0.headers["if-modified-since"] != nil })
        #expect(server.receivedRequests.prefix(3).allSatisfy { $0.headers["if-none-match"] == nil })

        let before = try TestPaths.records(first.snapshotPath, "articles")
        let after = try TestPaths.records(second.snapshotPath, "articles")
        #expect(before.count == after.count)
        #expect(before.count > 20)
        for (old, new) in zip(before, after) {
            #expect(old["article_id"] as? String == new["article_id"] as? String)
            #expect(old["title"] as? String == new["title"] as? String)
            #expect(old["first_seen"] as? String == new["first_seen"] as? String)
        }
        #expect(second.deals == first.deals)
    }

    @Test("mirrors sending the same bytes are each fetched, and their body is stored once, whole")
    func mirrorsShareOneBody() throws {
        let body = try TestPaths.bytes(TestPaths.samplesFeeds + "/" + Self.sampleNames[1])
        // Bodies are stored on two cores: twelve mirrors of one feed store the same bytes at once.
        let server = try LoopbackHTTPServer { _ in
            .response(status: 200, headers: ["Content-Type": "application/xml"], body: body)
        }
        let folder = try TestPaths.makeTemporaryDirectory()
        let pipeline = try writePipeline(
            folder, sources: (1...12).map { ("mirror\($0)", server.url("/feed\($0).xml")) })
        let output = folder + "/Output"
        let summary = try run(pipeline, output, at: Self.at(night: 1))
        #expect(summary.failedFeeds.isEmpty)
        let records = try sources(manifest(summary))
        #expect(records.count == 12)
        #expect(records.values.allSatisfy { $0["status"] as? String == "fetched" })
        let stored = try FileManager.default.contentsOfDirectory(atPath: output + "/cache/bodies")
        #expect(stored == [SHA256.hex(body)])
        #expect(try TestPaths.bytes(output + "/cache/bodies/" + SHA256.hex(body)) == body)
    }

    @Test("a cached body that was damaged is not trusted: the feed is fetched in full, unconditionally")
    func damagedBodyIsRefetched() throws {
        let server = try conditionalServer()
        let folder = try TestPaths.makeTemporaryDirectory()
        let pipeline = try writePipeline(folder, sources: [("korea", server.url("/korea-bio-digest.rdf"))])
        let output = folder + "/Output"
        _ = try run(pipeline, output, at: Self.at(night: 1))
        let bodies = try FileManager.default.contentsOfDirectory(atPath: output + "/cache/bodies")
        #expect(bodies.count == 1)
        try Array("<rss>cut sho".utf8).writeFile(output + "/cache/bodies/" + bodies[0])

        let second = try run(pipeline, output, at: Self.at(night: 2))
        #expect(try sources(manifest(second))["korea"]?["status"] as? String == "fetched")
        #expect(server.receivedRequests.last?.headers["if-none-match"] == nil)
        #expect(second.articles == 14)
    }

    @Test("a source failing night after night is counted once per night and reported loudly, then forgiven")
    func failureNights() throws {
        let isDown = Flag(true)
        let good = try TestPaths.bytes(TestPaths.samplesFeeds + "/korea-bio-digest.rdf")
        let server = try LoopbackHTTPServer { request in
            if request.path == "/down.xml", isDown.value { return .status(503) }
            return .ok(body: good, contentType: "application/rdf+xml")
        }
        let folder = try TestPaths.makeTemporaryDirectory()
        let pipeline = try writePipeline(
            folder, sources: [("down", server.url("/down.xml")), ("good", server.url("/good.rdf"))],
            extraFetch: "  failure_alert_nights: 2")
        let output = folder + "/Output"

        let night1 = try manifest(run(pipeline, output, at: Self.at(night: 1)))
        #expect((night1["failing_sources"] as? [Any])?.isEmpty == true)
        #expect(try sources(night1)["down"]?["attempts"] as? Int == 3)
        #expect(try sources(night1)["good"]?["status"] as? String == "fetched")
        // A researcher's rerun the same night is not a second night.
        let rerun = try manifest(run(pipeline, output, at: Self.at(night: 1, plusHours: 5)))
        #expect((rerun["failing_sources"] as? [Any])?.isEmpty == true)

        let log = LogRecorder()
        let night2 = try manifest(run(pipeline, output, at: Self.at(night: 2), logger: log.logger))
        let alerts = log.messages.filter { $0.level == .critical }.map(\.text)
        #expect(alerts.count == 1)
        #expect(alerts.first?.contains("source down has failed 2 nights in a row") == true)
        let failing = try #require(night2["failing_sources"] as? [[String: Any]])
        #expect(failing.count == 1)
        #expect(failing.first?["id"] as? String == "down")
        #expect(failing.first?["nights"] as? Int == 2)
        #expect(failing.first?["since"] as? String == Self.at(night: 1).iso8601)
        #expect((failing.first?["error"] as? String)?.contains("HTTP 503") == true)

        isDown.value = false
        let night3 = try manifest(run(pipeline, output, at: Self.at(night: 3)))
        #expect((night3["failing_sources"] as? [Any])?.isEmpty == true)
        #expect(try sources(night3)["down"]?["status"] as? String == "fetched")
    }

    @Test("--offline: no request leaves, cached bodies are used, a never-fetched source says so")
    func offlineRun() throws {
        let server = try conditionalServer()
        let folder = try TestPaths.makeTemporaryDirectory()
        let known = Self.sampleNames.map { (String($0.prefix(5)), server.url("/" + $0)) }
        let output = folder + "/Output"
        let online = try run(writePipeline(folder, sources: known), output, at: Self.at(night: 1))
        let requests = server.requests.count
        server.stop()

        let pipeline = try writePipeline(folder, sources: known + [("never", "http://127.0.0.1:9/never.xml")])
        let offline = try run(pipeline, output, at: Self.at(night: 2), offline: true)
        let records = try sources(manifest(offline))
        #expect(server.requests.count == requests)
        for (id, _) in known {
            #expect(records[id]?["status"] as? String == "not_modified")
            #expect(records[id]?["attempts"] as? Int == 0)
        }
        #expect(records["never"]?["status"] as? String == "failed")
        #expect((records["never"]?["error"] as? String)?.contains("never fetched successfully") == true)
        #expect(offline.articles == online.articles)
    }

    @Test("one night with every fault at once: the healthy feeds are fetched and published all the same")
    func everyFaultAtOnce() throws {
        let korea = try TestPaths.bytes(TestPaths.samplesFeeds + "/korea-bio-digest.rdf")
        let latin1 =
            Array("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Seoul</title><item><title>".utf8)
            + [0x53, 0xE9, 0x6F, 0x75, 0x6C]  // "Séoul" in ISO-8859-1
            + Array(
                " biotech signs a licence</title><link>https://example.org/seoul</link></item></channel></rss>".utf8)
        let cp1252 =
            Array("<rss version=\"2.0\"><channel><title>Q</title><item><title>".utf8)
            + [0x93] + Array("Quoted".utf8) + [0x94]  // curly quotes in windows-1252
            + Array(" deal</title><link>https://example.org/quoted</link></item></channel></rss>".utf8)
        let bomb = try #require(Gzip.compress([UInt8](repeating: 0x20, count: 30_000_000), level: 9))
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/flaky.rdf":
                return request.attempt == 1 ? .status(500) : .ok(body: korea, contentType: "application/rdf+xml")
            case "/busy.rdf":
                return request.attempt == 1
                    ? .status(429, headers: ["Retry-After": "1"]) : .ok(body: korea, contentType: "application/rdf+xml")
            case "/html-type.rdf": return .ok(body: korea, contentType: "text/html")
            case "/no-type.rdf": return .response(status: 200, headers: [:], body: korea)
            case "/latin1.xml": return .ok(body: latin1, contentType: "application/rss+xml; charset=ISO-8859-1")
            case "/cp1252.xml": return .ok(body: cp1252, contentType: "text/xml; charset=windows-1252")
            case "/not-a-feed":
                return .ok(body: Array("<html><body>Sorry</body></html>".utf8), contentType: "application/rss+xml")
            case "/reset": return .resetMidBody
            case "/silent": return .silent
            case "/big": return .ok(body: [UInt8](repeating: 0x41, count: 2_000_000), contentType: "text/xml")
            case "/bomb": return .response(status: 200, headers: ["Content-Encoding": "gzip"], body: bomb)
            case "/loop": return .redirect(to: "/loop")
            case "/to-file": return .redirect(to: "file:///etc/passwd")
            default: return .status(404)
            }
        }
        let names = [
            "flaky.rdf", "busy.rdf", "html-type.rdf", "no-type.rdf", "latin1.xml", "cp1252.xml", "not-a-feed", "reset",
            "silent", "big", "bomb", "loop", "to-file", "missing",
        ]
        let folder = try TestPaths.makeTemporaryDirectory()
        let pipeline = try writePipeline(
            folder, sources: names.map { (String($0.split(separator: ".")[0]), server.url("/" + $0)) })
        let summary = try run(pipeline, folder + "/Output", at: Self.at(night: 1))
        let records = try sources(manifest(summary))

        for id in ["flaky", "busy", "html-type", "no-type"] {
            #expect(records[id]?["status"] as? String == "fetched", "\(id)")
            #expect(records[id]?["items"] as? Int == 14, "\(id)")
        }
        #expect(records["flaky"]?["attempts"] as? Int == 2)
        #expect(records["busy"]?["attempts"] as? Int == 2)
        let failed = ["not-a-feed", "reset", "silent", "big", "bomb", "loop", "to-file", "missing"]
        for id in failed {
            #expect(records[id]?["status"] as? String == "failed", "\(id)")
            #expect((records[id]?["error"] as? String)?.isEmpty == false, "\(id)")
        }
        #expect(Set(summary.failedFeeds) == Set(failed))
        #expect(records["missing"]?["attempts"] as? Int == 1)
        #expect(records["reset"]?["attempts"] as? Int == 3)
        #expect((records["bomb"]?["error"] as? String)?.contains("larger than 1000000") == true)

        let articles = try TestPaths.records(summary.snapshotPath, "articles")
        let titles = Set(articles.compactMap { $0["title"] as? String })
        #expect(titles.contains("Séoul biotech signs a licence"))
        #expect(titles.contains("\u{201C}Quoted\u{201D} deal"))
        #expect(!articles.contains { ($0["summary"] as? String)?.contains("root:") == true })
        // Four copies of one feed are one set of articles, plus the two single-item feeds.
        #expect(summary.articles == 14 + 2)
    }
}

/// Keeps what a run logs, for tests that check what an operator would read.
final class LogRecorder: @unchecked Sendable {
    struct Message: Sendable {
        let level: Logger.Level
        let text: String
    }

    private let lock = NSLock()
    private var stored: [Message] = []

    var messages: [Message] { lock.withLock { stored } }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(recorder: self) }
    }

    fileprivate func append(_ message: Message) {
        lock.withLock { stored.append(message) }
    }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.append(Message(level: event.level, text: "\(event.message)"))
        }
    }
}

/// A Boolean the test and the server thread share.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Bool

    init(_ value: Bool) {
        stored = value
    }

    var value: Bool {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

import Foundation
import Landscape
import Testing

@Suite("Fetch stage over real HTTP on loopback and file://")
struct FetchStageTests {
    static let feed = Array(
        """
        <?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
        <item><title>One</title><link>https://example.org/1</link></item></channel></rss>
        """.utf8)
    static let rss = "application/rss+xml; charset=utf-8"

    /// Fast retries, so that a test of three attempts takes a fraction of a second.
    func options(timeoutSeconds: Int = 10, retries: Int = 2) -> FetchOptions {
        var options = FetchOptions()
        options.timeoutSeconds = timeoutSeconds
        options.maxBodyBytes = 100_000
        options.maxRedirects = 3
        options.retries = retries
        options.retryBaseSeconds = 0.05
        options.retryMaxSeconds = 0.2
        options.retryAfterMaxSeconds = 5
        options.contact = "mailto:data-team@example.org"
        return options
    }

    func fetch(_ server: LoopbackHTTPServer, _ path: String, options: FetchOptions? = nil) throws -> FetchResult {
        let results = FetchStage.run([FeedSource(id: "s", url: server.url(path))], options: options ?? self.options())
        return try #require(results.first)
    }

    @Test("a feed over HTTP arrives whole, with status, content type and our User-Agent")
    func fetchesOverHTTP() throws {
        let server = try LoopbackHTTPServer(paths: ["/feed.xml": .ok(body: Self.feed, contentType: Self.rss)])
        let result = try fetch(server, "/feed.xml")
        #expect(result.status == .fetched)
        #expect(result.httpStatus == 200)
        #expect(result.body == Self.feed)
        #expect(result.contentType == Self.rss)
        #expect(result.attempts == 1)
        #expect(result.wireBytes > Self.feed.count)
        let agent = try #require(server.receivedRequests.first?.headers["user-agent"])
        #expect(agent.hasPrefix("Landscape/"))
        #expect(agent.contains("+mailto:data-team@example.org"))
        #expect(server.receivedRequests.first?.headers["accept-encoding"]?.contains("gzip") == true)
    }

    @Test("validators are sent back and a 304 comes back as not_modified with no body")
    func conditionalGet() throws {
        let server = try LoopbackHTTPServer { request in
            if request.headers["if-none-match"] == "\"v1\"" { return .status(304, headers: ["ETag": "\"v1\""]) }
            return .response(
                status: 200,
                headers: [
                    "Content-Type": Self.rss, "ETag": "\"v1\"", "Last-Modified": "Tue, 10 Nov 2026 08:00:00 GMT",
                ],
                body: Self.feed)
        }
        let first = try fetch(server, "/feed.xml")
        #expect(first.status == .fetched)
        #expect(first.validators == Validators(etag: "\"v1\"", lastModified: "Tue, 10 Nov 2026 08:00:00 GMT"))
        let request = FetchRequest(
            source: FeedSource(id: "s", url: server.url("/feed.xml")), validators: first.validators)
        let second = try #require(FetchStage.run([request], options: options()).first)
        #expect(second.status == .notModified)
        #expect(second.httpStatus == 304)
        #expect(second.body.isEmpty)
        let sent = try #require(server.receivedRequests.last?.headers)
        #expect(sent["if-none-match"] == "\"v1\"")
        #expect(sent["if-modified-since"] == "Tue, 10 Nov 2026 08:00:00 GMT")
    }

    @Test("a 500 then a 200: the retry succeeds")
    func retriesServerError() throws {
        let server = try LoopbackHTTPServer { request in
            request.attempt == 1 ? .status(500) : .ok(body: Self.feed, contentType: Self.rss)
        }
        let result = try fetch(server, "/flaky")
        #expect(result.status == .fetched)
        #expect(result.attempts == 2)
        #expect(result.body == Self.feed)
    }

    @Test("a 503 every time: retried, then reported with the attempts made")
    func givesUpAfterRetries() throws {
        let server = try LoopbackHTTPServer { _ in .status(503) }
        let result = try fetch(server, "/down", options: options(retries: 3))
        #expect(result.status == .failed)
        #expect(result.error?.code == .httpStatus(503))
        #expect(result.attempts == 4)
        #expect(server.requests.count == 4)
    }

    @Test("a 429 with Retry-After is waited out, then retried")
    func honoursRetryAfter() throws {
        let server = try LoopbackHTTPServer { request in
            request.attempt == 1
                ? .status(429, headers: ["Retry-After": "1"]) : .ok(body: Self.feed, contentType: Self.rss)
        }
        let result = try fetch(server, "/busy")
        #expect(result.status == .fetched)
        #expect(result.attempts == 2)
        let arrivals = server.receivedRequests.map(\.arrived)
        #expect(arrivals.count == 2)
        // Far longer than the 0.05 s backoff: the server's one second was honoured.
        #expect(arrivals[0].duration(to: arrivals[1]) >= .milliseconds(950))
    }

    @Test("a Retry-After beyond the limit is not waited for: the source fails tonight, politely")
    func longRetryAfterGivesUp() throws {
        let server = try LoopbackHTTPServer { _ in .status(429, headers: ["Retry-After": "3600"]) }
        let result = try fetch(server, "/busy")
        #expect(result.status == .failed)
        #expect(result.attempts == 1)
        #expect(result.error?.description.contains("retry after 3600 s") == true)
    }

    @Test("a 404 is reported at once, without a retry")
    func noRetryOnNotFound() throws {
        let server = try LoopbackHTTPServer { _ in .status(404, body: Array("gone".utf8)) }
        let result = try fetch(server, "/missing")
        #expect(result.error?.code == .httpStatus(404))
        #expect(result.attempts == 1)
        #expect(server.requests == ["/missing"])
    }

    @Test("a connection reset mid-body is retried; a reset every time fails")
    func resetMidBody() throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/once" && request.attempt > 1 ? .ok(body: Self.feed, contentType: Self.rss) : .resetMidBody
        }
        let once = try fetch(server, "/once")
        #expect(once.status == .fetched)
        #expect(once.attempts == 2)
        let always = try fetch(server, "/always")
        #expect(always.status == .failed)
        #expect(always.attempts == 3)
        if case .transport = always.error?.code {} else { Issue.record("expected a transport error") }
    }

    @Test("a server that never answers times out without holding up the others")
    func silentServerTimesOut() throws {
        let server = try LoopbackHTTPServer(paths: [
            "/silent": .silent, "/feed.xml": .ok(body: Self.feed, contentType: Self.rss),
        ])
        let sources = [
            FeedSource(id: "silent", url: server.url("/silent")),
            FeedSource(id: "good", url: server.url("/feed.xml")),
        ]
        let results = FetchStage.run(sources, options: options(timeoutSeconds: 1, retries: 0))
        #expect(results[0].status == .failed)
        #expect(results[0].error?.code == .transport(code: 28))
        #expect(results[1].status == .fetched)
    }

    @Test("a server that trickles bytes is cut off by the low-speed limit")
    func trickleIsAborted() throws {
        let server = try LoopbackHTTPServer(paths: ["/slow": .trickle])
        var options = options(retries: 0)
        options.lowSpeedBytesPerSecond = 100
        options.lowSpeedSeconds = 1
        let started = ContinuousClock.now
        let result = try fetch(server, "/slow", options: options)
        #expect(result.error?.code == .transport(code: 28))
        #expect(started.duration(to: .now) < .seconds(8))
    }

    @Test("bodies over the cap fail without a retry, also when a small gzip body inflates past it")
    func sizeCaps() throws {
        let bomb = try #require(Gzip.compress([UInt8](repeating: 0x20, count: 20_000_000), level: 9))
        let gzippedFeed = try #require(Gzip.compress(Self.feed))
        let server = try LoopbackHTTPServer(paths: [
            "/big": .ok(body: [UInt8](repeating: 0x41, count: 200_000), contentType: "text/xml"),
            "/bomb": .response(
                status: 200, headers: ["Content-Type": "application/rss+xml", "Content-Encoding": "gzip"], body: bomb),
            "/gzipped": .response(
                status: 200, headers: ["Content-Type": Self.rss, "Content-Encoding": "gzip"],
                body: gzippedFeed),
        ])
        #expect(bomb.count < 100_000)
        let big = try fetch(server, "/big")
        #expect(big.error?.code == .bodyTooLarge(limit: 100_000))
        #expect(big.attempts == 1)
        let exploded = try fetch(server, "/bomb")
        #expect(exploded.error?.code == .bodyTooLarge(limit: 100_000))
        #expect(exploded.attempts == 1)
        #expect(exploded.body.isEmpty)
        let gzipped = try fetch(server, "/gzipped")
        #expect(gzipped.body == Self.feed)
    }

    @Test("redirects: followed within the cap, never into a loop, never to file://")
    func redirects() throws {
        let server = try LoopbackHTTPServer(paths: [
            "/moved": .redirect(to: "/feed.xml"), "/feed.xml": .ok(body: Self.feed, contentType: Self.rss),
            "/loop": .redirect(to: "/loop"), "/to-file": .redirect(to: "file:///etc/passwd"),
        ])
        let moved = try fetch(server, "/moved")
        #expect(moved.status == .fetched)
        #expect(moved.body == Self.feed)
        let loop = try fetch(server, "/loop")
        #expect(loop.error?.code == .transport(code: 47))
        #expect(loop.attempts == 1)
        let toFile = try fetch(server, "/to-file")
        #expect(toFile.status == .failed)
        #expect(toFile.attempts == 1)
        #expect(!String(decoding: toFile.body, as: UTF8.self).contains("root:"))
        let schemes = FetchStage.run([FeedSource(id: "g", url: "gopher://127.0.0.1/feed")], options: options())
        #expect(schemes.first?.error?.code == .unsupportedScheme)
    }

    @Test("per_host caps the requests one server sees at once; concurrency spreads over hosts")
    func perHostLimit() throws {
        let slow = LoopbackHTTPServer.Reply.delayed(milliseconds: 300, .ok(body: Self.feed, contentType: Self.rss))
        let first = try LoopbackHTTPServer { _ in slow }
        let second = try LoopbackHTTPServer { _ in slow }
        var options = options()
        options.perHost = 3
        options.concurrency = 10
        let sources = (0..<12).flatMap { index in
            [
                FeedSource(id: "a\(index)", url: first.url("/\(index).xml")),
                FeedSource(id: "b\(index)", url: second.url("/\(index).xml")),
            ]
        }
        let results = FetchStage.run(sources, options: options)
        #expect(results.allSatisfy { $0.status == .fetched })
        #expect(first.peakConcurrency == 3)
        #expect(second.peakConcurrency == 3)
    }

    @Test("file:// sources are read, and a missing file is a clear failure")
    func readsFiles() throws {
        let path = TestPaths.samplesFeeds + "/asia-biotech-wire.xml"
        let results = FetchStage.run(
            [
                FeedSource(id: "sample", url: "file://" + path),
                FeedSource(id: "absent", url: "file:///nonexistent/feed.xml"),
            ], options: options())
        #expect(results[0].status == .fetched)
        #expect(results[0].httpStatus == nil)
        #expect(results[0].body == (try TestPaths.bytes(path)))
        #expect(results[1].status == .failed)
        #expect(results[1].attempts == 1)
        #expect(results[1].error?.description.contains("/nonexistent/feed.xml") == true)
    }
}

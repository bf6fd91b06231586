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

    func makeServer() throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { path in
            switch path {
            case "/feed.xml": return .ok(body: Self.feed, contentType: "application/rss+xml; charset=utf-8")
            case "/missing": return .status(404, body: Array("gone".utf8))
            case "/to-file": return .redirect(to: "file:///etc/passwd")
            case "/loop": return .redirect(to: "/loop")
            case "/big": return .ok(body: [UInt8](repeating: 0x41, count: 200_000), contentType: "text/xml")
            case "/reset": return .resetMidBody
            case "/silent": return .silent
            default: return .status(500, body: [])
            }
        }
    }

    func options(timeoutSeconds: Int = 10) -> FetchOptions {
        var options = FetchOptions()
        options.timeoutSeconds = timeoutSeconds
        options.maxBodyBytes = 100_000
        options.maxRedirects = 3
        return options
    }

    @Test("a feed served over HTTP arrives whole, with status and content type")
    func fetchesOverHTTP() throws {
        let server = try makeServer()
        defer { server.stop() }
        let results = FetchStage.run([FeedSource(id: "a", url: server.url("/feed.xml"))], options: options())
        let result = try #require(results.first)
        #expect(result.status == .fetched)
        #expect(result.httpStatus == 200)
        #expect(result.body == Self.feed)
        #expect(result.contentType == "application/rss+xml; charset=utf-8")
        #expect(server.requests == ["/feed.xml"])
    }

    @Test("failures are reported per source and never stop the other sources")
    func failuresStayLocal() throws {
        let server = try makeServer()
        defer { server.stop() }
        let sources = [
            FeedSource(id: "missing", url: server.url("/missing")),
            FeedSource(id: "to-file", url: server.url("/to-file")),
            FeedSource(id: "loop", url: server.url("/loop")),
            FeedSource(id: "big", url: server.url("/big")),
            FeedSource(id: "reset", url: server.url("/reset")),
            FeedSource(id: "good", url: server.url("/feed.xml")),
            FeedSource(id: "gopher", url: "gopher://127.0.0.1/feed"),
        ]
        let results = FetchStage.run(sources, options: options())
        let byID = Dictionary(uniqueKeysWithValues: results.map { ($0.source.id, $0) })
        #expect(byID["good"]?.status == .fetched)
        #expect(byID["missing"]?.error?.code == .httpStatus(404))
        #expect(byID["to-file"]?.status == .failed)
        #expect(byID["to-file"]?.body.isEmpty == true)
        #expect(byID["loop"]?.status == .failed)
        #expect(byID["big"]?.error?.code == .bodyTooLarge(limit: 100_000))
        #expect(byID["reset"]?.status == .failed)
        #expect(byID["gopher"]?.error?.code == .unsupportedScheme)
        // The redirect to file:// was refused: /etc/passwd never became a body.
        #expect(!results.contains { String(decoding: $0.body, as: UTF8.self).contains("root:") })
    }

    @Test("a server that never answers times out without holding up the others")
    func silentServerTimesOut() throws {
        let server = try makeServer()
        defer { server.stop() }
        let sources = [
            FeedSource(id: "silent", url: server.url("/silent")),
            FeedSource(id: "good", url: server.url("/feed.xml")),
        ]
        let results = FetchStage.run(sources, options: options(timeoutSeconds: 1))
        #expect(results[0].status == .failed)
        if case .transport = results[0].error?.code {} else { Issue.record("expected a transport timeout") }
        #expect(results[1].status == .fetched)
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
        #expect(results[1].error?.description.contains("/nonexistent/feed.xml") == true)
    }
}

import Foundation
import Logging
import Testing

@testable import Landscape

@Suite("Pages stage over real HTTP on loopback")
struct PagesRunnerTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    static let html = "text/html"

    /// A page whose body is one paragraph of prose about `topic`, with a menu around it.
    static func page(_ topic: String) -> [UInt8] {
        Array(
            """
            <html><head><title>\(topic)</title></head><body>
            <nav><a href="/">Home</a> <a href="/deals">Deals</a></nav>
            <div class="story-body"><p>\(topic) signed a licensing agreement with a partner in Singapore on Tuesday, \
            the two companies said, in a deal that covers three antibody programmes and several markets.</p>
            <p>The partner will pay an upfront fee and milestones as the programmes advance, they added.</p></div>
            <footer>Copyright</footer></body></html>
            """.utf8)
    }

    func runner(
        _ output: String, options: PagesOptions = PagesOptions(), maxBodyBytes: Int = 200_000, offline: Bool = false
    ) throws -> PagesRunner {
        let cache = StageCache(outputDirectory: output, pipeline: "pages-test")
        try cache.prepare()
        var fetch = FetchOptions()
        fetch.retries = 0
        fetch.maxBodyBytes = maxBodyBytes
        fetch.contact = "mailto:data-team@example.org"
        var pages = options
        pages.timeoutSeconds = 8
        return PagesRunner(
            cache: cache, state: try StateDatabase(outputDirectory: output, pipeline: "pages-test"),
            logger: Self.logger, options: pages,
            fetch: fetch, isOffline: offline, now: .now)
    }

    func articles(_ urls: [String]) -> [PageRequest] {
        urls.enumerated().map { PageRequest(articleID: "a\($0.offset)", url: $0.element) }
    }

    @Test(
        "robots.txt: a disallowed page is never requested, Crawl-delay spaces the others, and the file is read once a day"
    )
    func robots() throws {
        let server = try LoopbackHTTPServer(paths: [
            "/robots.txt": .ok(
                body: Array(
                    "User-agent: *\nDisallow: /private/\nCrawl-delay: 0.3\n\nUser-agent: OtherBot\nDisallow: /\n".utf8),
                contentType: "text/plain"),
            "/private/a": .ok(body: Self.page("Hidden Bio"), contentType: Self.html),
            "/public/a": .ok(body: Self.page("Alpha Bio"), contentType: Self.html),
            "/public/b": .ok(body: Self.page("Beta Bio"), contentType: Self.html),
            "/public/c": .ok(body: Self.page("Gamma Bio"), contentType: Self.html),
        ])
        defer { server.stop() }
        let output = try TestPaths.makeTemporaryDirectory()
        let outcomes = try runner(output).run(
            articles(["/private/a", "/public/a", "/public/b", "/public/c"].map(server.url)))
        #expect(outcomes.map(\.status) == [.skippedRobots, .fetched, .fetched, .fetched])
        #expect(!server.requests.contains("/private/a"))
        #expect(outcomes[1].text?.contains("Alpha Bio signed a licensing agreement") == true)
        #expect(outcomes[1].text?.contains("Home") == false)
        let arrivals = server.receivedRequests.filter { $0.path.hasPrefix("/public/") }.map(\.arrived)
        #expect(arrivals.count == 3)
        for (earlier, later) in zip(arrivals, arrivals.dropFirst()) {
            #expect(earlier.duration(to: later) >= .milliseconds(250), "requests \(earlier.duration(to: later)) apart")
        }
        // A later run the same day reads the rules from the state database.
        _ = try runner(output).run(articles([server.url("/public/a")]))
        #expect(server.requests.count { $0 == "/robots.txt" } == 1)
    }

    @Test("a page read before is asked for conditionally, and a 304 is served from the body cache")
    func notModified() throws {
        let etag = "\"v1\""
        let body = Self.page("Delta Bio")
        let server = try LoopbackHTTPServer { request in
            guard request.path == "/page" else { return .status(404) }
            if request.headers["if-none-match"] == etag { return .status(304, headers: ["ETag": etag]) }
            return .response(status: 200, headers: ["Content-Type": Self.html, "ETag": etag], body: body)
        }
        defer { server.stop() }
        let output = try TestPaths.makeTemporaryDirectory()
        let first = try runner(output).run(articles([server.url("/page")]))
        #expect(first.first?.status == .fetched)
        let again = PageRequest(articleID: "other-feed-copy", url: server.url("/page"))
        let second = try runner(output).run([again])
        #expect(second.first?.status == .notModified)
        #expect(second.first?.text == first.first?.text)
        #expect(second.first?.text?.contains("Delta Bio") == true)
        #expect(server.receivedRequests.last?.headers["if-none-match"] == etag)
    }

    @Test("a page over the size cap, a PDF, an image, and bytes that are a PDF whatever the server says, fail alone")
    func notPages() throws {
        let pdf = Array("%PDF-1.7\n1 0 obj <<>> endobj\n".utf8)
        let server = try LoopbackHTTPServer(paths: [
            "/big": .ok(body: Array(repeating: UInt8(ascii: "a"), count: 300_000), contentType: Self.html),
            "/report.pdf": .ok(body: pdf, contentType: "application/pdf"),
            "/photo": .ok(body: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], contentType: "image/png"),
            "/lying": .ok(body: pdf, contentType: Self.html),
            "/fine": .ok(body: Self.page("Epsilon Bio"), contentType: Self.html),
        ])
        defer { server.stop() }
        let output = try TestPaths.makeTemporaryDirectory()
        let outcomes = try runner(output, maxBodyBytes: 200_000).run(
            articles(["/big", "/report.pdf", "/photo", "/lying", "/fine"].map(server.url)))
        #expect(outcomes.map(\.status) == [.failed, .failed, .failed, .failed, .fetched])
        #expect(outcomes[0].error?.contains("200000") == true)
        #expect(outcomes[1].error == "not an HTML page: application/pdf")
        #expect(outcomes[2].error == "not an HTML page: image/png")
        #expect(outcomes[3].error == "not an HTML page: a PDF")
        #expect(outcomes[1...3].allSatisfy { $0.text == nil })
        #expect(outcomes[4].text?.contains("Epsilon Bio") == true)
    }

    @Test("windows-1252 and Shift_JIS pages declared only in a meta tag are read in their charset")
    func charsets() throws {
        let latin = Array(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body><p>Zeta Bio opened a caf\u{E9} for researchers in S\u{E3}o Paulo, its \u{201C}first\u{201D} outside Asia, the company said on Monday.</p></body></html>"
                .data(using: .windowsCP1252)!)
        let japanese = Array(
            "<html><head><meta charset=\"Shift_JIS\"></head><body><p>第一三共株式会社は、抗体薬物複合体の共同開発と販売について米国の製薬会社と契約を結んだと発表した。</p></body></html>"
                .data(using: .shiftJIS)!)
        let server = try LoopbackHTTPServer(paths: [
            "/latin": .ok(body: latin, contentType: Self.html),
            "/japanese": .ok(body: japanese, contentType: Self.html),
        ])
        defer { server.stop() }
        let output = try TestPaths.makeTemporaryDirectory()
        let outcomes = try runner(output).run(articles(["/latin", "/japanese"].map(server.url)))
        #expect(
            outcomes[0].text?.contains("caf\u{E9} for researchers in S\u{E3}o Paulo, its \u{201C}first\u{201D}") == true
        )
        #expect(outcomes[1].text?.contains("第一三共株式会社は、抗体薬物複合体の共同開発") == true)
    }

    @Test("a redirect to a page on another host is followed")
    func redirectElsewhere() throws {
        let other = try LoopbackHTTPServer(paths: ["/landed": .ok(body: Self.page("Eta Bio"), contentType: Self.html)])
        defer { other.stop() }
        let server = try LoopbackHTTPServer(paths: ["/moved": .redirect(to: other.url("/landed"))])
        defer { server.stop() }
        let output = try TestPaths.makeTemporaryDirectory()
        let outcomes = try runner(output).run(articles([server.url("/moved")]))
        #expect(outcomes.first?.status == .fetched)
        #expect(outcomes.first?.text?.contains("Eta Bio signed") == true)
        #expect(other.requests.contains("/landed"))
    }

    @Test("a slow host does not hold up the others")
    func slowHost() throws {
        let slow = try LoopbackHTTPServer(paths: [
            "/slow": .delayed(milliseconds: 2_500, .ok(body: Self.page("Theta Bio"), contentType: Self.html))
        ])
        defer { slow.stop() }
        let fast = try LoopbackHTTPServer(paths: [
            "/1": .ok(body: Self.page("Iota Bio"), contentType: Self.html),
            "/2": .ok(body: Self.page("Kappa Bio"), contentType: Self.html),
            "/3": .ok(body: Self.page("Lambda Bio"), contentType: Self.html),
        ])
        defer { fast.stop() }
        let output = try TestPaths.makeTemporaryDirectory()
        let started = ContinuousClock.now
        let outcomes = try runner(output).run(articles([slow.url("/slow")] + ["/1", "/2", "/3"].map(fast.url)))
        #expect(outcomes.map(\.status) == [.fetched, .fetched, .fetched, .fetched])
        let fastArrivals = fast.receivedRequests.filter { $0.path != "/robots.txt" }.map(\.arrived)
        #expect(fastArrivals.count == 3)
        #expect(fastArrivals.allSatisfy { started.duration(to: $0) < .milliseconds(2_000) })
        #expect(started.duration(to: .now) >= .milliseconds(2_500))
    }

    @Test("a page written by a script: no script is run; the text comes from JSON-LD or is empty, and the run goes on")
    func scriptPages() throws {
        let withData = Array(
            """
            <html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Mu Bio deal",
            "datePublished": "2025-02-03T04:05:06Z", "articleBody": "Mu Bio licensed its lead antibody to a Korean partner."}</script>
            <script>document.getElementById('root').innerHTML = '<p>Injected text that no reader should see.</p>';</script>
            </head><body><div id="root"></div></body></html>
            """.utf8)
        let empty = Array(
            "<html><body><div id=\"app\"></div><script>document.write('<p>Written by a script at load time.</p>')</script></body></html>"
                .utf8)
        let server = try LoopbackHTTPServer(paths: [
            "/data": .ok(body: withData, contentType: Self.html), "/empty": .ok(body: empty, contentType: Self.html),
            "/next": .ok(body: Self.page("Nu Bio"), contentType: Self.html),
        ])
        defer { server.stop() }
        let output = try TestPaths.makeTemporaryDirectory()
        let outcomes = try runner(output).run(articles(["/data", "/empty", "/next"].map(server.url)))
        #expect(outcomes.map(\.status) == [.fetched, .fetched, .fetched])
        #expect(outcomes[0].text == "Mu Bio licensed its lead antibody to a Korean partner.")
        #expect(outcomes[0].published == "2025-02-03T04:05:06Z")
        #expect(outcomes[1].text == nil)
        #expect(outcomes[2].text?.contains("Nu Bio") == true)
    }

    @Test("hosts outside allow_hosts or in deny_hosts, pages over max_per_night, and --offline are never requested")
    func limits() throws {
        let server = try LoopbackHTTPServer(paths: [
            "/1": .ok(body: Self.page("Xi Bio"), contentType: Self.html),
            "/2": .ok(body: Self.page("Omicron Bio"), contentType: Self.html),
        ])
        defer { server.stop() }
        let output = try TestPaths.makeTemporaryDirectory()
        var options = PagesOptions()
        options.maxPerNight = 1
        options.denyHosts = ["*.example"]
        let outcomes = try runner(output, options: options).run(
            articles([server.url("/1"), server.url("/2"), "https://news.example/3", "ftp://127.0.0.1/4"]))
        #expect(outcomes.map(\.status) == [.fetched, .overBudget, .skippedHost, .skippedHost])
        #expect(!server.requests.contains("/2"))
        options.allowHosts = ["localhost"]
        let allowed = try runner(output, options: options).run(articles([server.url("/2")]))
        #expect(allowed.first?.status == .skippedHost)
        let offline = try runner(output, offline: true).run(articles([server.url("/1"), server.url("/2")]))
        #expect(offline.map(\.status) == [.saved, .offline])
        #expect(offline.first?.text?.contains("Xi Bio") == true)
        #expect(server.requests.count { $0 == "/2" } == 0)
    }

    @Test("saved pages are looked up under the mirror by host and path, never outside it")
    func mirrorPaths() {
        #expect(
            PagesRunner.mirrorPath("https://Wire.example/news/a-deal?utm_source=x#top", in: "/m")
                == "/m/wire.example/news/a-deal.html")
        #expect(PagesRunner.mirrorPath("https://wire.example/news/", in: "/m") == "/m/wire.example/news/index.html")
        #expect(
            PagesRunner.mirrorPath("https://wire.example/a/../../../etc/passwd", in: "/m")
                == "/m/wire.example/a/etc/passwd.html")
        #expect(PagesRunner.mirrorPath("https://wire.example/story.htm", in: "/m") == "/m/wire.example/story.htm")
    }
}

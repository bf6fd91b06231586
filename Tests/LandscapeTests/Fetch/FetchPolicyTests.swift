import Testing

@testable import Landscape

@Suite("Retry policy, response headers and host scheduling")
struct FetchPolicyTests {
    func policy(retries: Int = 3) -> RetryPolicy {
        var options = FetchOptions()
        options.retries = retries
        options.retryBaseSeconds = 1
        options.retryMaxSeconds = 5
        options.retryAfterMaxSeconds = 60
        return RetryPolicy(options)
    }

    func error(_ code: FetchError.Code) -> FetchError {
        FetchError(code: code, source: "http://example.org/feed")
    }

    @Test("backoff doubles from the base up to the cap, jittered within its upper half")
    func backoff() {
        let policy = policy(retries: 5)
        let timeout = error(.transport(code: 28))
        #expect(policy.decide(after: timeout, attempt: 1, retryAfter: nil, random: 0) == .retry(afterSeconds: 0.5))
        #expect(
            policy.decide(after: timeout, attempt: 1, retryAfter: nil, random: 0.999) == .retry(afterSeconds: 0.9995))
        #expect(policy.decide(after: timeout, attempt: 2, retryAfter: nil, random: 0) == .retry(afterSeconds: 1))
        #expect(policy.decide(after: timeout, attempt: 3, retryAfter: nil, random: 1) == .retry(afterSeconds: 4))
        #expect(policy.decide(after: timeout, attempt: 5, retryAfter: nil, random: 1) == .retry(afterSeconds: 5))
        #expect(policy.decide(after: timeout, attempt: 6, retryAfter: nil, random: 0) == .giveUp(reason: nil))
    }

    @Test("what is retried: 429, 5xx and network failures; never other 4xx, caps or refused schemes")
    func retryable() {
        let policy = policy()
        for code: FetchError.Code in [
            .httpStatus(429), .httpStatus(500), .httpStatus(503), .transport(code: 7), .transport(code: 18),
            .transport(code: 56),
        ] {
            #expect(policy.decide(after: error(code), attempt: 1, retryAfter: nil, random: 0) != .giveUp(reason: nil))
        }
        for code: FetchError.Code in [
            .httpStatus(404), .httpStatus(403), .httpStatus(410), .bodyTooLarge(limit: 1), .unsupportedScheme,
            .transport(code: 1), .transport(code: 47), .emptyBody,
        ] {
            #expect(policy.decide(after: error(code), attempt: 1, retryAfter: nil, random: 0) == .giveUp(reason: nil))
        }
    }

    @Test("Retry-After is honoured exactly, and one past the limit is not waited for")
    func retryAfter() {
        let policy = policy()
        let busy = error(.httpStatus(429))
        #expect(policy.decide(after: busy, attempt: 1, retryAfter: 7, random: 0.3) == .retry(afterSeconds: 7))
        guard case .giveUp(let reason) = policy.decide(after: busy, attempt: 1, retryAfter: 600, random: 0) else {
            Issue.record("expected to give up")
            return
        }
        #expect(reason?.contains("600") == true)
    }

    func headers(_ lines: [String]) -> ResponseHeaders {
        var headers = ResponseHeaders()
        for line in lines {
            let bytes = Array((line + "\r\n").utf8)
            bytes.withUnsafeBufferPointer { headers.take($0) }
        }
        return headers
    }

    @Test("validators and Retry-After are read case-blind, and a redirect's headers are forgotten")
    func responseHeaders() {
        let read = headers([
            "HTTP/1.1 301 Moved", "ETag: \"old\"", "Location: /new", "",
            "HTTP/1.1 200 OK", "etag:   W/\"v2\"  ", "LAST-MODIFIED: Fri, 20 Nov 2026 18:00:00 GMT",
            "Content-Type: text/xml",
        ])
        #expect(read.validators == Validators(etag: "W/\"v2\"", lastModified: "Fri, 20 Nov 2026 18:00:00 GMT"))
        #expect(read.retryAfter == nil)
        let now = Timestamp(secondsSinceEpoch: 1_795_262_400)  // 2026-11-21T12:00:00Z
        #expect(headers(["HTTP/1.1 429 Busy", "Retry-After: 120"]).retryAfterSeconds(now: now) == 120)
        #expect(
            headers(["HTTP/1.1 503 Down", "Retry-After: Sat, 21 Nov 2026 12:00:30 GMT"]).retryAfterSeconds(now: now)
                == 30)
        #expect(headers(["HTTP/1.1 503 Down", "Retry-After: soon"]).retryAfterSeconds(now: now) == nil)
    }

    @Test("a URL's host key: scheme and authority lower-cased, user info, path, query and fragment left out")
    func hostKeys() {
        let keys = [
            "HTTPS://Editor:pw@News.Example.COM:8443/Deals/ADC?Id=7#Top": "https://news.example.com:8443",
            "http://A.example?q=/x": "http://a.example",
            "http://a.example#Frag": "http://a.example",
            "FILE:///Tmp/Feed.xml": "file://",
            "Feeds/Local.XML": "feeds/local.xml",
            "urn:x:Y://Other.Example/p": "urn:x:y://other.example",
            "https://[2001:DB8::1]:443/p": "https://[2001:db8::1]:443",
        ]
        for (url, key) in keys { #expect(HostScheduler.host(of: url) == key, "\(url)") }
    }

    @Test("the scheduler goes round-robin over hosts and never past per_host, retries first")
    func scheduler() {
        var scheduler = HostScheduler(perHost: 2)
        let urls = [
            "http://a.example/1", "http://a.example/2", "http://a.example/3", "https://user@B.example:8443/x",
            "file:///tmp/1", "file:///tmp/2", "file:///tmp/3",
        ]
        scheduler.enqueue(urls.enumerated().map { ($0.offset, HostScheduler.host(of: $0.element)) })
        var started: [Int] = []
        while let next = scheduler.next() { started.append(next.index) }
        // a.example gets two, b.example one, and files have no host limit.
        #expect(started.sorted() == [0, 1, 3, 4, 5, 6])
        #expect(HostScheduler.host(of: urls[3]) == "https://b.example:8443")
        scheduler.finished(host: "http://a.example")
        scheduler.requeueFirst(0, host: "http://a.example")
        #expect(scheduler.next()?.index == 0)
        #expect(scheduler.next() == nil)
        scheduler.finished(host: "http://a.example")
        #expect(scheduler.next()?.index == 2)
    }
}

import Foundation
import Landscape
import Testing

@Suite("Feed parser (libxml2)")
struct FeedParserTests {
    static let expectedVersions = [
        "asia-biotech-wire.xml": "rss20", "china-biopharma-monitor.atom": "atom10", "india-sea-health.xml": "rss20",
        "japan-pharma-brief.xml": "rss20", "korea-bio-digest.rdf": "rss10", "pharma-deals-daily.atom": "atom10",
    ]

    @Test("every sample feed parses, well-formed, with its dialect and items", arguments: TestPaths.sampleFeedFiles)
    func samples(_ path: String) throws {
        let feed = try parseFeed(try TestPaths.bytes(path), origin: path)
        let name = (path as NSString).lastPathComponent
        #expect(feed.version == Self.expectedVersions[name])
        #expect(!feed.isBozo)
        #expect(feed.entries.count >= 14)
        #expect(feed.entries.allSatisfy { $0.title != nil && $0.link != nil && $0.summary != nil })
    }

    @Test("the samples hold 80 items or more in all")
    func sampleSize() throws {
        let total = try TestPaths.sampleFeedFiles.reduce(0) { sum, path in
            sum + (try parseFeed(try TestPaths.bytes(path), origin: path)).entries.count
        }
        #expect(total >= 80)
    }

    @Test("RSS 2.0 fields: HTML description to text, guid as link, author name, categories")
    func rss20Fields() throws {
        let xml = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Chan &amp; Co</title><link>https://ex.org/</link>
            <language>en</language><item><title>A &amp; B</title><guid>https://ex.org/a</guid>
            <pubDate>Tue, 04 Mar 2025 10:20:30 GMT</pubDate><author>ed@ex.org (Ed Lee)</author>
            <category>Deals</category><category>ADC</category>
            <description>&lt;p&gt;Hello&amp;nbsp;&lt;b&gt;wor&lt;/b&gt;ld&lt;/p&gt;&lt;p&gt;caf&amp;eacute; &amp;#8211; ok&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;</description>
            </item></channel></rss>
            """
        let feed = try parseFeed(Array(xml.utf8), origin: "test")
        #expect(feed.title == "Chan & Co")
        #expect(feed.language == "en")
        let entry = try #require(feed.entries.first)
        #expect(entry.title == "A & B")
        #expect(entry.link == "https://ex.org/a")
        #expect(entry.authors == ["Ed Lee"])
        #expect(entry.categories == ["Deals", "ADC"])
        #expect(entry.summary == "Hello world café – ok")
        #expect(entry.published?.iso8601 == "2025-03-04T10:20:30Z")
    }

    @Test("Atom 1.0: alternate link, html and xhtml content, author, term categories")
    func atomFields() throws {
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ko"><title type="html">&lt;b&gt;Bio&lt;/b&gt; news</title>
            <link rel="self" href="https://ex.org/feed"/><link href="https://ex.org/"/>
            <entry><title>T</title><id>tag:ex.org,2025:1</id>
            <link rel="enclosure" href="https://ex.org/a.mp3"/><link rel="alternate" href="https://ex.org/1"/>
            <updated>2025-03-04T10:20:30+09:00</updated><author><name>Kim</name></author><category term="cdmo"/>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>One</p><p>Two <b>three</b></p></div></content>
            </entry></feed>
            """
        let feed = try parseFeed(Array(xml.utf8), origin: "test")
        #expect(feed.version == "atom10")
        #expect(feed.title == "Bio news")
        #expect(feed.link == "https://ex.org/")
        #expect(feed.language == "ko")
        let entry = try #require(feed.entries.first)
        #expect(entry.link == "https://ex.org/1")
        #expect(entry.id == "tag:ex.org,2025:1")
        #expect(entry.updated?.iso8601 == "2025-03-04T01:20:30Z")
        #expect(entry.published == nil)
        #expect(entry.authors == ["Kim"])
        #expect(entry.categories == ["cdmo"])
        #expect(entry.content == "One Two three")
    }

    @Test("a feed that is not well-formed is read in recovery mode and flagged bozo")
    func brokenFeedIsBozo() throws {
        let xml = """
            <rss version="2.0"><channel><title>Broken</title>
            <item><title>First & only</title><link>https://ex.org/1</link></item>
            <item><title>Second</title><link>https://ex.org/2</link>
            """
        let feed = try parseFeed(Array(xml.utf8), origin: "test")
        #expect(feed.isBozo)
        #expect(feed.bozoMessage != nil)
        #expect(feed.entries.count >= 1)
        #expect(feed.entries.first?.link == "https://ex.org/1")
    }

    @Test("bytes that are not XML or not a feed get a clear error naming the origin")
    func notAFeed() {
        #expect(throws: ParseError.self) { try parseFeed(Array("just text".utf8), origin: "plain.txt") }
        do {
            _ = try parseFeed(Array("<html><body>hi</body></html>".utf8), origin: "page.html")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("page.html"))
            #expect(error.code == .notAFeed(root: "html"))
        }
    }

    @Test("an article keeps only a web link: javascript: and data: links are dropped, control characters encoded")
    func articleLinks() throws {
        let xml = """
            <rss version="2.0"><channel><title>x</title>
            <item><title>Script</title><link>javascript:alert(1)</link></item>
            <item><title>Data</title><link>DATA:text/html,x</link></item>
            <item><title>Control</title><link>https://ex.org/a&#x7F;b c</link></item>
            <item><title>Plain</title><link>HTTPS://ex.org/deal?id=1</link></item>
            </channel></rss>
            """
        let feed = try parseFeed(Array(xml.utf8), origin: "links")
        let articles = ParseStage.makeArticles(from: feed, sourceID: "s", seenAt: Timestamp(secondsSinceEpoch: 0))
        #expect(articles.map(\.title) == ["Script", "Data", "Control", "Plain"])
        #expect(articles.map(\.url) == [nil, nil, "https://ex.org/a%7Fb%20c", "HTTPS://ex.org/deal?id=1"])
        #expect(articles[0].canonicalURL == nil && articles[3].canonicalURL == "https://ex.org/deal?id=1")
    }

    @Test("external entities are never loaded (XXE)")
    func externalEntitiesIgnored() throws {
        let xml = """
            <?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>x</title><item><title>a&xxe;b</title><link>https://ex.org/1</link>
            <description>&xxe;</description></item></channel></rss>
            """
        let feed = try parseFeed(Array(xml.utf8), origin: "xxe")
        let text = [feed.entries.first?.title, feed.entries.first?.summary].compactMap { $0 }.joined()
        #expect(!text.contains("root:"))
    }

    @Test("exponential entity expansion (billion laughs) stays bounded")
    func billionLaughs() throws {
        var xml = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY lol0 \"lol\">"
        for level in 1...10 {
            xml += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        xml += "]><rss version=\"2.0\"><channel><title>&lol10;</title></channel></rss>"
        let feed = try? parseFeed(Array(xml.utf8), origin: "laughs")
        #expect((feed?.title?.utf8.count ?? 0) < 1_000_000)
    }

    @Test("nesting deeper than the limit is refused")
    func depthLimit() {
        let xml =
            "<rss version=\"2.0\"><channel>" + String(repeating: "<x>", count: 400)
            + String(repeating: "</x>", count: 400) + "</channel></rss>"
        var limits = ParseLimits()
        limits.maxDepth = 100
        #expect(throws: ParseError.self) { try parseFeed(Array(xml.utf8), origin: "deep", limits: limits) }
    }

    @Test("the HTTP charset is used when the document declares none")
    func httpCharset() throws {
        var bytes = Array("<rss version=\"2.0\"><channel><title>Caf".utf8)
        bytes.append(0xE9)  // é in ISO-8859-1
        bytes.append(contentsOf: Array("</title></channel></rss>".utf8))
        let feed = try parseFeed(bytes, origin: "latin1", httpContentType: "application/xml; charset=ISO-8859-1")
        #expect(feed.title == "Café")
    }
}

@Suite("Canonical URLs")
struct CanonicalURLTests {
    @Test(
        "tracking parameters, fragments, case and default ports go",
        arguments: [
            ("HTTPS://News.Example.COM/a/B?utm_source=rss&id=7&utm_medium=x#top", "https://news.example.com/a/B?id=7"),
            ("http://ex.org:80/p?fbclid=abc", "http://ex.org/p"),
            ("https://ex.org", "https://ex.org/"),
            ("https://ex.org/x?b=2&a=1", "https://ex.org/x?b=2&a=1"),
        ])
    func canonical(_ input: String, _ expected: String) {
        #expect(CanonicalURL.make(input) == expected)
    }
}

import Foundation
import Testing

@testable import Landscape

/// Feeds written for these tests, one behaviour each: links and ids, text constructs,
/// encodings, dates and the odd dialects.
@Suite("Feed dialects, encodings and text constructs")
struct FeedDialectTests {
    func parse(_ xml: String, contentType: String? = nil) throws -> ParsedFeed {
        try parseFeed(Array(xml.utf8), origin: "test", httpContentType: contentType)
    }

    func parse(bytes: [UInt8], contentType: String? = nil) throws -> ParsedFeed {
        try parseFeed(bytes, origin: "test", httpContentType: contentType)
    }

    @Test("links: the last RSS link wins, a permalink guid fills a missing one, a false one does not")
    func rssLinks() throws {
        let feed = try parse(
            """
            <rss version="2.0"><channel><link>https://a.example/</link><link>https://b.example/</link>
            <item><link>https://a.example/1</link><link>https://a.example/2</link></item>
            <item><guid>https://a.example/3</guid></item>
            <item><guid isPermaLink="false">urn:x:4</guid></item>
            <item><link href="https://a.example/5"/></item></channel></rss>
            """)
        #expect(feed.link == "https://b.example/")
        #expect(feed.entries.map(\.link) == ["https://a.example/2", "https://a.example/3", nil, "https://a.example/5"])
        #expect(feed.entries[2].id == "urn:x:4")
    }

    @Test("Atom links: only alternate HTML links name the page; an id fills in; xml:base resolves")
    func atomLinks() throws {
        let feed = try parse(
            """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example/section/">
            <id>https://news.example/</id>
            <entry><link rel="enclosure" href="movie.mp4"/><link rel="alternate" type="text/html" href="story/1"/></entry>
            <entry><link rel="related" href="https://other.example/"/><id>tag:news.example,2026:2</id></entry>
            <entry xml:base="../deep/"><link href="./a/../b?q=1#frag"/></entry>
            <entry><link type="video/mp4" href="https://news.example/v.mp4"/></entry></feed>
            """)
        #expect(feed.link == "https://news.example/")
        #expect(
            feed.entries.map(\.link) == [
                "https://news.example/section/story/1", "tag:news.example,2026:2",
                "https://news.example/deep/b?q=1#frag",
                nil,
            ])
    }

    @Test("RSS 1.0 items are identified by rdf:about; the dialect shows even in an empty feed")
    func rdf() throws {
        let feed = try parse(
            """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
            <item rdf:about="https://a.example/1"><title>One</title></item></rdf:RDF>
            """)
        #expect(feed.version == "rss10")
        #expect(feed.entries.first?.id == "https://a.example/1")
        let empty = try parse(
            """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"/>
            """)
        #expect(empty.version == "rss10")
    }

    @Test("Atom text constructs: base64, XHTML with escaped markup, HTML, plain text with angle brackets")
    func textConstructs() throws {
        let feed = try parse(
            """
            <feed xmlns="http://www.w3.org/2005/Atom"><entry>
            <title type="application/octet-stream">PHA+RW50cnkgVGl0bGU8L3A+</title>
            <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">&lt;p&gt;Kept&lt;/p&gt; <p>as <b>text</b></p></div></summary>
            <content type="html">&lt;p&gt;Para&lt;/p&gt;&lt;p&gt;two &amp;amp; more&lt;/p&gt;</content></entry>
            <entry><title>1 &lt; 2</title></entry></feed>
            """)
        #expect(feed.entries[0].title == "<p>Entry Title</p>")
        #expect(feed.entries[0].summary == "<p>Kept</p> as text")
        #expect(feed.entries[0].content == "Para two & more")
        #expect(feed.entries[1].title == "1 < 2")
        let atom03 = try parse(
            """
            <feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><title mode="base64">RW50cnkgVGl0bGU=</title>
            </entry></feed>
            """)
        #expect(atom03.version == "atom03")
        #expect(atom03.entries.first?.title == "Entry Title")
    }

    @Test("module elements that reuse core names are ignored; Dublin Core, iTunes and Media RSS fill gaps")
    func modules() throws {
        let feed = try parse(
            """
            <rss version="2.0" xmlns:x="urn:example:ext" xmlns:dc="http://purl.org/dc/elements/1.1/"
              xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/">
            <channel><dc:language>ko</dc:language>
            <item><x:description>wrong</x:description><description>right</description><x:pubDate>Tue, 04 Mar 2025 10:00:00 GMT</x:pubDate>
            <dc:creator>Kim</dc:creator><dc:date>2025-03-04T10:00:00+09:00</dc:date><dc:subject>ADC</dc:subject></item>
            <item><itunes:author>Host</itunes:author><itunes:keywords>biotech, deals ,</itunes:keywords><itunes:summary>Show notes</itunes:summary></item>
            <item><media:group><media:title>Clip</media:title><media:description>About it</media:description>
            <media:category>science</media:category></media:group></item></channel></rss>
            """)
        #expect(feed.language == "ko")
        #expect(feed.entries[0].summary == "right")
        #expect(feed.entries[0].published == nil)
        #expect(feed.entries[0].updated?.iso8601 == "2025-03-04T01:00:00Z")
        #expect(feed.entries[0].authors == ["Kim"])
        #expect(feed.entries[0].categories == ["ADC"])
        #expect(feed.entries[1].authors == ["Host"])
        #expect(feed.entries[1].categories == ["biotech", "deals"])
        #expect(feed.entries[1].summary == "Show notes")
        #expect(feed.entries[2].title == "Clip")
        #expect(feed.entries[2].summary == "About it")
        #expect(feed.entries[2].categories == ["science"])
    }

    @Test("RSS authors: the name is kept from either way of writing name and address")
    func authors() {
        #expect(FeedBuilder.authorName(from: "ed@ex.org (Ed Lee)") == "Ed Lee")
        #expect(FeedBuilder.authorName(from: "Ed Lee <ed@ex.org>") == "Ed Lee")
        #expect(FeedBuilder.authorName(from: "Ed Lee (ed@ex.org)") == "Ed Lee")
        #expect(FeedBuilder.authorName(from: "ed@ex.org") == "ed@ex.org")
        #expect(FeedBuilder.authorName(from: "Newsroom") == "Newsroom")
    }

    @Test("CDF and upper-case element names; Netscape's RSS 0.91")
    func oddDialects() throws {
        let cdf = try parse(
            """
            <CHANNEL HREF="https://cdf.example/"><TITLE>Old</TITLE>
            <ITEM HREF="https://cdf.example/1" LASTMOD="2001-02-03T04:05:06Z"><TITLE>Item</TITLE><ABSTRACT>Sum</ABSTRACT></ITEM></CHANNEL>
            """)
        #expect(cdf.title == "Old")
        #expect(cdf.link == "https://cdf.example/")
        #expect(cdf.entries.first?.link == "https://cdf.example/1")
        #expect(cdf.entries.first?.summary == "Sum")
        #expect(cdf.entries.first?.updated?.iso8601 == "2001-02-03T04:05:06Z")
        let netscape = try parse(
            """
            <?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://my.netscape.com/publish/formats/rss-0.91.dtd">
            <rss version="0.91"><channel><title>N</title></channel></rss>
            """)
        #expect(netscape.version == "rss091n")
        #expect(!netscape.isBozo)
    }

    @Test("HTML entities in a feed without a DTD keep their characters, and the feed is bozo")
    func htmlEntities() throws {
        let feed = try parse(
            """
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Caf&eacute; &mdash; &nbsp;news &amp; more</title>
            <item><atom:title type="text"><![CDATA[&eacute; stays in CDATA]]></atom:title></item></channel></rss>
            """)
        #expect(feed.title == "Café — news & more")
        #expect(feed.entries.first?.title == "&eacute; stays in CDATA")
        #expect(feed.isBozo)
        #expect(feed.bozoMessage?.contains("eacute") == true)
    }

    func rss(title: [UInt8], declaration: String = "<?xml version=\"1.0\"?>") -> [UInt8] {
        Array("\(declaration)<rss version=\"2.0\"><channel><title>".utf8) + title
            + Array("</title></channel></rss>".utf8)
    }

    @Test("encodings: latin-1 labels with windows-1252 or UTF-8 bytes, undeclared windows-1252, HTTP charset")
    func mislabelledEncodings() throws {
        let cp1252 = [0x93, 0x51, 0x94, 0x20, 0x96, 0x20, 0xE9] as [UInt8]  // “Q” – é
        let latin1Declared = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
        #expect(
            try parse(bytes: rss(title: cp1252, declaration: latin1Declared)).title == "\u{201C}Q\u{201D} \u{2013} é")
        let utf8 = Array("Séoul – “ok”".utf8)
        #expect(try parse(bytes: rss(title: utf8, declaration: latin1Declared)).title == "Séoul – “ok”")
        let undeclared = try parse(bytes: rss(title: cp1252))
        #expect(undeclared.title == "\u{201C}Q\u{201D} \u{2013} é")
        #expect(!undeclared.isBozo)
        let declaredUTF8 = try parse(
            bytes: rss(title: cp1252, declaration: "<?xml version=\"1.0\" encoding=\"utf-8\"?>"))
        #expect(declaredUTF8.title == "\u{201C}Q\u{201D} \u{2013} é")
        #expect(declaredUTF8.isBozo)
        let koi8 = [0xEB, 0xC1, 0xCB] as [UInt8]  // "Как" in KOI8-R
        #expect(try parse(bytes: rss(title: koi8), contentType: "text/xml; charset=koi8-r").title == "Как")
        let sjisDeclared = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>"
        let sjis = [0x93, 0xFA, 0x96, 0x7B] as [UInt8]  // "日本"
        #expect(
            try parse(bytes: rss(title: sjis, declaration: sjisDeclared), contentType: "text/xml; charset=utf-8").title
                == "日本")
    }

    @Test("byte-order marks and UTF-16/UTF-32 without a declaration")
    func unicodeForms() throws {
        let text = "<rss version=\"2.0\"><channel><title>Ω 한국</title></channel></rss>"
        let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        #expect(try parse(bytes: utf8BOM).title == "Ω 한국")
        let utf16LE: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try parse(bytes: utf16LE).title == "Ω 한국")
        let utf16BE: [UInt8] = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try parse(bytes: utf16BE).title == "Ω 한국")
        let utf32LE = text.unicodeScalars.flatMap { scalar -> [UInt8] in
            let v = scalar.value
            return [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), 0]
        }
        let feed = try parse(bytes: utf32LE)
        #expect(feed.title == "Ω 한국")
        #expect(!feed.isBozo)
    }

    @Test("attribute values with character references are decoded")
    func attributeReferences() throws {
        let feed = try parse(
            """
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://a.example/?a=1&amp;b=2&#38;c=3"/></entry></feed>
            """)
        #expect(feed.entries.first?.link == "https://a.example/?a=1&b=2&c=3")
    }

    @Test("a well-formed document that is not a feed, and an empty one, are errors but not bozo")
    func notFeeds() {
        for bytes in [Array("<note><to>x</to></note>".utf8), Array("  \n".utf8)] {
            #expect {
                _ = try parseFeed(bytes, origin: "test")
            } throws: { error in
                (error as? ParseError)?.isWellFormed == true
            }
        }
    }

    @Test("URL resolution follows RFC 3986")
    func urlResolution() {
        let base = "http://a/b/c/d;p?q"
        let cases = [
            ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"), ("/g", "http://a/g"),
            ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("..", "http://a/b/"), ("../g", "http://a/b/g"), ("../..", "http://a/"), ("../../g", "http://a/g"),
            ("https://x/y", "https://x/y"), ("at://did:plc:x/post", "at://did:plc:x/post"),
        ]
        for (reference, expected) in cases {
            #expect(URLResolver.resolve(reference, against: base) == expected, "\(reference)")
        }
    }
}

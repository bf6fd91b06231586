import Foundation
import Testing

@testable import Landscape

/// The one-pass HTML reader must give exactly what libxml2's HTML parser gives, or decline.
@Suite("HTML to text without libxml2, checked against libxml2")
struct SimpleHTMLTests {
    static func simple(_ html: String) -> String?? {
        let bytes = Array(html.utf8)
        guard let text = bytes.withUnsafeBufferPointer(SimpleHTML.text) else { return .none }
        return .some(text.isEmpty ? nil : text)
    }

    static func libXML(_ html: String) -> String? {
        HTMLText.libXMLPlainText(Array(html.utf8))
    }

    /// Fragments the reader takes on, with the text both readings give.
    static let read: [(String, String?)] = [
        ("<p>Samsung Biologics &amp; Pfizer</p>", "Samsung Biologics & Pfizer"),
        ("<p>One.</p><p>Two.</p>", "One. Two."),
        ("Lead text<br>second line<br/>third", "Lead text second line third"),
        ("<b>Bold</b>text and <i>it</i>alic", "Boldtext and italic"),
        ("<div><ul><li>first</li><li>second</li></ul></div>", "first second"),
        ("<a href=\"https://example.com/a?b=1&amp;c=2\" title='x > y'>link</a> after", "link after"),
        ("<A HREF=/news/1>Upper</A>CASE", "UpperCASE"),
        ("x &lt;b&gt; &#169; &#xAE; &eacute;t&eacute; &hellip; &mdash;", "x <b> © ® été … —"),
        ("price&nbsp;&nbsp;US$5m", "price US$5m"),
        ("AT& T and R & D", "AT& T and R & D"),
        ("<!-- a comment --><p>kept</p>", "kept"),
        ("<table><tr><td>cell one</td><td>cell two</td></tr></table>", "cell one cell two"),
        ("<h2>Head</h2>body<hr>rule", "Head body rule"),
        ("  \n\t <p> spaced \u{00A0} out </p>  ", "spaced out"),
        ("<img src=\"a.png\" alt=\"chart\"><span>caption</span>", "caption"),
        ("<blockquote><p>quoted</p></blockquote>done", "quoted done"),
        ("", nil),
        ("<p></p><br>", nil),
        ("text</p>after", "text after"),
        ("<p>unclosed", "unclosed"),
        ("<p>数据 <b>한국</b> データ</p>", "数据 한국 データ"),
    ]

    @Test("well-nested fragments are read, and agree with libxml2", arguments: read)
    func reads(_ html: String, _ expected: String?) {
        let simple = Self.simple(html)
        #expect(simple != .none, "declined: \(html)")
        #expect(simple == .some(expected))
        #expect(Self.libXML(html) == expected)
    }

    /// Fragments libxml2 repairs or reads specially.
    static let declined = [
        "<p>one<p>two", "<p>para<div>block</div></p>", "<b>x</div>y", "text<p>more</p>", "<li>a<li>b",
        "<script>var a = '<p>';</script>text", "<style>p { x: 1 }</style>", "<custom-tag>x</custom-tag>",
        "<o:p>office</o:p>", "a < b", "<!DOCTYPE html><p>x</p>", "<![CDATA[x]]>", "<?php echo 1 ?>",
        "&unknown; entity", "&amp without semicolon", "&#0; null", "&#xD800; surrogate", "tab\u{0001}control",
        "<a href=\"unterminated>x", "</br>", "<!-- a -- b -->", "<meta charset=\"latin1\">x",
        "<p class=>x</p>", "<a 'quoted'>x</a>", "<td>a<td>b",
    ]

    @Test("fragments libxml2 would repair are left to it", arguments: declined)
    func declines(_ html: String) {
        #expect(Self.simple(html) == .none, "read: \(html)")
    }

    /// Text-bearing elements' contents in every feed of the conformance corpora and the
    /// samples: escaped HTML unescaped once, CDATA taken as it is.
    static func corpusFragments() throws -> [String] {
        var files = TestPaths.sampleFeedFiles
        let corpus = TestPaths.shared + "/feed-corpus"
        if let walker = FileManager.default.enumerator(atPath: corpus) {
            for case let path as String in walker
            where [".xml", ".rss", ".rdf", ".atom"].contains(where: path.hasSuffix) {
                files.append(corpus + "/" + path)
            }
        }
        let element = try Regex(
            #"<((?:[a-zA-Z]+:)?(?:title|description|summary|content|encoded|subtitle|tagline))\b[^>]*>(.*?)</\1>"#
        ).dotMatchesNewlines()
        var fragments: [String] = []
        for file in files {
            let text = String(decoding: try TestPaths.bytes(file), as: UTF8.self)
            for match in text.matches(of: element) {
                guard let inner = match.output[2].substring.map(String.init) else { continue }
                if inner.hasPrefix("<![CDATA["), inner.hasSuffix("]]>") {
                    fragments.append(String(inner.dropFirst(9).dropLast(3)))
                } else {
                    fragments.append(unescapeXML(inner))
                }
            }
        }
        return fragments
    }

    static func unescapeXML(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Reads `html` both ways when the reader takes it, counting it and noting any disagreement.
    static func compare(_ html: String, read: inout Int, disagreements: inout [String]) {
        guard let simple = Self.simple(html) else { return }
        read += 1
        let expected = Self.libXML(html)
        if simple != expected {
            disagreements.append(
                "\(html.debugDescription) → \(String(describing: simple)) ≠ \(String(describing: expected))")
        }
    }

    @Test("on every fragment of the feed corpora, the reader agrees with libxml2 whenever it reads")
    func corpusAgreement() throws {
        let fragments = try Self.corpusFragments()
        #expect(fragments.count > 3000)
        var readCount = 0
        var disagreements: [String] = []
        for fragment in fragments where fragment.contains("<") || fragment.contains("&") {
            Self.compare(fragment, read: &readCount, disagreements: &disagreements)
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements, first: \(disagreements.prefix(5))")
        // The reader must take on most real markup, or it saves nothing.
        #expect(readCount > 1000)
    }

    @Test("on pieces cut at random from those fragments (broken tags and entities), it agrees or declines")
    func cutFragments() throws {
        var random = SplitMix64(seed: 2026)
        var readCount = 0
        var disagreements: [String] = []
        for fragment in try Self.corpusFragments() where fragment.contains("<") || fragment.contains("&") {
            let scalars = Array(fragment.unicodeScalars)
            for _ in 0..<6 {
                let start = Int(random.next() % UInt64(scalars.count))
                let end = start + Int(random.next() % UInt64(scalars.count - start)) + 1
                var piece = String.UnicodeScalarView()
                piece.append(contentsOf: scalars[start..<end])
                Self.compare(String(piece), read: &readCount, disagreements: &disagreements)
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements, first: \(disagreements.prefix(5))")
        #expect(readCount > 3000)
    }
}

/// A small seeded generator, so that the cut points are the same on every run.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

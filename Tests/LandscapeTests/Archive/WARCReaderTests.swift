import Foundation
import Testing

@testable import Landscape

/// WARC files as a standard writer (warcio) writes them, and as damage leaves them: every
/// damaged record is counted and named, and the records after it are still read.
@Suite("WARC input")
struct WARCReaderTests {
    static let seenAt = Timestamp(secondsSinceEpoch: 1_764_000_000)

    static func read(_ path: String, maxRecordBytes: Int = 20 << 20) throws -> ArchiveRead {
        try ArchiveArticles.read(
            path: path, sourceID: "archive", seenAt: seenAt,
            options: ArchiveArticles.Options(maxRecordBytes: maxRecordBytes, jobs: 2), isRelevant: { _ in true })
    }

    /// A WARC record's bytes.
    static func record(_ type: String, uri: String = "https://news.example.com/a", block: [UInt8]) -> [UInt8] {
        let header =
            "WARC/1.1\r\nWARC-Type: \(type)\r\nWARC-Date: 2025-03-04T05:06:07Z\r\nWARC-Target-URI: \(uri)\r\n"
            + "Content-Type: application/http; msgtype=response\r\nContent-Length: \(block.count)\r\n\r\n"
        return Array(header.utf8) + block + Array("\r\n\r\n".utf8)
    }

    /// An HTTP response holding a small news page.
    static func page(_ title: String, contentType: String = "text/html; charset=utf-8") -> [UInt8] {
        let html =
            "<html><head><title>\(title)</title></head><body><article><h1>\(title)</h1>"
            + "<p>Kelbron Pharma signed a licence with Norvana for an antibody, the companies said on Monday.</p>"
            + "<p>Norvana will pay an upfront fee and milestones as the programme moves through trials.</p>"
            + "</article></body></html>"
        let body = Array(html.utf8)
        return Array("HTTP/1.1 200 OK\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n\r\n".utf8)
            + body
    }

    static func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = try TestPaths.makeTemporaryDirectory("warc") + "/" + name
        try bytes.writeFile(path)
        return path
    }

    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        try #require(Gzip.compress(bytes))
    }

    /// Runs the corpus writer with warcio, the standard Python WARC library.
    static func warcioFiles(pages: Int, plain: Bool) throws -> String {
        let folder = try TestPaths.makeTemporaryDirectory("warcio")
        let python = TestPaths.repositoryRoot + "/.build/python/bin/python"
        #expect(
            FileManager.default.isExecutableFile(atPath: python),
            "the test venv is missing: run `make python-deps` (make test does)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments =
            [
                TestPaths.repositoryRoot + "/Tests/Backfill/warc_corpus.py", "--out", folder, "--files", "1",
                "--pages", "\(pages)", "--writer", "warcio", "--deal-share", "0.5",
            ] + (plain ? ["--plain"] : [])
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return folder + (plain ? "/news-0000.warc" : "/news-0000.warc.gz")
    }

    @Test("files warcio writes, gzipped one member per record or plain: every page, feed and other record")
    func warcioFiles() throws {
        for plain in [false, true] {
            let read = try Self.read(try Self.warcioFiles(pages: 60, plain: plain))
            #expect(read.counts["pages"] == 60, "\(read.counts)")
            #expect(read.counts["feeds"] == 1)
            // In 60 pages one redirect (301) and two images; the 60 requests, one revisit and the warcinfo.
            #expect(read.counts["not_ok"] == 1)
            #expect(read.counts["not_html"] == 2)
            #expect(read.counts["other_records"] == 60 + 1 + 1)
            #expect(read.counts["damaged"] == nil)
            #expect(read.problems.isEmpty)
            // One article per page, and the feed's three items are pages already read.
            #expect(read.articles.count == 60)
            let article = try #require(read.articles.first)
            #expect(article.url?.hasPrefix("https://news0.example.com/2025/01/01/story-") == true)
            #expect(article.published != nil)
            #expect(article.content?.isEmpty == false)
            #expect(article.content?.contains("Copyright Example News") == false)
        }
    }

    @Test("a page's date comes from the page, else from WARC-Date; its url from WARC-Target-URI")
    func dateAndURL() throws {
        let path = try Self.write(
            Self.record("response", uri: "https://news.example.com/x", block: Self.page("A")), "a.warc")
        let article = try #require(try Self.read(path).articles.first)
        #expect(article.url == "https://news.example.com/x")
        #expect(article.published?.iso8601 == "2025-03-04T05:06:07Z")
        #expect(article.title == "A")
    }

    @Test("a gzip member that does not inflate costs its record only, named by offset")
    func damagedMember() throws {
        let first = try Self.gzip(Self.record("response", uri: "https://e.example/1", block: Self.page("One")))
        var broken = try Self.gzip(Self.record("response", uri: "https://e.example/2", block: Self.page("Two")))
        for index in 20..<60 { broken[index] ^= 0x5A }
        let third = try Self.gzip(Self.record("response", uri: "https://e.example/3", block: Self.page("Three")))
        let path = try Self.write(first + broken + third, "damaged.warc.gz")
        let read = try Self.read(path)
        #expect(read.articles.map(\.title) == ["One", "Three"])
        #expect(read.counts["damaged"] == 1)
        #expect(read.problems.count == 1)
        #expect(read.problems.first?.contains("damaged.warc.gz: record at byte \(first.count)") == true)
    }

    @Test("a last record cut short is reported with its offset in the file; the records before it are read")
    func truncatedLastRecord() throws {
        let whole = Self.record("response", uri: "https://e.example/1", block: Self.page("One"))
        let cut = Array(Self.record("response", uri: "https://e.example/2", block: Self.page("Two")).prefix(300))
        for compressed in [false, true] {
            let bytes =
                compressed
                ? try Self.gzip(whole) + Array(try Self.gzip(cut + Array(repeating: 0x41, count: 200)).prefix(150))
                : whole + cut
            let read = try Self.read(try Self.write(bytes, compressed ? "cut.warc.gz" : "cut.warc"))
            #expect(read.articles.map(\.title) == ["One"], "compressed: \(compressed)")
            #expect(read.counts["damaged"] == 1, "compressed: \(compressed), \(read.problems)")
            // Named by where it begins in the file: its gzip member, or its first byte.
            let start = compressed ? try Self.gzip(whole).count : whole.count
            #expect(read.problems.first?.contains("record at byte \(start):") == true, "\(read.problems)")
        }
    }

    @Test("a wrong Content-Length, too short or too long, loses that record only")
    func wrongContentLength() throws {
        for delta in [-40, 25] {
            let block = Self.page("Two")
            var bad = Self.record("response", uri: "https://e.example/2", block: block)
            let header = String(decoding: bad, as: UTF8.self)
                .replacingOccurrences(
                    of: "Content-Length: \(block.count)", with: "Content-Length: \(block.count + delta)")
            bad = Array(header.utf8)
            let bytes =
                Self.record("response", uri: "https://e.example/1", block: Self.page("One")) + bad
                + Self.record("response", uri: "https://e.example/3", block: Self.page("Three"))
            let read = try Self.read(try Self.write(bytes, "length.warc"))
            #expect(read.articles.map(\.title) == ["One", "Three"], "delta \(delta)")
            #expect(read.counts["damaged"] == 1, "delta \(delta): \(read.problems)")
        }
    }

    @Test("non-HTML responses, revisits and requests are counted, not read as articles")
    func otherRecords() throws {
        let image =
            Array("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n".utf8) + [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]
        let bytes =
            Self.record("response", uri: "https://e.example/logo.png", block: image)
            + Self.record("revisit", uri: "https://e.example/1", block: [])
            + Self.record("request", uri: "https://e.example/1", block: Array("GET / HTTP/1.1\r\n\r\n".utf8))
            + Self.record("response", uri: "https://e.example/1", block: Self.page("One"))
        let read = try Self.read(try Self.write(bytes, "other.warc"))
        #expect(read.counts["not_html"] == 1)
        #expect(read.counts["other_records"] == 2)
        #expect(read.articles.map(\.title) == ["One"])
    }

    @Test("a 200 MB record over the cap is skipped unread, and the next record is read")
    func oversizeRecord() throws {
        let huge = [UInt8](repeating: 0x20, count: 200 << 20)
        let bytes =
            try Self.gzip(Self.record("resource", uri: "https://e.example/huge", block: huge))
            + Self.gzip(Self.record("response", uri: "https://e.example/1", block: Self.page("One")))
        let read = try Self.read(try Self.write(bytes, "huge.warc.gz"))
        #expect(read.counts["oversize"] == 1)
        #expect(read.problems.first?.contains("over backfill.max_record_bytes") == true)
        #expect(read.articles.map(\.title) == ["One"])
    }

    @Test("the skim of a page keeps its words and drops tags, scripts, styles and comments")
    func skim() {
        let html =
            Array(
                "<html><head><style>p { color: red }</style><script>var deal = 'acquire';</script></head><body>"
                    .utf8)
            + Array("<!-- licence --><p class=\"x\">Kelbron <b>signed</b></p><scripts>kept</scripts>".utf8)
        let text = String(decoding: PageSkim.text(html), as: UTF8.self)
        #expect(text.contains("Kelbron signed"))
        #expect(text.contains("kept"))
        #expect(!text.contains("acquire"))
        #expect(!text.contains("licence"))
        #expect(!text.contains("color"))
    }

    @Test("the relevance filter keeps pages of other news out, and counts them")
    func prefilter() throws {
        let sport = Array(
            ("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><article><p>The home side won the cup "
                + "final in extra time.</p><p>Fans celebrated late into the night.</p></article></body></html>").utf8)
        let bytes =
            Self.record("response", uri: "https://e.example/sport", block: sport)
            + Self.record("response", uri: "https://e.example/deal", block: Self.page("Deal"))
        let filter = RelevanceFilter(gazetteer: Fixtures.gazetteer)
        let read = try ArchiveArticles.read(
            path: try Self.write(bytes, "mixed.warc"), sourceID: "archive", seenAt: Self.seenAt,
            options: ArchiveArticles.Options(), isRelevant: { filter.isRelevant($0) })
        #expect(read.articles.map(\.title) == ["Deal"])
        #expect(read.counts["prefiltered"] == 1)
    }

    @Test("bytes that are no WARC at all: reported, nothing read, no trap")
    func notAWARC() throws {
        let read = try Self.read(try Self.write(Array("<html>not an archive</html>\n".utf8), "junk.warc"))
        #expect(read.articles.isEmpty)
        #expect(read.counts["damaged"] == 1)
        #expect(throws: ArchiveError.self) { try Self.read("/nonexistent/file.warc.gz") }
    }
}

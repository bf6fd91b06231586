import Foundation
import Testing

@testable import Landscape

@Suite("A month's mentions and reports carried as lines")
struct MonthLinesTests {
    static let mentions = [
        Mention(
            articleID: "a1", field: .title, start: 0, end: 6, surface: "Pfizer", type: .organization,
            entityID: "pfizer", name: "Pfizer", country: "US", kind: .company),
        Mention(
            articleID: "b2", field: .summary, start: 10, end: 15, surface: "Seoul", type: .place, entityID: "kr",
            name: "South Korea", country: "KR", kind: nil),
        Mention(
            articleID: "a1", field: .content, start: 3, end: 8, surface: "3SBio", type: .organization,
            entityID: "3sbio", name: "3SBio", country: "CN", kind: .company),
    ]

    @Test(
        "a month's mention file is handed on in pieces of a few megabytes, the same bytes; a file changed or gone since it was written fails naming it"
    )
    func mentionFileHandedOnInPieces() throws {
        let folder = try TestPaths.makeTemporaryDirectory("mention-file")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/2026-11.jsonl"
        let line = Array(Self.mentions.jsonLines().prefix { $0 != UInt8(ascii: "\n") }) + [UInt8(ascii: "\n")]
        let rows = (9 << 20) / line.count
        var bytes: [UInt8] = []
        for _ in 0..<rows { bytes += line }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let file = MentionFile(month: "2026-11", path: path, rows: rows, sha256: SHA256.hex(bytes))
        var pieces: [[UInt8]] = []
        try file.write { pieces.append($0) }
        #expect(pieces.count == 3)
        #expect(pieces.allSatisfy { $0.count <= 4 << 20 })
        #expect(Array(pieces.joined()) == bytes)

        bytes[bytes.count - 2] = UInt8(ascii: "x")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect { try file.write { _ in } } throws: { "\($0)".contains(path) && $0 is DamagedDataError }
        try FileManager.default.removeItem(atPath: path)
        #expect { try file.write { _ in } } throws: { "\($0)".contains(path) && $0 is DamagedDataError }
    }

    @Test(
        "a month's lines are its file; read back, each article's lines are found by its id, copied byte for byte, and decode to its mentions"
    )
    func roundTrip() throws {
        let written = MonthLines(Self.mentions)
        #expect(written.bytes == Self.mentions.jsonLines())
        #expect(written.count == 3)
        #expect(written.byteCount == written.bytes.count)
        let read = try ArticleLines.reading(written.bytes, origin: "mentions.jsonl")
        #expect(read.lines(of: "a1")?.count == 2)
        #expect(read.lines(of: "a1")?.ranges.count == 2)
        #expect(read.lines(of: "b2")?.count == 1)
        var copied = MonthLines()
        copied.append(linesOf: "a1", in: read)
        copied.append(linesOf: "missing", in: read)
        #expect(copied.count == 2)
        #expect(copied.bytes == [Self.mentions[0], Self.mentions[2]].jsonLines())
        #expect(try JSONLinesReaderTestSupport.decode(copied.bytes) == [Self.mentions[0], Self.mentions[2]])
    }

    @Test(
        "read by a month's list of articles, each article's lines are found by its row there (an id listed twice by its last row), the rows given are the lines' own, and an article not listed keeps none"
    )
    func linesFoundByTheMonthsRows() throws {
        let rows = ArticleRows(ArticleIDs(["b2", "a1", "c3", "b2"]))
        #expect(rows.row(of: "a1") == 1)
        #expect(rows.row(of: "b2") == 3)
        #expect(rows.row(of: "zz") == nil)
        // a1, b2, a1 again after b2, and d4, which the list does not hold.
        let other = Mention(
            articleID: "d4", field: .content, start: 0, end: 5, surface: "Lunit", type: .organization,
            entityID: "lunit", name: "Lunit", country: "KR", kind: .company)
        let read = try ArticleLines.reading((Self.mentions + [other]).jsonLines(), origin: "m", rows: rows)
        #expect(read.rows === rows)
        #expect(read.count == 4)
        #expect(read.lines(ofRow: 1)?.rows == [0..<1, 2..<3])
        #expect(read.lines(ofRow: 3)?.rows == [1..<2])
        #expect(read.lines(ofRow: 0) == nil)
        #expect(read.lines(ofRow: 2) == nil)
        #expect(read.lines(of: "a1") == read.lines(ofRow: 1))
        #expect(read.lines(of: "d4") == nil)
        // Read alone, the same file finds the same lines by id, d4's too.
        let alone = try ArticleLines.reading((Self.mentions + [other]).jsonLines(), origin: "m")
        #expect(alone.lines(of: "a1") == read.lines(of: "a1"))
        #expect(alone.lines(of: "b2") == read.lines(of: "b2"))
        #expect(alone.lines(of: "d4")?.rows == [3..<4])
    }

    @Test(
        "an article's lines together are one stretch; a line in another key order, a blank line, and a last line without its newline are read; a line without an article is an error naming it"
    )
    func stretchesAndOddLines() throws {
        let together = [Self.mentions[0], Self.mentions[2], Self.mentions[1]]
        let read = try ArticleLines.reading(together.jsonLines(), origin: "m")
        #expect(read.lines(of: "a1")?.ranges.count == 1)
        #expect(read.lines(of: "a1")?.count == 2)

        let first = [Self.mentions[0]].jsonLines()
        let reordered = Array(#"{"field":"title","article_id":"a\u0031","start":0}"#.utf8)
        let odd = try ArticleLines.reading(first + [0x0A] + reordered, origin: "m")
        #expect(odd.lines(of: "a1")?.count == 2)
        var copied = MonthLines()
        copied.append(linesOf: "a1", in: odd)
        #expect(copied.bytes == first + reordered + [0x0A])

        let broken = Self.mentions.jsonLines() + Array(#"{"field":"title"}"#.utf8) + [0x0A]
        let error = #expect(throws: ConfigError.self) { try ArticleLines.reading(broken, origin: "m.jsonl") }
        #expect(error?.description.contains("m.jsonl:4") == true)
    }

    @Test(
        "an earlier month's lines are held as stretches of its bytes, one stretch for articles that follow one another there, broken by lines encoded between them; the pieces are the file"
    )
    func stretchesOfAnEarlierMonth() throws {
        let more = (0..<4).map { index in
            Mention(
                articleID: "c\(index)", field: .content, start: index, end: index + 4, surface: "Celltrion",
                type: .organization, entityID: "celltrion", name: "Celltrion", country: "KR", kind: .company)
        }
        let month = Self.mentions + more
        let earlier = try ArticleLines.reading(month.jsonLines(), origin: "m")
        var lines = MonthLines()
        for id in ["c0", "c1"] { lines.append(linesOf: id, in: earlier) }
        #expect(lines.pieceCount == 1)
        // b2's line and c0's have a1's between them.
        lines.append(linesOf: "b2", in: earlier)
        #expect(lines.pieceCount == 2)
        lines.append(MonthLines([Self.mentions[0]]))
        lines.append(linesOf: "c2", in: earlier)
        lines.append(linesOf: "c3", in: earlier)
        // Out of the earlier month's order: a stretch of its own.
        lines.append(linesOf: "c0", in: earlier)
        #expect(lines.pieceCount == 5)
        let expected = [more[0], more[1], Self.mentions[1], Self.mentions[0], more[2], more[3], more[0]]
        #expect(lines.bytes == expected.jsonLines())
        #expect(lines.count == expected.count)
        #expect(lines.byteCount == lines.bytes.count)
        var joined = MonthLines()
        joined.append(lines)
        joined.append(MonthLines([Self.mentions[2]]))
        #expect(joined.bytes == (expected + [Self.mentions[2]]).jsonLines())
        #expect(joined.count == expected.count + 1)
    }
}

extension MonthLinesTests {
    @Test(
        "an earlier month's lines are read from its file only when the month is written, a megabyte at a time; a file that changed or went since fails the write naming it"
    )
    func stretchesReadFromTheFile() throws {
        // Three megabytes of one article's lines, then another's: one stretch, read in pieces.
        let line = Array(Self.mentions[0...0].jsonLines())
        let repeats = (3 << 20) / line.count + 1
        let big = Array(repeatElement(line, count: repeats).joined()) + [Self.mentions[1]].jsonLines()
        let earlier = try ArticleLines.reading(big, origin: "m")
        #expect(earlier.lines(of: "a1")?.count == repeats)
        #expect(earlier.file.size == big.count)
        var lines = MonthLines()
        lines.append(linesOf: "b2", in: earlier)
        lines.append(linesOf: "a1", in: earlier)
        var pieces: [[UInt8]] = []
        try lines.write { pieces.append(Array($0)) }
        #expect(pieces.count == 5)
        #expect(pieces.allSatisfy { $0.count <= 1 << 20 })
        #expect(Array(pieces.joined()) == [Self.mentions[1]].jsonLines() + big.prefix(line.count * repeats))
        #expect(lines.byteCount == big.count)

        // The same size, other bytes, is the stage cache's digest's to catch when the file is
        // read; a file of another size, or gone, fails the write here.
        try Data(big.prefix(100)).write(to: URL(fileURLWithPath: earlier.file.path))
        #expect { try lines.write { _ in } } throws: {
            "\($0)".contains(earlier.file.path) && "\($0)".contains("changed") && $0 is FileSystemError
        }
        try FileManager.default.removeItem(atPath: earlier.file.path)
        #expect { try lines.write { _ in } } throws: { "\($0)".contains(earlier.file.path) && $0 is FileSystemError }
    }
}

/// Decodes JSON lines held in memory through the reader the pipeline uses.
enum JSONLinesReaderTestSupport {
    static func decode(_ bytes: [UInt8]) throws -> [Mention] {
        let path = TestPaths.scratch + "mentions-\(UUID().uuidString).jsonl"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try JSONLinesReader.read(Mention.self, from: path)
    }
}

extension MonthLinesTests {
    @Test(
        "a month's report lines are found by their first source's article, with the rows they are; copied, they are the reports' bytes; a report without a readable source is an error naming its line"
    )
    func reportLinesByFirstSource() throws {
        let reports = [
            IncrementalMergeTests.report(article: "a1", "hanmi", "astellas", type: .licensing, day: 3, value: 4e7),
            IncrementalMergeTests.report(article: "a1", "lunit", "pfizer", type: .mAndA, day: 3, value: nil),
            IncrementalMergeTests.report(article: "b2", "celltrion", "3sbio", type: .licensing, day: 9, value: nil),
            IncrementalMergeTests.report(article: "a1", "genmab", "csl", type: .licensing, day: 12, value: nil),
        ]
        let written = MonthLines(reports)
        #expect(written.bytes == reports.jsonLines() && written.count == 4)
        let read = try ArticleLines.reading(written.bytes, origin: "deals.jsonl", articleIn: .firstSource)
        #expect(read.count == 4)
        #expect(read.lines(of: "a1")?.rows == [0..<2, 3..<4])
        #expect(read.lines(of: "a1")?.count == 3)
        #expect(read.lines(of: "b2")?.rows == [2..<3])
        var copied = MonthLines()
        copied.append(linesOf: "b2", in: read)
        copied.append(linesOf: "a1", in: read)
        #expect(copied.bytes == [reports[2], reports[0], reports[1], reports[3]].jsonLines())

        // A mention line names no source.
        let odd = reports[0...0].jsonLines() + Self.mentions[0...0].jsonLines()
        #expect { try ArticleLines.reading(odd, origin: "deals.jsonl", articleIn: .firstSource) } throws: {
            "\($0)".contains("deals.jsonl") && "\($0)".contains("2")
        }
    }
}

extension MonthLines {
    /// The pieces as one buffer: the file they make.
    var bytes: [UInt8] {
        var bytes: [UInt8] = []
        try? write { bytes += $0 }
        return bytes
    }
}

extension ArticleLines {
    /// The lines of `bytes`, written to a scratch file of their own and read from there, which
    /// stays for the lines' stretches to be read; found by `rows`, or, without, by the
    /// articles the lines name, each once, in the order they first come.
    static func reading(
        _ bytes: [UInt8], origin: String, articleIn field: ArticleField = .articleID, rows: ArticleRows? = nil
    ) throws -> ArticleLines {
        let path = TestPaths.scratch + "earlier-lines-\(UUID().uuidString).jsonl"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try ArticleLines(
            reading: FileBlockReader(path: path), origin: origin, articleIn: field,
            rows: rows ?? ArticleRows(ArticleIDs(named(in: bytes, field: field))))
    }

    /// The articles the lines of `bytes` name, each once; a line that names none is passed over.
    private static func named(in bytes: [UInt8], field: ArticleField) -> [String] {
        struct Head: Decodable {
            let articleID: String
            enum CodingKeys: String, CodingKey { case articleID = "article_id" }
        }
        var (seen, named) = (Set<String>(), [String]())
        for line in bytes.split(separator: 0x0A) {
            let id =
                switch field {
                case .articleID: try? JSONDecoder().decode(Head.self, from: Data(line)).articleID
                case .firstSource: Array(line).withUnsafeBytes { ArticleLines.firstSourceArticle($0) }
                }
            if let id, seen.insert(id).inserted { named.append(id) }
        }
        return named
    }
}

extension ArticleLines {
    /// The lines of the article `articleID`, nil for one the file does not name: extract finds
    /// an article once, by its row, for its digest and both files' lines.
    func lines(of articleID: String) -> Lines? {
        rows.row(of: articleID).flatMap(lines(ofRow:))
    }
}

extension MonthLines {
    /// Appends the lines `earlier` holds of one article, byte for byte, as stretches of its file.
    mutating func append(linesOf articleID: String, in earlier: ArticleLines) {
        guard let lines = earlier.lines(of: articleID) else { return }
        append(lines, of: earlier)
    }
}

extension MonthLinesTests {
    @Test(
        "among thousands of articles whose lines come in runs and come back later, each article's stretches, rows and bytes are found as a line-by-line reading gives them; an article not in the file is not found"
    )
    func manyArticlesFoundByID() throws {
        // Hex ids, as articles have (held packed), and with a few that are not among them.
        for oddEvery in [0, 97] {
            try findsEachArticle(
                ids: (0..<2_000).map {
                    oddEvery > 0 && $0 % oddEvery == 0 ? "odd-id-\($0)" : String(format: "%020x", $0 &* 2_654_435_761)
                })
        }
    }

    private func findsEachArticle(ids: [String]) throws {
        var random = IncrementalMergeTests.SplitMix(state: 31)
        var lines: [Mention] = []
        for _ in 0..<3_000 {
            let id = ids[random.next(ids.count)]
            for start in 0..<(1 + random.next(3)) {
                lines.append(
                    Mention(
                        articleID: id, field: .content, start: start, end: start + 4, surface: "Lunit",
                        type: .organization, entityID: "lunit", name: "Lunit", country: "KR", kind: .company))
            }
        }
        let bytes = lines.jsonLines()
        let read = try ArticleLines.reading(bytes, origin: "m")
        #expect(read.count == lines.count)
        // What each article's stretches are, line by line: runs of its lines next to one another.
        var expected: [String: [Range<Int>]] = [:]
        var row = 0
        while row < lines.count {
            var end = row + 1
            while end < lines.count, lines[end].articleID == lines[row].articleID { end += 1 }
            expected[lines[row].articleID, default: []].append(row..<end)
            row = end
        }
        for id in ids {
            let found = read.lines(of: id)
            #expect(found?.rows == expected[id], "\(id)")
            if let found {
                var copied = MonthLines()
                copied.append(linesOf: id, in: read)
                #expect(copied.bytes == found.rows.flatMap { Array(lines[$0]) }.jsonLines(), "\(id)")
            }
        }
        #expect(read.lines(of: "not-there") == nil)
    }
}

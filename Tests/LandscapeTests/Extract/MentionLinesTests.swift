import Foundation
import Testing

@testable import Landscape

@Suite("Mentions carried as lines")
struct MentionLinesTests {
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

    @Test("lines read back from their own bytes keep every article id and byte, and decode to the mentions")
    func roundTrip() throws {
        let written = MentionLines(Self.mentions)
        let all = written.jsonLines(Array(0..<written.count))
        #expect(all == Self.mentions.jsonLines())
        let read = try MentionLines(jsonLines: all, origin: "mentions.jsonl")
        #expect(read.lines.map(\.articleID) == ["a1", "b2", "a1"])
        #expect(read.jsonLines([2, 0]) == [Self.mentions[2], Self.mentions[0]].jsonLines())
        let decoded = try JSONLinesReaderTestSupport.decode(read.jsonLines([1]))
        #expect(decoded == [Self.mentions[1]])
    }

    @Test(
        "appending keeps each line's article; a line in another key order is still read; a line without an article is an error naming it"
    )
    func appendAndOddLines() throws {
        var lines = MentionLines([Self.mentions[0]])
        lines.append(MentionLines([Self.mentions[1], Self.mentions[2]]))
        #expect(lines.lines.map(\.articleID) == ["a1", "b2", "a1"])
        #expect(lines.jsonLines([0, 1, 2]) == Self.mentions.jsonLines())

        let reordered = Array(#"{"field":"title","article_id":"z\u0031","start":0}"#.utf8) + [0x0A]
        #expect(try MentionLines(jsonLines: reordered, origin: "m").lines.map(\.articleID) == ["z1"])
        let broken = Self.mentions.jsonLines() + Array(#"{"field":"title"}"#.utf8) + [0x0A]
        let error = #expect(throws: ConfigError.self) { try MentionLines(jsonLines: broken, origin: "m.jsonl") }
        #expect(error?.description.contains("m.jsonl:4") == true)
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

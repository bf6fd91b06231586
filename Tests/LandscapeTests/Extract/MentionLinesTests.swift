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

import Foundation
import Testing

@testable import Landscape

@Suite("JSON-lines files read a block at a time")
struct JSONLinesReaderTests {
    /// Deals of different lengths, one with every escape and characters beyond the first plane.
    static let deals: [Deal] = (0..<40).map { index in
        var deal = JSONScannerTests.deals[index % 2]
        deal.dealID = "d\(index)" + String(repeating: "x", count: index * 7)
        return deal
    }

    static func file(_ bytes: [UInt8]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jsonl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("deals.jsonl").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(
        "blocks smaller than a line, cutting lines anywhere, or larger than the file give the records of the whole",
        arguments: [1, 7, 64, 500, 4096, JSONLinesReader.blockBytes])
    func blocksOfAnySize(blockBytes: Int) throws {
        let bytes = Self.deals.jsonLines()
        let path = try Self.file(bytes)
        let read = try JSONLinesReader.read(
            Deal.self, from: path, sha256: SHA256.hex(bytes), blockBytes: blockBytes)
        #expect(read == Self.deals)
        // The last line may end without a newline.
        let unterminated = try Self.file(Array(bytes.dropLast()))
        #expect(try JSONLinesReader.read(Deal.self, from: unterminated, blockBytes: blockBytes) == Self.deals)
    }

    @Test("a bad record is named by its line across blocks; a file that changed since it was written is damaged")
    func badLineOrDamagedFile() throws {
        var lines = Self.deals.map { [$0].jsonLines() }
        lines[27] = Array("{\"deal_id\": 12}\n".utf8)
        let bytes = Array(lines.joined())
        let path = try Self.file(bytes)
        #expect {
            try JSONLinesReader.read(Deal.self, from: path, sha256: SHA256.hex(bytes), blockBytes: 100)
        } throws: { error in
            (error as? ConfigError)?.line == 28
        }
        // The same bad line in a file whose digest is not the one recorded: damage comes first.
        #expect(throws: DamagedDataError.self) {
            try JSONLinesReader.read(
                Deal.self, from: path, sha256: SHA256.hex(Array(bytes.dropLast())), blockBytes: 100)
        }
        #expect(throws: DamagedDataError.self) {
            try JSONLinesReader.read(Deal.self, from: path + ".missing")
        }
    }

    @Test(
        "records handed on a block at a time are the file's, in order, with their lines' places; a body's error stops the reading; a damaged file throws after its blocks; on one core or two, the next block read while the body works",
        arguments: [1, 2])
    func recordsBlockByBlock(jobs: Int) throws {
        let bytes = Self.deals.jsonLines()
        let path = try Self.file(bytes)
        var blocks: [[Deal]] = []
        var places: [Range<Int>] = []
        try JSONLinesReader.forEachBlock(
            Deal.self, from: path, sha256: SHA256.hex(bytes), blockBytes: 500, jobs: jobs, readingAhead: true
        ) { records, lines in
            blocks.append(records)
            places += lines
        }
        #expect(blocks.count > 3)
        #expect(blocks.allSatisfy { $0.count < Self.deals.count })
        #expect(Array(blocks.joined()) == Self.deals)
        #expect(places.map { Array(bytes[$0]) + [0x0A] } == Self.deals.map { [$0].jsonLines() })

        struct Enough: Error {}
        var seen = 0
        #expect(throws: Enough.self) {
            try JSONLinesReader.forEachBlock(Deal.self, from: path, blockBytes: 500, jobs: jobs, readingAhead: true) {
                records, _ in
                seen += records.count
                if seen > 10 { throw Enough() }
            }
        }
        #expect(seen < Self.deals.count)

        var delivered = 0
        #expect(throws: DamagedDataError.self) {
            try JSONLinesReader.forEachBlock(
                Deal.self, from: path, sha256: SHA256.hex(Array(bytes.dropLast())), blockBytes: 500, jobs: jobs,
                readingAhead: true
            ) { records, _ in delivered += records.count }
        }
        #expect(delivered == Self.deals.count)

        // A line that does not decode ends the blocks before it, and is named after the end.
        var broken = bytes
        let third = bytes.indices.filter { bytes[$0] == 0x0A }[Self.deals.count / 2]
        broken.insert(contentsOf: Array("{not a deal}\n".utf8), at: third + 1)
        let brokenPath = try Self.file(broken)
        var before = 0
        let error = #expect(throws: (any Error).self) {
            try JSONLinesReader.forEachBlock(
                Deal.self, from: brokenPath, blockBytes: 500, jobs: jobs, readingAhead: true
            ) { records, _ in
                before += records.count
            }
        }
        #expect((error as? ConfigError)?.line == Self.deals.count / 2 + 2)
        #expect(before < Self.deals.count / 2 + 1)
    }
}

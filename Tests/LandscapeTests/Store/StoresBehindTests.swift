import Foundation
import Testing

@testable import Landscape

/// With two cores, a stage's output is written to the cache while the next stage runs: whoever
/// reads it waits for it, its rows count in the stage that made it, and a write that fails
/// fails the night before anything is published.
@Suite("Stage outputs stored behind the run")
struct StoresBehindTests {
    private struct Line: Codable, Sendable, Equatable, JSONLineRecord {
        let name: String
        func write(to writer: inout JSONWriter) {
            writer.beginObject()
            writer.field("name", name)
            writer.endObject()
        }
    }

    @Test("an output stored behind is read back whole by the same run, its rows counted when it was stored")
    func readBackWhileWritten() throws {
        let output = try TestPaths.makeTemporaryDirectory()
        let tally = RowTally()
        let cache = StageCache(outputDirectory: output, pipeline: "behind-test", tally: tally, storesBehind: true)
        try cache.prepare()
        // Enough lines that the writer is still at it when the reads below come.
        let lines = (0..<200_000).map { Line(name: "article \($0) of a night's feeds") }
        for round in 0..<3 {
            let key = "key-\(round)"
            try cache.store(.parse, key: key, files: [("articles.jsonl", lines.jsonLines()), ("note.txt", [0x41])])
            #expect(tally.totals.written == lines.count * (round + 1))
            #expect(cache.latestKey(.parse) == key)
            #expect(try cache.load(Line.self, .parse, key: key, file: "articles.jsonl") == lines)
        }
        // The same key stored again keeps the entry there (its writer reads it without waiting
        // for itself).
        try cache.store(.parse, key: "key-0", files: [("articles.jsonl", lines.jsonLines()), ("note.txt", [0x41])])
        try cache.finishStores()
        #expect(try cache.bytes(.parse, key: "key-0", file: "note.txt") == [0x41])
    }

    @Test("a stage output that cannot be written fails the night before publishing, naming the folder; latest stays")
    func failedStoreFailsTheNight() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        let lineage = SnapshotLineageTests()
        let pipeline = try lineage.writePipeline(folder, sources: SnapshotLineageTests.sampleSources)
        let output = folder + "/Output"
        let first = try lineage.run(pipeline, output, at: SnapshotLineageTests.at(night: 1), jobs: 2)
        let published = try FileManager.default.contentsOfDirectory(atPath: output + "/snapshots").sorted()
        #expect(published.contains(FilePaths.lastComponent(of: first.snapshotPath)))
        // Aggregate's folder of outputs is a file now: tonight's rows cannot be stored.
        let shelf = output + "/cache/stages/aggregate"
        try FileManager.default.removeItem(atPath: shelf)
        try Data("in the way".utf8).write(to: URL(fileURLWithPath: shelf))
        do {
            let second = try lineage.run(pipeline, output, at: SnapshotLineageTests.at(night: 2), jobs: 2)
            Issue.record("published \(second.snapshotID) without its aggregate output stored")
        } catch let error as FileSystemError {
            #expect("\(error)".contains(shelf), "\(error)")
        }
        // Nothing new in the snapshots folder, not even a staging folder left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: output + "/snapshots").sorted() == published)
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: output + "/snapshots/latest")
                == first.snapshotID)
    }

    @Test("rows are the newlines of any bytes, counted eight at a time and one by one at the end")
    func rowsOfAnyBytes() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 4099] {
            for density in [0, 2, 50, 255] {
                let bytes = (0..<length).map { _ -> UInt8 in
                    // Newlines among bytes that are near them in value, and bytes with the high bit.
                    let roll = UInt8.random(in: 0...255, using: &generator)
                    return roll < density ? 0x0A : [0x0B, 0x09, 0x8A, 0x00, 0x7F, 0xFF, roll][Int(roll % 7)]
                }
                let expected = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                #expect(RowTally.rows(bytes) == expected, "length \(length), density \(density)")
            }
        }
        #expect(RowTally.rows(Array(repeating: 0x0A, count: 33)) == 33)
    }
}

extension StoresBehindTests {
    @Test(
        "a file written before its entry is moved into it when the entry is stored, now or behind, and read back by its digest; one not stored is discarded, and one a dead run left is trimmed"
    )
    func stagedFileMovedIntoItsEntry() throws {
        let output = try TestPaths.makeTemporaryDirectory()
        let cache = StageCache(outputDirectory: output, pipeline: "staged-test", tally: RowTally(), storesBehind: true)
        try cache.prepare()
        let state = Array((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let folder = output + "/cache/stages/dedupe"
        func staged() throws -> CacheFile { try cache.staged(.dedupe, CacheFile("state.bin", bytes: state)) }
        func leftovers() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".staged-") }
        }
        for (key, now) in [("night", true), ("build", false)] {
            let file = try staged()
            #expect(try leftovers().count == 1)
            try cache.store(.dedupe, key: key, files: [file, CacheFile("note.txt", bytes: [0x41])], now: now)
            try cache.finishStores()
            #expect(try cache.bytes(.dedupe, key: key, file: "state.bin") == state)
            #expect(try leftovers().isEmpty)
        }
        let failed = try staged()
        failed.discardStaged()
        #expect(try leftovers().isEmpty)
        // A run that died between writing the file and storing its entry: trimming takes it.
        _ = try staged()
        #expect(try leftovers().count == 1)
        cache.removeEntries(keeping: [.dedupe: ["night", "build"]])
        #expect(try leftovers().isEmpty)
        #expect(try cache.bytes(.dedupe, key: "night", file: "state.bin") == state)
    }
}

import Foundation
import Testing

@testable import Landscape

@Suite("A few lines of a cached file, read a block at a time")
struct StageCacheLinesTests {
    static func cache() throws -> (StageCache, String) {
        let output = try TestPaths.makeTemporaryDirectory("stage-cache-lines")
        let cache = StageCache(outputDirectory: output, pipeline: "lines-test")
        try cache.prepare()
        return (cache, output)
    }

    @Test(
        "the wanted lines come back with their newlines, across blocks, with the file's line count; a last line without a newline counts"
    )
    func wantedLines() throws {
        let (cache, output) = try Self.cache()
        defer { try? FileManager.default.removeItem(atPath: output) }
        // Lines of many lengths, some longer than a block, so that lines are cut by blocks.
        let lines = (0..<3_000).map { index in
            "{\"n\":\(index),\"pad\":\"" + String(repeating: "x", count: index == 1_500 ? 3 << 20 : index % 97) + "\"}"
        }
        let text = lines.joined(separator: "\n")
        try cache.store(
            shelf: "lines", key: "k",
            files: [("whole.jsonl", Array((text + "\n").utf8)), ("cut.jsonl", Array(text.utf8)), ("empty.jsonl", [])])
        let wanted = [0, 1, 96, 1_499, 1_500, 1_501, 2_999]
        let expected = Array(wanted.map { lines[$0] + "\n" }.joined().utf8)
        let whole = try cache.lines(shelf: "lines", key: "k", file: "whole.jsonl", numbered: wanted)
        #expect(whole.chosen == expected)
        #expect(whole.lineCount == lines.count && whole.endsInNewline)
        let cut = try cache.lines(shelf: "lines", key: "k", file: "cut.jsonl", numbered: wanted)
        #expect(cut.chosen == expected)
        #expect(cut.lineCount == lines.count && !cut.endsInNewline)
        let none = try cache.lines(shelf: "lines", key: "k", file: "whole.jsonl", numbered: [])
        #expect(none.chosen.isEmpty && none.lineCount == lines.count)
        let empty = try cache.lines(shelf: "lines", key: "k", file: "empty.jsonl", numbered: [0])
        #expect(empty.chosen.isEmpty && empty.lineCount == 0 && empty.endsInNewline)
    }

    @Test("a file changed since it was stored fails naming it, even when the wanted lines are as they were")
    func damagedFile() throws {
        let (cache, output) = try Self.cache()
        defer { try? FileManager.default.removeItem(atPath: output) }
        try cache.store(shelf: "lines", key: "k", files: [("f.jsonl", Array("{\"a\":1}\n{\"b\":2}\n".utf8))])
        let path = cache.entryPath(shelf: "lines", key: "k") + "/f.jsonl"
        try Data("{\"a\":1}\n{\"b\":3}\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: DamagedDataError.self) {
            try cache.lines(shelf: "lines", key: "k", file: "f.jsonl", numbered: [0])
        }
        #expect(error?.description.contains(path) == true)
    }
}

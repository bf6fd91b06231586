import Foundation
import Testing

@testable import Landscape

@Suite("What publish wrote last")
struct PublishMemoTests {
    @Test("the memo reads back what was saved; edited, cut or missing, it reads as empty")
    func roundTripAndDamage() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        let memo = PublishMemo(cacheDirectory: folder)
        #expect(memo.load().isEmpty)
        let entries = [
            "k1": PublishMemo.Written(sha256: String(repeating: "a", count: 64), rows: 3),
            "k2": PublishMemo.Written(sha256: String(repeating: "b", count: 64), rows: 0),
        ]
        try memo.save(entries)
        #expect(memo.load() == entries)

        let saved = try TestPaths.bytes(memo.path)
        var edited = saved
        let digit = try #require(edited.firstIndex(of: UInt8(ascii: "3")))
        edited[digit] = UInt8(ascii: "4")
        try Data(edited).write(to: URL(fileURLWithPath: memo.path))
        #expect(memo.load().isEmpty, "a row count edited")
        try Data(saved.prefix(saved.count / 2)).write(to: URL(fileURLWithPath: memo.path))
        #expect(memo.load().isEmpty, "cut in half")
    }
}

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

@Suite("What the output directory knows of its files without reading them")
struct FileStampsTests {
    @Test(
        "a stamp vouches for a file as recorded, also under a hard link; changed in place, replaced or gone, it does not; a damaged stamps file vouches for nothing"
    )
    func vouching() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        let file = folder + "/deals.jsonl"
        let digest = String(repeating: "d", count: 64)
        try Data("{\"a\":1}\n".utf8).write(to: URL(fileURLWithPath: file))
        let stamps = FileStamps()
        #expect(!stamps.vouches(for: file, digest: digest))
        stamps.record(file, digest: digest)
        #expect(stamps.vouches(for: file, digest: digest))
        #expect(!stamps.vouches(for: file, digest: String(repeating: "e", count: 64)))
        // A link into the next snapshot is the same file.
        try FileManager.default.linkItem(atPath: file, toPath: folder + "/linked.jsonl")
        #expect(stamps.vouches(for: folder + "/linked.jsonl", digest: digest))

        // Kept and read back; a stamps file edited or cut vouches for nothing.
        stamps.save(cacheDirectory: folder)
        #expect(FileStamps(cacheDirectory: folder).digests == stamps.digests)
        let saved = try TestPaths.bytes(FileStamps.path(cacheDirectory: folder))
        try Data(saved.prefix(saved.count - 3)).write(to: URL(fileURLWithPath: FileStamps.path(cacheDirectory: folder)))
        #expect(FileStamps(cacheDirectory: folder).digests.isEmpty)

        // Same size, other bytes, written later: the modification time tells.
        usleep(20_000)
        try Data("{\"a\":2}\n".utf8).write(to: URL(fileURLWithPath: file))
        #expect(!stamps.vouches(for: file, digest: digest))
        // Replaced by another file, or gone.
        stamps.record(file, digest: digest)
        usleep(20_000)
        try FileManager.default.removeItem(atPath: file)
        try Data("{\"a\":2}\n".utf8).write(to: URL(fileURLWithPath: file + ".new"))
        try FileManager.default.moveItem(atPath: file + ".new", toPath: file)
        #expect(!stamps.vouches(for: file, digest: digest))
        try FileManager.default.removeItem(atPath: file)
        #expect(!stamps.vouches(for: file, digest: digest))
    }
}

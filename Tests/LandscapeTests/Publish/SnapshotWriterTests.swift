import Foundation
import Testing

@testable import Landscape

@Suite("Publish: staging a snapshot's files")
struct SnapshotWriterTests {
    struct Refused: Error {}

    /// A file of `lines` lines made in pieces of ten lines; `failingAt` throws at that piece.
    private static func file(_ path: String, lines: Int, tag: String, large: Bool = false, failingAt: Int? = nil)
        -> PendingFile
    {
        PendingFile(path: path, isLarge: large) { emit in
            for piece in 0..<(lines + 9) / 10 {
                if piece == failingAt { throw Refused() }
                let text = (piece * 10..<min(lines, piece * 10 + 10)).map { "{\"\(tag)\": \($0)}\n" }.joined()
                try emit(Array(text.utf8))
            }
        }
    }

    private static func expected(lines: Int, tag: String) -> [UInt8] {
        Array((0..<lines).map { "{\"\(tag)\": \($0)}\n" }.joined().utf8)
    }

    private static func inode(_ path: String) throws -> UInt64 {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64)
    }

    /// A writer into a new folder that holds files of up to 1,000 bytes.
    private static func writer() throws -> SnapshotWriter {
        var writer = SnapshotWriter(outputDirectory: try TestPaths.makeTemporaryDirectory())
        writer.heldBytes = 1_000
        return writer
    }

    @Test("files larger than what is held are written as they are made; the parent's bytes are linked, held or written")
    func streamedAndLinked() throws {
        let writer = try Self.writer()
        // 500 lines are about 6 KB, past what is held; 20 lines stay held.
        let files = [
            Self.file("small.jsonl", lines: 20, tag: "s"), Self.file("deals.jsonl", lines: 500, tag: "d", large: true),
            Self.file("sub/empty.jsonl", lines: 0, tag: "e"),
        ]
        let first = try writer.stage(files, id: "first", parent: nil, jobs: 2)
        #expect(first.files.map(\.path) == ["small.jsonl", "deals.jsonl", "sub/empty.jsonl"])
        #expect(first.files.map(\.rows) == [20, 500, 0])
        #expect(first.linked == 0)
        for (record, (lines, tag)) in zip(first.files, [(20, "s"), (500, "d"), (0, "e")]) {
            let bytes = try #require(FileBytes.read(FilePaths.join(first.folder, record.path)))
            #expect(bytes == Self.expected(lines: lines, tag: tag), "\(record.path)")
            #expect(record.sha256 == SHA256.hex(bytes), "\(record.path)")
        }
        let manifest = Manifest(
            id: "first", parent: nil, created: Timestamp(secondsSinceEpoch: 0), pipelineName: "test", pipelinePath: "-",
            pipelineSHA256: "-", stages: [], sources: [], failingSources: [], files: [])
        let published = try writer.publish(first, manifest: manifest)
        let parent = try PublishedSnapshot(path: published)

        // The same bytes again, without a known digest: the held file and the one written as
        // it was made both end as links to the parent's; a changed file is written.
        let second = try writer.stage(
            files.prefix(2) + [Self.file("sub/empty.jsonl", lines: 3, tag: "e")], id: "second", parent: parent,
            jobs: 2)
        #expect(second.linked == 2)
        #expect(second.rowsWritten == 3)
        for path in ["small.jsonl", "deals.jsonl"] {
            #expect(try Self.inode(FilePaths.join(second.folder, path)) == Self.inode(FilePaths.join(published, path)))
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: second.folder).sorted()
        #expect(names == ["deals.jsonl", "small.jsonl", "sub"])
        #expect(FileBytes.read(FilePaths.join(second.folder, "sub/empty.jsonl")) == Self.expected(lines: 3, tag: "e"))
        second.discard()
    }

    @Test(
        "a file whose bytes are on disk already is linked while they still have its digest, and written when they changed"
    )
    func sameBytesLinkedOnlyWhileWhole() throws {
        let writer = try Self.writer()
        let folder = try TestPaths.makeTemporaryDirectory()
        let bytes = Self.expected(lines: 40, tag: "m")
        let (kept, changed) = (folder + "/kept.jsonl", folder + "/changed.jsonl")
        try bytes.writeFile(kept)
        try bytes.writeFile(changed)
        var files: [PendingFile] = []
        for (name, source) in [("kept.jsonl", kept), ("changed.jsonl", changed)] {
            var file = PendingFile(path: name, rows: 40, knownDigest: SHA256.hex(bytes)) { emit in try emit(bytes) }
            file.sameBytes = source
            files.append(file)
        }
        // Changed after its digest was taken, at the same size: no stamp vouches for it here,
        // so its bytes are read, and the file is written from what makes it instead.
        var damaged = bytes
        damaged[5] = UInt8(ascii: "x")
        try damaged.writeFile(changed)
        let staged = try writer.stage(files, id: "linked", parent: nil, jobs: 2)
        #expect(staged.linkedSameBytes == 1 && staged.linked == 0)
        #expect(staged.rowsWritten == 40 && staged.rowsShared == 0)
        #expect(try Self.inode(FilePaths.join(staged.folder, "kept.jsonl")) == Self.inode(kept))
        #expect(try Self.inode(FilePaths.join(staged.folder, "changed.jsonl")) != Self.inode(changed))
        for name in ["kept.jsonl", "changed.jsonl"] {
            #expect(FileBytes.read(FilePaths.join(staged.folder, name)) == bytes, "\(name)")
        }
        #expect(staged.files.allSatisfy { $0.sha256 == SHA256.hex(bytes) })
        staged.discard()
    }

    @Test("a file that fails as it is made, held or half written, fails the staging and leaves no staging folder")
    func failedFile() throws {
        let writer = try Self.writer()
        for failingAt in [0, 40] {
            #expect(throws: Refused.self) {
                try writer.stage(
                    [
                        Self.file("a.jsonl", lines: 30, tag: "a"),
                        Self.file("b.jsonl", lines: 900, tag: "b", failingAt: failingAt),
                    ],
                    id: "broken", parent: nil, jobs: 2)
            }
            #expect(writer.snapshotIDs().isEmpty)
            let left = try FileManager.default.contentsOfDirectory(atPath: writer.snapshotsDirectory)
            #expect(left.isEmpty, "\(left)")
        }
    }
}

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

    /// A writer into a new folder.
    private static func writer() throws -> SnapshotWriter {
        SnapshotWriter(outputDirectory: try TestPaths.makeTemporaryDirectory())
    }

    /// Publishes `files` as snapshot `id` with no parent.
    private static func published(_ files: [PendingFile], id: String, by writer: SnapshotWriter) throws
        -> PublishedSnapshot
    {
        let staged = try writer.stage(files, id: id, parent: nil, jobs: 2)
        let manifest = Manifest(
            id: id, parent: nil, created: Timestamp(secondsSinceEpoch: 0), pipelineName: "test", pipelinePath: "-",
            pipelineSHA256: "-", stages: [], sources: [], failingSources: [], files: [])
        return try PublishedSnapshot(path: try writer.publish(staged, manifest: manifest))
    }

    @Test("files are written as they are made; one whose bytes are the parent's is linked, large or small")
    func streamedAndLinked() throws {
        let writer = try Self.writer()
        // 500 lines come in 50 pieces of about 130 bytes; 20 lines in 2.
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

        // The same bytes again, without a known digest: both files end as links to the
        // parent's, never written; a changed file is written.
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

    @Test(
        "bytes that are the parent's file for a while, or all of it and more, or only its start, are written whole"
    )
    func partlyTheParents() throws {
        let writer = try Self.writer()
        let parent = try Self.published(
            [Self.file("deals.jsonl", lines: 500, tag: "d"), Self.file("small.jsonl", lines: 20, tag: "s")],
            id: "first", by: writer)
        // Departs from the parent's lines at line 300, in the middle of a piece.
        let departing = PendingFile(path: "deals.jsonl") { emit in
            for piece in 0..<50 {
                let text = (piece * 10..<piece * 10 + 10).map { "{\"\($0 < 305 ? "d" : "e")\": \($0)}\n" }.joined()
                try emit(Array(text.utf8))
            }
        }
        let departed =
            Self.expected(lines: 305, tag: "d")
            + Self.expected(lines: 500, tag: "e").dropFirst(
                Self.expected(lines: 305, tag: "e").count)
        let longer = Self.file("small.jsonl", lines: 25, tag: "s")
        let staged = try writer.stage([departing, longer], id: "second", parent: parent, jobs: 2)
        #expect(staged.linked == 0)
        #expect(staged.files.map(\.rows) == [500, 25])
        #expect(FileBytes.read(FilePaths.join(staged.folder, "deals.jsonl")) == departed)
        #expect(staged.files[0].sha256 == SHA256.hex(departed))
        #expect(FileBytes.read(FilePaths.join(staged.folder, "small.jsonl")) == Self.expected(lines: 25, tag: "s"))
        staged.discard()

        let shorter = try writer.stage(
            [Self.file("deals.jsonl", lines: 120, tag: "d")], id: "third", parent: parent, jobs: 1)
        #expect(shorter.linked == 0)
        #expect(FileBytes.read(FilePaths.join(shorter.folder, "deals.jsonl")) == Self.expected(lines: 120, tag: "d"))
        #expect(
            try Self.inode(FilePaths.join(shorter.folder, "deals.jsonl"))
                != Self.inode(
                    FilePaths.join(parent.path, "deals.jsonl")))
        shorter.discard()
    }

    @Test("the parent's file changed on disk after it was published is not linked: the bytes made are written")
    func damagedParentWritten() throws {
        let writer = try Self.writer()
        let parent = try Self.published([Self.file("deals.jsonl", lines: 200, tag: "d")], id: "first", by: writer)
        let path = FilePaths.join(parent.path, "deals.jsonl")
        var damaged = Self.expected(lines: 200, tag: "d")
        damaged[damaged.count - 3] = UInt8(ascii: "7")
        try FileManager.default.removeItem(atPath: path)
        try damaged.writeFile(path)
        let staged = try writer.stage(
            [Self.file("deals.jsonl", lines: 200, tag: "d")], id: "second", parent: parent, jobs: 1)
        #expect(staged.linked == 0 && staged.rowsWritten == 200)
        #expect(FileBytes.read(FilePaths.join(staged.folder, "deals.jsonl")) == Self.expected(lines: 200, tag: "d"))
        #expect(staged.files[0].sha256 == SHA256.hex(Self.expected(lines: 200, tag: "d")))
        staged.discard()
    }

    @Test(
        "a file that fails as it is made, before or after its first bytes, fails the staging and leaves no staging folder"
    )
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

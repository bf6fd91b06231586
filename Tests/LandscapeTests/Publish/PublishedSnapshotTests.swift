import Foundation
import Testing

@testable import Landscape

@Suite("A published snapshot read back")
struct PublishedSnapshotTests {
    /// A snapshot folder holding `deals` as its one deals file, and the snapshot read back.
    static func snapshot(_ deals: [Deal]) throws -> (PublishedSnapshot, path: String) {
        let folder = try TestPaths.makeTemporaryDirectory()
        let bytes = deals.jsonLines()
        let path = FilePaths.join(folder, "deals.jsonl")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let manifest = """
            {"parent":null,"created":"2026-12-01T02:00:00Z","pipeline":{"name":"test"},"stages":[],"sources":[],
            "files":[{"path":"deals.jsonl","sha256":"\(SHA256.hex(bytes))","rows":\(deals.count)}]}
            """
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: FilePaths.join(folder, "manifest.json")))
        return (try PublishedSnapshot(path: folder), path)
    }

    /// Writes `bytes` over the file in place, then gives it back the modification time it had,
    /// or one a second later.
    static func overwrite(_ path: String, with bytes: [UInt8], keepingTime: Bool) throws {
        var info = stat()
        #expect(stat(path, &info) == 0)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
        var times = [info.st_atim, info.st_mtim]
        if !keepingTime { times[1].tv_sec += 1 }
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
    }

    @Test(
        "a file read twice in a run is hashed the first time; read again after it changed (a new stamp), it is hashed and refused"
    )
    func hashedOnceWhileItsStampHolds() throws {
        let deals = (0..<40).map { number in
            DealPartiesTests.deal([
                DealPartiesTests.party("maker\(number % 7)", "KR"), DealPartiesTests.party("buyer\(number)", "US"),
            ])
        }
        let (snapshot, path) = try Self.snapshot(deals)
        let outlines = try snapshot.recordsWithLines(DealOutline.self, .deals)
        #expect(outlines.records.count == 40 && outlines.lines?.places.count == 40)
        // Handed over a block at a time, the same records from the same lines.
        var scanned: [DealOutline] = []
        let lines = try snapshot.forEachRecordBlockPlaced(DealOutline.self, .deals) { scanned += $0 }
        #expect(scanned.map(\.idNumber) == outlines.records.map(\.idNumber))
        #expect(lines?.places == outlines.lines?.places && lines?.sha256 == outlines.lines?.sha256)
        #expect(snapshot.isVerified("deals.jsonl"))
        // One letter of a name changed: every line still reads as a deal.
        let damaged = Array(
            String(decoding: try #require(FileBytes.read(path)), as: UTF8.self)
                .replacingOccurrences(of: "Buyer17", with: "Bayer17").utf8)
        #expect(damaged != (try #require(FileBytes.read(path))))

        // Changed in place with its size and time kept, as the stamps' trust allows only of a
        // file never written in place: the second read takes it as the file hashed.
        try Self.overwrite(path, with: damaged, keepingTime: true)
        #expect(throws: Never.self) { _ = try snapshot.recordsWithLines(DealOutline.self, .deals) }

        // A new time is a new stamp: the file is hashed again and found changed.
        try Self.overwrite(path, with: damaged, keepingTime: false)
        #expect(throws: DamagedDataError.self) { _ = try snapshot.recordsWithLines(Deal.self, .deals) }
        // Another run's snapshot (a new reader) hashes it the first time too.
        try Self.overwrite(path, with: damaged, keepingTime: true)
        let again = try PublishedSnapshot(path: FilePaths.directory(of: path))
        #expect(throws: DamagedDataError.self) { _ = try again.recordsWithLines(Deal.self, .deals) }
    }
}

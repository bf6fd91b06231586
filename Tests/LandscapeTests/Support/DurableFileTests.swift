import Foundation
import Testing

@testable import Landscape

@Suite("Files written durably")
struct DurableFileTests {
    /// Pieces of uneven sizes (a few bytes to over a writeback step), so that the steps at which
    /// writeback starts fall inside pieces, between them and on their edges.
    static func pieces(total: Int) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var made = 0
        var size = 7
        while made < total {
            let count = min(size, total - made)
            pieces.append((0..<count).map { UInt8(truncatingIfNeeded: (made + $0) &* 31 &+ ($0 >> 9)) })
            made += count
            size = size * 5 % 1_700_003 + 3
        }
        return pieces
    }

    @Test("a file written piece by piece past several writeback steps reads back whole, synced or not")
    func piecesReadBack() throws {
        let folder = try TestPaths.makeTemporaryDirectory("durable")
        let pieces = Self.pieces(total: Int(DurableFile.NewFile.writebackStep) * 5 + 12_345)
        #expect(pieces.count > 5)
        for durable in [true, false] {
            let path = folder + "/file-\(durable)"
            let file = try DurableFile.NewFile(path, durable: durable)
            for piece in pieces { try file.write(piece) }
            try file.close(sync: durable)
            #expect(try TestPaths.bytes(path) == Array(pieces.joined()))
        }
    }

    @Test("a file is created anew: an existing path is refused, named in the error, and left as it was")
    func existingRefused() throws {
        let folder = try TestPaths.makeTemporaryDirectory("durable")
        let path = folder + "/kept"
        try DurableFile.create(path, bytes: Array("first\n".utf8))
        #expect(throws: FileSystemError.self) { try DurableFile.NewFile(path) }
        do {
            _ = try DurableFile.NewFile(path)
        } catch {
            #expect(error.description.contains(path))
        }
        #expect(try TestPaths.bytes(path) == Array("first\n".utf8))
    }
}

import Foundation
import Testing

@testable import Landscape

/// A month of mentions extract made is in the stage cache already, and a month of articles
/// the night changed is written out once the landscape is made: publish links them, and
/// writes only what it cannot take as it is.
extension SnapshotLineageTests {
    /// The inode and link count of the file at `path`.
    private func links(_ path: String) -> (inode: UInt64, count: Int)? {
        var info = stat()
        return stat(path, &info) == 0 ? (UInt64(info.st_ino), Int(info.st_nlink)) : nil
    }

    @Test(
        "publish links each month of mentions from the stage cache, and each month of articles from the night's file where dedupe left it as written, instead of writing them again; the snapshot keeps them when the cache goes, and a gzipped snapshot writes its own"
    )
    func mentionMonthsAreLinkedFromTheCache() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        let sources = Self.sampleSources
        let summary = try run(writePipeline(folder, sources: sources), folder + "/plain", at: Self.at(night: 1))
        let snapshot = try PublishedSnapshot(path: summary.snapshotPath)
        let mentionFiles = snapshot.files(of: .mentions)
        #expect(mentionFiles.count >= 3)
        // A month of articles is linked too, from the file the night wrote it to, when dedupe
        // left its story groups as written (the nights after the first, in ArticleMonthsTests).
        let articleFiles = snapshot.files(of: .articles)
        #expect(!articleFiles.isEmpty)
        let linked = try #require(try count(summary, .publish, "files_linked_from_cache"))
        #expect(linked >= mentionFiles.count && linked <= mentionFiles.count + articleFiles.count)

        let shelf = folder + "/plain/cache/stages/" + ExtractCache.shelf
        let cached = try FileManager.default.contentsOfDirectory(atPath: shelf).compactMap {
            links(shelf + "/" + $0 + "/mentions.jsonl")?.inode
        }
        for file in mentionFiles {
            let path = summary.snapshotPath + "/" + file.path
            let linked = try #require(links(path))
            #expect(cached.contains(linked.inode) && linked.count == 2, "\(file.path)")
            #expect(SHA256.hex(try TestPaths.bytes(path)) == file.sha256, "\(file.path)")
        }
        // Rows linked are not rows written: publish wrote the other files' rows only; the
        // articles were written once the landscape was made, in extract's record.
        let mentionRows = mentionFiles.reduce(0) { $0 + $1.rows }
        let articleRows = articleFiles.reduce(0) { $0 + $1.rows }
        let allRows = snapshot.manifest.files.reduce(0) { $0 + $1.rows }
        let written = try #require(try count(summary, .publish, "rows_written"))
        #expect(written >= allRows - mentionRows - articleRows && written <= allRows - mentionRows)
        #expect(try count(summary, .extract, "rows_written") ?? 0 >= articleRows + mentionRows)
        // The night's own files go with the night: the snapshot's links are their only names.
        #expect(!FileManager.default.fileExists(atPath: folder + "/plain/cache/tonight-months"))
        for file in articleFiles {
            let path = summary.snapshotPath + "/" + file.path
            let bytes = try TestPaths.bytes(path)
            #expect(links(path)?.count == 1 && SHA256.hex(bytes) == file.sha256, "\(file.path)")
        }

        // The stage cache is the cache's to trim: the snapshot's names stay, with their bytes.
        try FileManager.default.removeItem(atPath: folder + "/plain/cache")
        for file in mentionFiles {
            let path = summary.snapshotPath + "/" + file.path
            let bytes = try TestPaths.bytes(path)
            #expect(links(path)?.count == 1 && SHA256.hex(bytes) == file.sha256, "\(file.path)")
        }

        // A gzipped snapshot wants other bytes than the cache's plain lines, and writes them.
        try FileManager.default.removeItem(atPath: folder + "/gazetteer.jsonl")
        let gzipped = try run(
            writePipeline(folder, sources: sources, extract: "output:\n  compress: gzip"), folder + "/gzip",
            at: Self.at(night: 1))
        #expect(try count(gzipped, .publish, "files_linked_from_cache") == 0)
        for file in try PublishedSnapshot(path: gzipped.snapshotPath).files(of: .mentions) {
            #expect(links(gzipped.snapshotPath + "/" + file.path)?.count == 1, "\(file.path)")
        }
    }
}

import Foundation
import Testing

@testable import Landscape

/// A month of mentions extract made is in the stage cache already: publish links it, and
/// writes only what the cache cannot give as it is.
extension SnapshotLineageTests {
    /// The inode and link count of the file at `path`.
    private func links(_ path: String) -> (inode: UInt64, count: Int)? {
        var info = stat()
        return stat(path, &info) == 0 ? (UInt64(info.st_ino), Int(info.st_nlink)) : nil
    }

    @Test(
        "publish links each month of mentions from the stage cache instead of writing it again; the snapshot keeps it when the cache goes, and a gzipped snapshot writes its own"
    )
    func mentionMonthsAreLinkedFromTheCache() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        let sources = Self.sampleSources
        let summary = try run(writePipeline(folder, sources: sources), folder + "/plain", at: Self.at(night: 1))
        let snapshot = try PublishedSnapshot(path: summary.snapshotPath)
        let mentionFiles = snapshot.files(of: .mentions)
        #expect(mentionFiles.count >= 3)
        // A build writes its months of articles once, as the landscape is made, and publish
        // links those whose story groups dedupe left as written: the months where every article
        // is its own story (a night's months too: ArticleMonthsTests).
        let asWritten = try snapshot.files(of: .articles).filter { file in
            try TestPaths.jsonLines(bytes: TestPaths.bytes(summary.snapshotPath + "/" + file.path)).allSatisfy {
                $0["duplicate_of"] is NSNull && $0["cluster_id"] as? String == $0["article_id"] as? String
            }
        }
        #expect(!asWritten.isEmpty && asWritten.count < snapshot.files(of: .articles).count)
        #expect(try count(summary, .publish, "files_linked_from_cache") == mentionFiles.count + asWritten.count)
        #expect(!FileManager.default.fileExists(atPath: folder + "/plain/cache/tonight-months"))

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
        // Rows linked are not rows written: publish wrote the other files' rows only.
        let linkedRows = (mentionFiles + asWritten).reduce(0) { $0 + $1.rows }
        let allRows = snapshot.manifest.files.reduce(0) { $0 + $1.rows }
        #expect(try count(summary, .publish, "rows_written") == allRows - linkedRows)

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

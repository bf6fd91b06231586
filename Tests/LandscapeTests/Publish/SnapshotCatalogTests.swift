import Foundation
import Landscape
import Logging
import Testing

@Suite("Listing and pruning snapshots")
struct SnapshotCatalogTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func runs(_ count: Int, into output: String) throws -> [RunSummary] {
        try (0..<count).map { night in
            try Pipeline.run(
                RunOptions(
                    pipelinePath: TestPaths.defaultPipeline, outputDirectory: output, jobs: 2,
                    now: Timestamp(secondsSinceEpoch: 1_767_225_600 + Int64(night) * 86_400)),
                logger: Self.logger)
        }
    }

    @Test("snapshots are listed oldest first with their parents; prune keeps the newest and latest intact")
    func listAndPrune() throws {
        let output = try TestPaths.makeTemporaryDirectory()
        let nights = try runs(3, into: output)
        let catalog = SnapshotCatalog(outputDirectory: output)
        let listed = try catalog.list()
        #expect(listed.map(\.id) == nights.map(\.snapshotID))
        #expect(listed.map(\.parent) == [nil, nights[0].snapshotID, nights[1].snapshotID])
        #expect(listed.map(\.isLatest) == [false, false, true])
        #expect(listed.allSatisfy { $0.rows["deals"] == nights[0].deals })
        #expect(try catalog.entry("latest").id == nights[2].snapshotID)
        #expect(throws: RunError.self) { _ = try catalog.entry("19990101T000000Z") }

        let removed = try catalog.prune(keep: 1, now: .now)
        #expect(removed == [nights[0].snapshotID, nights[1].snapshotID])
        #expect(try catalog.list().map(\.id) == [nights[2].snapshotID])
        // What is left is whole: every file matches its manifest.
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(TestPaths.bytes(nights[2].snapshotPath + "/manifest.json")))
                as? [String: Any])
        for file in try #require(manifest["files"] as? [[String: Any]]) {
            let bytes = try TestPaths.bytes(nights[2].snapshotPath + "/" + (file["path"] as? String ?? ""))
            #expect(SHA256.hex(bytes) == file["sha256"] as? String)
        }
        let hidden = try FileManager.default.contentsOfDirectory(atPath: output + "/snapshots").filter {
            $0.hasPrefix(".")
        }
        #expect(hidden.isEmpty)
        // The next night still runs, with the kept snapshot as its parent.
        let next = try Pipeline.run(
            RunOptions(pipelinePath: TestPaths.defaultPipeline, outputDirectory: output, jobs: 2, now: .now),
            logger: Self.logger)
        #expect(try catalog.entry(next.snapshotID).parent == nights[2].snapshotID)
    }

    @Test("prune never removes the snapshot latest points to, and waits for no running run")
    func pruneKeepsLatestAndRespectsTheLock() throws {
        let output = try TestPaths.makeTemporaryDirectory()
        let nights = try runs(2, into: output)
        let catalog = SnapshotCatalog(outputDirectory: output)
        // Point latest back at the first night, as after a rollback.
        try FileManager.default.removeItem(atPath: output + "/snapshots/latest")
        try FileManager.default.createSymbolicLink(
            atPath: output + "/snapshots/latest", withDestinationPath: nights[0].snapshotID)
        #expect(try catalog.prune(keep: 1, now: .now).isEmpty)
        #expect(try catalog.list().count == 2)
        let held = try RunLock(outputDirectory: output, now: .now)
        #expect(throws: RunLockedError.self) { _ = try catalog.prune(keep: 1, now: .now) }
        withExtendedLifetime(held) {}
    }
}

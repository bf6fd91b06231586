import Foundation
import Logging
import Testing

@testable import Landscape

/// A backfill split into shards and merged publishes what one run over every source does.
@Suite("Backfill shards and merge")
struct ShardMergeTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    static let now = Timestamp(secondsSinceEpoch: 1_748_736_000)

    /// Six WARC files of generated news, written by hand in the layout warcio writes.
    static func archives() throws -> [String] {
        let folder = try TestPaths.makeTemporaryDirectory("shard-warc")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", TestPaths.repositoryRoot + "/Tests/Backfill/warc_corpus.py", "--out", folder, "--files", "6",
            "--pages", "40", "--writer", "fast",
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return (0..<6).map { folder + String(format: "/news-%04d.warc.gz", $0) }
    }

    static func options(_ output: String, _ sources: [String]) -> RunOptions {
        RunOptions(
            pipelinePath: TestPaths.defaultPipeline, outputDirectory: output, sourceOverrides: sources, jobs: 2,
            now: now)
    }

    static func recordFiles(_ snapshot: String) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in ["articles", "mentions", "deals", "aggregates", "edges"] {
            for path in try TestPaths.files(snapshot, of: name) {
                files[path] = try TestPaths.bytes(snapshot + "/" + path)
            }
        }
        return files
    }

    @Test("four shards and a merge publish the records a single run does, byte for byte")
    func mergeEqualsSingleRun() throws {
        let sources = try Self.archives()
        let shards = try TestPaths.makeTemporaryDirectory("shards")
        var parts: [Int] = []
        for index in 0..<4 {
            var options = Self.options(shards, sources)
            options.shard = try Shard(index: index, count: 4)
            let summary = try Pipeline.run(options, logger: Self.logger)
            parts.append(summary.feeds)
            #expect(ShardMarker.read(in: FilePaths.join(shards, "shards/\(index)-of-4")) != nil)
        }
        #expect(parts.reduce(0, +) == 6)
        // A relaunched array does nothing for a finished part.
        var again = Self.options(shards, sources)
        again.shard = try Shard(index: 1, count: 4)
        #expect(try Pipeline.run(again, logger: Self.logger).isPublished == false)

        let pipeline = try PipelineConfig.load(path: TestPaths.defaultPipeline)
        var merge = Self.options(try TestPaths.makeTemporaryDirectory("merged"), [])
        merge.merge = try ShardSet(folders: [shards], pipelineSHA256: pipeline.sha256)
        let merged = try Pipeline.run(merge, logger: Self.logger)
        let single = try Pipeline.run(
            Self.options(try TestPaths.makeTemporaryDirectory("single"), sources), logger: Self.logger)
        #expect(merged.deals == single.deals)
        #expect(single.deals > 20)
        let mergedFiles = try Self.recordFiles(merged.snapshotPath)
        let singleFiles = try Self.recordFiles(single.snapshotPath)
        #expect(Set(mergedFiles.keys) == Set(singleFiles.keys))
        for (name, bytes) in singleFiles { #expect(mergedFiles[name] == bytes, "\(name) differs") }
    }

    @Test("a WARC file unchanged since the last night is not read again; its articles stay")
    func unchangedArchiveReused() throws {
        let sources = Array(try Self.archives().prefix(2))
        let output = try TestPaths.makeTemporaryDirectory("reuse")
        let first = try Pipeline.run(Self.options(output, sources), logger: Self.logger)
        var later = Self.options(output, sources)
        later.now = Timestamp(secondsSinceEpoch: Self.now.secondsSinceEpoch + 86_400)
        let second = try Pipeline.run(later, logger: Self.logger)
        let manifest = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try TestPaths.bytes(second.snapshotPath + "/manifest.json"))) as? [String: Any])
        let stages = try #require(manifest["stages"] as? [[String: Any]])
        let parse = try #require(stages.first { $0["name"] as? String == "parse" })
        let counts = try #require(parse["counts"] as? [String: Int])
        #expect(counts["reused_feeds"] == 2)
        #expect(counts["warc_pages"] == nil)
        #expect(second.articles == first.articles)
        #expect(second.deals == first.deals)
    }

    @Test("a merge with a part missing or unfinished publishes nothing and names the part")
    func missingShard() throws {
        let sources = try Self.archives()
        let shards = try TestPaths.makeTemporaryDirectory("shards")
        for index in [0, 2] {
            var options = Self.options(shards, sources)
            options.shard = try Shard(index: index, count: 3)
            _ = try Pipeline.run(options, logger: Self.logger)
        }
        let pipeline = try PipelineConfig.load(path: TestPaths.defaultPipeline)
        #expect {
            try ShardSet(folders: [shards], pipelineSHA256: pipeline.sha256)
        } throws: { error in
            "\(error)".contains("shard 1/3 missing or unfinished")
        }
    }

    @Test("--shard: K/N, Slurm's and Kubernetes' array indexes, and what is refused")
    func shardSpecs() throws {
        #expect(try Shard.parse("2/4", environment: [:], configuredCount: nil) == Shard(index: 2, count: 4))
        let slurm = ["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1"]
        #expect(try Shard.parse("auto", environment: slurm, configuredCount: nil) == Shard(index: 3, count: 4))
        #expect(
            try Shard.parse("auto", environment: ["JOB_COMPLETION_INDEX": "0"], configuredCount: 8)
                == Shard(index: 0, count: 8))
        #expect(throws: ShardError.self) { try Shard.parse("4/4", environment: [:], configuredCount: nil) }
        #expect(throws: ShardError.self) { try Shard.parse("auto", environment: [:], configuredCount: nil) }
        #expect(throws: ShardError.self) {
            try Shard.parse("auto", environment: ["JOB_COMPLETION_INDEX": "0"], configuredCount: nil)
        }
        // Every source goes to exactly one part, and to the same part in any order.
        let sources = (0..<40).map { FeedSource(id: "news-\($0)", url: "file:///w/news-\($0).warc.gz") }
        let parts = try (0..<4).map { try Shard(index: $0, count: 4).assigned(sources).map(\.id) }
        #expect(parts.flatMap { $0 }.sorted() == sources.map(\.id).sorted())
        #expect(try Shard(index: 1, count: 4).assigned(sources.reversed()).map(\.id).sorted() == parts[1].sorted())
    }
}

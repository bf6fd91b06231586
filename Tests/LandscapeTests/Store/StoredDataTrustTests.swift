import Foundation
import Logging
import Testing

@testable import Landscape

/// What the run reads back (the parent snapshot, the stage cache, the state database) is
/// checked before it is used: damage is reported or repaired, never published as data.
@Suite("Trusting nothing read back")
struct StoredDataTrustTests {
    func options(_ output: String, from: Stage = .fetch, sources: [String] = []) -> RunOptions {
        RunOptions(
            pipelinePath: TestPaths.defaultPipeline, outputDirectory: output, sourceOverrides: sources, from: from,
            jobs: 2, now: .now)
    }

    func latest(_ output: String) throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: output + "/snapshots/latest")
    }

    func cachedFile(_ output: String, _ stage: Stage, _ name: String) throws -> String {
        let folder = output + "/cache/stages/" + stage.rawValue
        let key = String(decoding: try TestPaths.bytes(folder + "/latest-apac-biotech"), as: UTF8.self)
        return folder + "/" + key + "/" + name
    }

    @Test(
        "a parent's month file deleted or edited: the run fails with damaged data naming it; latest stays; verify lists it"
    )
    func damagedParent() throws {
        for damage in ["delete", "edit"] {
            let output = try TestPaths.makeTemporaryDirectory()
            let first = try Pipeline.run(options(output), logger: LogRecorder().logger)
            let snapshot = output + "/snapshots/" + first.snapshotID
            let month = try #require(
                try FileManager.default.contentsOfDirectory(atPath: snapshot + "/articles").sorted().last)
            let path = snapshot + "/articles/" + month
            if damage == "delete" {
                try FileManager.default.removeItem(atPath: path)
            } else {
                var bytes = try TestPaths.bytes(path)
                let digit = try #require(bytes.firstIndex { $0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "8") })
                bytes[digit] += 1
                try Data(bytes).write(to: URL(fileURLWithPath: path))
            }
            #expect(throws: DamagedDataError.self, "\(damage)") {
                try Pipeline.run(options(output), logger: LogRecorder().logger)
            }
            #expect(try latest(output) == first.snapshotID)
            let problems = try PublishedSnapshot(path: snapshot).damagedFiles()
            #expect(problems.map(\.path) == ["articles/" + month])
            #expect(problems.first?.problem == (damage == "delete" ? "missing" : "digest differs from the manifest"))
        }
    }

    @Test(
        "a cached deal with a flipped digit, an emptied cached file, a broken mention line: recomputed, replaced, reported, or never read"
    )
    func damagedCache() throws {
        let output = try TestPaths.makeTemporaryDirectory()
        // Two nights, so that the next one's dedupe and aggregate keys (which include the
        // parent's deals) are the ones the cache holds.
        _ = try Pipeline.run(options(output), logger: LogRecorder().logger)
        let first = try Pipeline.run(options(output), logger: LogRecorder().logger)
        let published = try TestPaths.bytes(first.snapshotPath + "/deals.jsonl")

        // dedupe's deals: a value changed by one digit, as a bad disk or an editor would. A
        // night whose dedupe output is the parent's reads nothing of that output: it publishes
        // the parent's deals and story groups, so the damage never reaches a snapshot.
        let deals = try cachedFile(output, .dedupe, "deals.jsonl")
        var bytes = try TestPaths.bytes(deals)
        let value = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("\"value_usd\":".utf8)) })
        let digit = try #require(bytes[value...].firstIndex { $0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "8") })
        bytes[digit] += 1
        try Data(bytes).write(to: URL(fileURLWithPath: deals))
        // aggregate's rows: emptied.
        try Data().write(to: URL(fileURLWithPath: try cachedFile(output, .aggregate, "aggregates.jsonl")))
        // extract's mentions, which it keeps by month: a line of the newest month cut in half.
        let months = try cachedFile(output, .extract, "months.txt")
        let month = try #require(
            String(decoding: try TestPaths.bytes(months), as: UTF8.self).split(separator: "\n").first)
        let mentions =
            output + "/cache/stages/extract-months/" + String(try #require(month.split(separator: " ").last))
            + "/mentions.jsonl"
        var lines = try TestPaths.bytes(mentions)
        let newline = try #require(lines.firstIndex(of: 0x0A))
        lines.removeSubrange((newline / 2)..<newline)
        try Data(lines).write(to: URL(fileURLWithPath: mentions))

        let log = LogRecorder()
        let second = try Pipeline.run(options(output), logger: log.logger)
        #expect(try TestPaths.bytes(second.snapshotPath + "/deals.jsonl") == published, "the right deals, recomputed")
        let aggregates = try TestPaths.jsonLines(second.snapshotPath + "/aggregates.jsonl")
        #expect(aggregates.count == (try TestPaths.jsonLines(first.snapshotPath + "/aggregates.jsonl")).count)
        // The damaged entries were replaced: a third run takes every stage from the cache, whole.
        let third = try Pipeline.run(options(output), logger: log.logger)
        #expect(try TestPaths.bytes(third.snapshotPath + "/deals.jsonl") == published)
        #expect(try PublishedSnapshot(path: third.snapshotPath).damagedFiles().isEmpty)
        let recomputed = log.messages.filter { $0.level == .warning && $0.text.contains("cached output damaged") }
        #expect(recomputed.map { $0.text.prefix { $0 != ":" } } == ["extract", "aggregate"])
        #expect(recomputed.allSatisfy { $0.text.contains("cache/stages/") })
        let manifest = try PublishedSnapshot(path: third.snapshotPath).manifest
        #expect(manifest.stages.filter { $0.status == "cached" }.map(\.name).contains("dedupe"))
    }

    @Test("a state database truncated to nothing or overwritten is moved aside, reported, and the run goes on")
    func damagedStateDatabase() throws {
        for damage in ["truncate", "overwrite"] {
            let output = try TestPaths.makeTemporaryDirectory()
            let first = try Pipeline.run(options(output), logger: LogRecorder().logger)
            let database = output + "/state/apac-biotech.sqlite"
            let bytes: [UInt8] = damage == "truncate" ? [] : Array("not a database at all, but a note".utf8)
            try Data(bytes).write(to: URL(fileURLWithPath: database))
            let log = LogRecorder()
            let second = try Pipeline.run(options(output), logger: log.logger)
            #expect(second.articles == first.articles, "articles live in the snapshots, not in the state")
            #expect(log.messages.contains { $0.level == .error && $0.text.contains("was damaged") }, "\(damage)")
            let aside = try FileManager.default.contentsOfDirectory(atPath: output + "/state").filter {
                $0.hasPrefix("apac-biotech.sqlite.damaged-")
            }
            #expect(aside.count == 1)
            #expect(try TestPaths.bytes(output + "/state/" + aside[0]) == bytes)
        }
    }

    @Test("a NUL byte in one item costs nothing: every item is read and the feed is reported")
    func nulByte() throws {
        var feed = Array(
            """
            <?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>
            <item><title>One</title><link>https://ex.org/1</link></item>
            <item><title>Two</title><link>https://ex.org/2</link><description>before after</description></item>
            <item><title>Three</title><link>https://ex.org/3</link></item>
            </channel></rss>
            """.utf8)
        let space = try #require(feed.indices.first { feed[$0...].starts(with: Array(" after".utf8)) })
        feed[space] = 0
        let parsed = try parseFeed(feed, origin: "nul.xml")
        #expect(parsed.entries.map(\.title) == ["One", "Two", "Three"])
        #expect(parsed.isBozo)
        #expect(parsed.bozoMessage == "1 NUL byte read as spaces")
    }
}

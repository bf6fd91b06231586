import Foundation
import Testing

@testable import Landscape

/// The landscape a rerun from extract or later (`--from`) works on: the parent's articles as
/// published when it was made from the latest parse and pages, else the latest parse's
/// articles merged into the parent's.
extension SnapshotLineageTests {
    /// How many sources a snapshot's manifest lists.
    func sourceCount(_ summary: RunSummary) throws -> Int {
        try #require(try manifest(summary)["sources"] as? [Any]).count
    }

    /// The files of a snapshot that hold records, by path: not the report or the changes.
    func recordDigests(_ summary: RunSummary) throws -> [String: String] {
        try digests(summary).filter { !$0.key.hasPrefix("report") && !$0.key.hasPrefix("changes") }
    }

    @Test(
        "--from extract on the snapshot made from the latest parse reads not one of parse's articles and publishes its records again"
    )
    func rerunOnParentsArticles() throws {
        let (folder, _, pipeline) = try copiedSampleFeeds()
        let output = folder + "/Output"
        let first = try run(pipeline, output, at: Self.at(night: 1))
        let rerun = try run(pipeline, output, at: Self.at(night: 1, plusMinutes: 30), from: .extract)
        #expect(try statuses(rerun) == ["cached", "cached", "cached", "ran", "ran", "ran", "ran"])
        let sources = try sourceCount(first)
        // Parse read what it recorded of each source, not its articles; pages read nothing.
        let parse = try record(rerun, .parse)
        #expect(parse["outputs"] as? Int == (try record(first, .parse))["outputs"] as? Int)
        #expect((parse["outputs"] as? Int ?? 0) > sources)
        #expect(try count(rerun, .parse, "rows_read") == sources)
        #expect(try count(rerun, .pages, "rows_read") == 0)
        #expect((try record(rerun, .pages))["outputs"] as? Int == (try record(first, .pages))["outputs"] as? Int)
        #expect(rerun.articles == first.articles && rerun.newArticles == 0)
        let expected = try recordDigests(first)
        #expect(expected.keys.contains { $0.hasPrefix("articles/") })
        #expect(try recordDigests(rerun) == expected)
    }

    @Test(
        "--from extract after a night stopped before publishing merges that night's parse into the parent's articles, as the night would have"
    )
    func rerunAfterStoppedNight() throws {
        let (folder, feeds, pipeline) = try copiedSampleFeeds()
        let output = folder + "/Output"
        let first = try run(pipeline, output, at: Self.at(night: 1))
        try Self.wireFeeds().night2.writeFile(feeds + "/asia-biotech-wire.xml")
        let unstopped = folder + "/Unstopped"
        try FileManager.default.copyItem(atPath: output, toPath: unstopped)
        let expected = try run(pipeline, unstopped, at: Self.at(night: 2))
        #expect(expected.articles > first.articles)

        struct Stopped: Error {}
        #expect(throws: Stopped.self) {
            try Pipeline.run(
                RunOptions(pipelinePath: pipeline, outputDirectory: output, jobs: 2, now: Self.at(night: 2)),
                logger: Self.logger, beforePublish: { throw Stopped() })
        }
        let rerun = try run(pipeline, output, at: Self.at(night: 2, plusMinutes: 5), from: .extract)
        #expect(try manifest(rerun)["parent"] as? String == first.snapshotID)
        // Parse read its articles this time: every one, beside what it recorded of each source.
        let sources = try sourceCount(first)
        let parsed = try #require((try record(rerun, .parse))["outputs"] as? Int)
        #expect(try count(rerun, .parse, "rows_read") == sources + parsed)
        #expect(rerun.articles == expected.articles)
        let got = try recordDigests(rerun)
        for (path, digest) in try recordDigests(expected) where !path.hasPrefix("articles/") {
            #expect(got[path] == digest, "\(path) differs from the unstopped night's")
        }
        // The articles are the night's but for when they were last seen: a rerun reads no
        // feed, so tonight's sightings stand as parse recorded them.
        func sightless(_ summary: RunSummary) throws -> [String] {
            try TestPaths.records(summary.snapshotPath, "articles").map { article in
                var article = article
                article["last_seen"] = nil
                return try canonical(article)
            }
        }
        #expect(try sightless(rerun) == (try sightless(expected)))
    }
}

import Foundation
import Testing

@testable import Landscape

/// One giant item costs what the limits allow, is reported, and the feeds beside it publish.
@Suite("Limits per article and on the body cache")
struct PerItemLimitsTests {
    @Test("text is cut between characters, never inside one")
    func cutsBetweenCharacters() {
        let article = Fixtures.article("Celltrion 셀트리온 deal")
        // "Celltrion " is 10 bytes; each Hangul syllable is 3: a cut at 12 keeps none of the first.
        var capped = article
        let isCut = capped.capText(at: 12)
        #expect(isCut)
        #expect(capped.summary == "Celltrion ")
        var whole = article
        let wasCut = whole.capText(at: 1_000)
        #expect(!wasCut && whole == article)
    }

    @Test("a 4 MB item is cut to max_text_bytes and its mentions to max_mentions, reported; the next feed publishes")
    func giantItem() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        let sentence = "Celltrion signed a licence agreement with Pfizer for an ADC. "
        let giant = String(repeating: sentence, count: 4_000_000 / sentence.utf8.count)
        let feed = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Giant</title>
            <item><title>All of it</title><link>https://ex.org/giant</link><description>\(giant)</description></item>
            </channel></rss>
            """
        try Array(feed.utf8).writeFile(folder + "/giant.xml")
        let pipeline = try PipelineFiles.write(
            folder, name: "limits",
            sources: [("giant", folder + "/giant.xml"), ("wire", TestPaths.samplesFeeds + "/asia-biotech-wire.xml")],
            fetch: ["retries: 0"],
            extract: [
                "gazetteer: \"\(TestPaths.pipelines)/gazetteer.jsonl\"",
                "places: \"\(TestPaths.pipelines)/places.jsonl\"",
                "max_text_bytes: 20000", "max_mentions: 40",
            ])
        let log = LogRecorder()
        let summary = try Pipeline.run(
            RunOptions(pipelinePath: pipeline, outputDirectory: folder + "/Output", jobs: 2, now: .now),
            logger: log.logger)
        let articles = try TestPaths.records(summary.snapshotPath, "articles")
        let big = try #require(articles.first { $0["url"] as? String == "https://ex.org/giant" })
        #expect(((big["summary"] as? String)?.utf8.count ?? .max) <= 20_000)
        #expect(articles.contains { $0["source_id"] as? String == "wire" })
        let mentions = try TestPaths.records(summary.snapshotPath, "mentions")
        #expect(mentions.filter { $0["article_id"] as? String == big["article_id"] as? String }.count == 40)
        #expect(log.messages.contains { $0.level == .warning && $0.text.contains("more than extract.max_text_bytes") })
        #expect(log.messages.contains { $0.level == .warning && $0.text.contains("more than extract.max_mentions") })
        let manifest = try PublishedSnapshot(path: summary.snapshotPath).manifest
        #expect(manifest.stages.contains { $0.name == "extract" })
    }

    @Test("bodies unused for keep_bodies_days and temporary files of dead runs are pruned; bodies in use stay")
    func prunesBodies() throws {
        let output = try TestPaths.makeTemporaryDirectory()
        let options = RunOptions(
            pipelinePath: TestPaths.defaultPipeline, outputDirectory: output, jobs: 2, now: .now)
        _ = try Pipeline.run(options, logger: LogRecorder().logger)
        let bodies = output + "/cache/bodies"
        let inUse = try FileManager.default.contentsOfDirectory(atPath: bodies)
        #expect(!inUse.isEmpty)
        let old = bodies + "/" + String(repeating: "ab", count: 32)
        let dead = bodies + "/" + String(repeating: "cd", count: 32) + ".tmp-4242"
        for path in [old, dead] {
            try Array("stale".utf8).writeFile(path)
            let longAgo = Date().addingTimeInterval(-40 * 86_400)
            try FileManager.default.setAttributes([.modificationDate: longAgo], ofItemAtPath: path)
        }
        _ = try Pipeline.run(options, logger: LogRecorder().logger)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: bodies))
        #expect(!left.contains(FilePaths.lastComponent(of: old)))
        #expect(!left.contains(FilePaths.lastComponent(of: dead)))
        #expect(left == Set(inUse))
    }
}

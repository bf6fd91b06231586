import Foundation
import Landscape
import Logging
import Testing

/// One deal told by a company, two trade outlets and a wire, through whole pipeline runs.
@Suite("Deal sources across feeds, days and runs")
struct DealSourcesRunTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func feed(_ title: String, items: [(title: String, day: String, text: String)]) -> String {
        var xml = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>\(title)</title>"
        for (index, item) in items.enumerated() {
            let link = "https://\(title.lowercased().replacingOccurrences(of: " ", with: "-")).example/\(index)"
            xml += "<item><title>\(item.title)</title><link>\(link)</link>"
            xml += "<pubDate>\(item.day) 09:00:00 GMT</pubDate><description>\(item.text)</description></item>"
        }
        return xml + "</channel></rss>\n"
    }

    static let release =
        "Pfizer signed an exclusive licence agreement with 3SBio for SSGJ-707, a PD-1/VEGF bispecific antibody, "
        + "for rights outside China. Pfizer will pay $1.25 billion upfront. SSGJ-707 is in a phase 3 trial in "
        + "non-small cell lung cancer in China, with data expected next year. The companies did not disclose "
        + "other terms of the agreement. Shares of 3SBio rose 9% in Hong Kong trading after the news."

    static let feeds: [(name: String, items: [(title: String, day: String, text: String)])] = [
        (
            "Company News",
            [
                ("Pfizer licenses SSGJ-707 from 3SBio", "Tue, 20 May 2025", release),
                (
                    "3SBio to make antibodies for Pfizer", "Mon, 21 Jul 2025",
                    "3SBio signed a contract manufacturing agreement with Pfizer to produce antibodies at its "
                        + "Shenyang plant."
                ),
            ]
        ),
        (
            "Trade One",
            [
                (
                    "3SBio wins $1.25bn upfront", "Wed, 21 May 2025",
                    "3SBio said Pfizer will pay $1.25 billion upfront and up to $4.8 billion in milestones for "
                        + "the rights to SSGJ-707 outside China."
                )
            ]
        ),
        (
            "Trade Two",
            [
                (
                    "Record upfront for a Chinese drug", "Sun, 25 May 2025",
                    "Pfizer's licensing deal with 3SBio brought the largest upfront payment for a Chinese drug "
                        + "this year, analysts said."
                )
            ]
        ),
        (
            "Wire",
            [("Pfizer pays $1.25bn for 3SBio bispecific", "Thu, 29 May 2025", release + " Reporting by Li Wei.")]
        ),
    ]

    static let rumour: (name: String, items: [(title: String, day: String, text: String)]) = (
        "Late Archive",
        [
            (
                "Pfizer in talks for 3SBio drug", "Mon, 12 May 2025",
                "Pfizer is reportedly in talks with 3SBio over the rights to a bispecific antibody."
            )
        ]
    )

    static func write(_ feeds: [(name: String, items: [(title: String, day: String, text: String)])], in folder: String)
        throws -> [String]
    {
        try feeds.map { feed in
            let path = folder + "/" + feed.name.replacingOccurrences(of: " ", with: "-") + ".xml"
            try Array(Self.feed(feed.name, items: feed.items).utf8).writeFile(path)
            return path
        }
    }

    func run(_ sources: [String], output: String, at now: Timestamp) throws -> RunSummary {
        try Pipeline.run(
            RunOptions(
                pipelinePath: TestPaths.defaultPipeline, outputDirectory: output, sourceOverrides: sources,
                jobs: 2, now: now),
            logger: Self.logger)
    }

    static func pfizerDeals(_ snapshot: String) throws -> [[String: Any]] {
        try TestPaths.jsonLines(snapshot + "/deals.jsonl").filter { deal in
            let names = (deal["parties"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
            return Set(names) == ["Pfizer", "3SBio"]
        }
    }

    @Test("four reports make one deal with four sources, a later CDMO deal stays apart, and a rerun keeps the id")
    func fourReportsThenFive() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        let output = folder + "/out"
        let sources = try Self.write(Self.feeds, in: folder)
        let first = try run(sources, output: output, at: Timestamp(secondsSinceEpoch: 1_748_736_000))

        let deals = try Self.pfizerDeals(first.snapshotPath)
        #expect(deals.count == 2)
        let licence = try #require(deals.first { $0["deal_type"] as? String == "licensing" })
        let plant = try #require(deals.first { $0["deal_type"] as? String == "cdmo_manufacturing" })
        #expect((licence["sources"] as? [Any])?.count == 4)
        #expect((plant["sources"] as? [Any])?.count == 1)
        #expect(licence["announced"] as? String == "2025-05-20")
        #expect(licence["upfront_usd"] as? Double == 1_250_000_000)
        // The wire's copy is marked as a near-duplicate of the release, and still counts as a source.
        let articles = try TestPaths.records(first.snapshotPath, "articles")
        let wire = try #require(
            articles.first { ($0["title"] as? String)?.hasPrefix("Pfizer pays") == true })
        let company = try #require(
            articles.first { ($0["title"] as? String)?.hasPrefix("Pfizer licenses") == true })
        #expect(wire["duplicate_of"] as? String == company["article_id"] as? String)
        #expect(wire["cluster_id"] as? String == company["article_id"] as? String)

        // The next night a fifth source arrives, dated before all the others.
        let fifth = try Self.write([Self.rumour], in: folder)
        let second = try run(sources + fifth, output: output, at: Timestamp(secondsSinceEpoch: 1_748_822_400))
        let again = try Self.pfizerDeals(second.snapshotPath)
        let continued = try #require(again.first { $0["deal_type"] as? String == "licensing" })
        #expect(again.count == 2)
        #expect((continued["sources"] as? [Any])?.count == 5)
        #expect(continued["announced"] as? String == "2025-05-12")
        #expect(continued["deal_id"] as? String == licence["deal_id"] as? String)
        #expect(
            again.first { $0["deal_type"] as? String == "cdmo_manufacturing" }?["deal_id"] as? String
                == plant["deal_id"] as? String)
        let changes = try TestPaths.jsonLines(second.snapshotPath + "/changes.jsonl")
        #expect(changes.count == 1)
        #expect(changes.first?["deal_id"] as? String == licence["deal_id"] as? String)
        #expect(changes.first?["change"] as? String == "updated")
        #expect((changes.first?["fields"] as? [String])?.contains("sources") == true)

        // `landscape diff` between the two nights says the same, for people and as JSON lines.
        let catalog = SnapshotCatalog(outputDirectory: output)
        let diff = try SnapshotDiff(
            old: catalog.entry(first.snapshotID), new: catalog.entry("latest"), catalog: catalog)
        let id = licence["deal_id"] as? String ?? ""
        #expect(diff.changes.map(\.dealID) == [id])
        let text = diff.text()
        #expect(text.hasPrefix("\(first.snapshotID) → \(second.snapshotID): 0 added, 1 updated, 0 removed\n"))
        #expect(text.contains("~ \(id)  "))
        #expect(text.contains("    sources: 4 sources → 5 sources"))
        #expect(text.contains("    announced: 2025-05-20 → 2025-05-12"))
        #expect(diff.jsonLines().contains("\"deal_id\":\"\(id)\",\"change\":\"updated\""))
    }

    @Test("bad dedupe settings are reported with the pipeline's file and line")
    func badSettings() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        for (setting, message) in [
            ("near_duplicate_threshold: 1.5", "above 0 and at most 1"), ("shingle_words: 0", "above 0"),
            ("minhash_permutations: many", "whole number"),
        ] {
            let path = folder + "/bad.yml"
            try Array("name: x\nsources:\n  - url: a.xml\ndedupe:\n  \(setting)\n".utf8).writeFile(path)
            do {
                _ = try PipelineConfig.load(path: path)
                Issue.record("expected a ConfigError for \(setting)")
            } catch {
                #expect(error.line == 5)
                #expect(error.description.contains(message), "\(error)")
            }
        }
    }
}

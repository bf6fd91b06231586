import Foundation
import Landscape
import Logging
import Testing

@Suite("Whole runs in a temporary directory")
struct PipelineRunTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func options(_ output: String, sources: [String] = [], from: Stage = .fetch) -> RunOptions {
        RunOptions(
            pipelinePath: TestPaths.defaultPipeline, outputDirectory: output, sourceOverrides: sources, from: from,
            jobs: 2, now: .now)
    }

    @Test("the samples' saved pages fill content; the deal whose counterparty and money are only in a page is found")
    func samplePages() throws {
        let output = try TestPaths.makeTemporaryDirectory()
        let summary = try Pipeline.run(options(output), logger: Self.logger)
        let snapshot = output + "/snapshots/" + summary.snapshotID
        var articles: [[String: Any]] = []
        for path in try TestPaths.files(snapshot, of: "articles") {
            articles += try TestPaths.jsonLines(snapshot + "/" + path)
        }
        let withPages = articles.filter {
            ($0["url"] as? String)?.hasPrefix("https://asia-biotech-wire.example/news/") == true
                && $0["content"] is String
        }
        #expect(withPages.count == 3)
        let hengrui = try #require(
            withPages.first { ($0["url"] as? String)?.hasSuffix("hengrui-kailera-glp1") == true })
        #expect((hengrui["summary"] as? String)?.contains("Kailera") == false)
        #expect((hengrui["content"] as? String)?.contains("Kailera will pay $110 million upfront") == true)
        let deals = try TestPaths.records(snapshot, "deals")
        let deal = try #require(
            deals.first { deal in
                let names = (deal["parties"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                return names.contains("Kailera Therapeutics")
            })
        #expect(deal["deal_type"] as? String == "licensing")
        #expect(deal["upfront_usd"] as? Double == 110_000_000)
        let roles = (deal["parties"] as? [[String: Any]] ?? []).map { "\($0["name"] ?? "") \($0["role"] ?? "")" }
        #expect(roles.contains("Jiangsu Hengrui Pharmaceuticals licensor"))
        #expect(roles.contains("Kailera Therapeutics licensee"))
        var contentMentions = 0
        for path in try TestPaths.files(snapshot, of: "mentions") {
            contentMentions += try TestPaths.jsonLines(snapshot + "/" + path).count {
                $0["field"] as? String == "content" && $0["article_id"] as? String == hengrui["article_id"] as? String
            }
        }
        #expect(contentMentions >= 2)
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(TestPaths.bytes(snapshot + "/manifest.json"))) as? [String: Any]
        )
        let stages = try #require(manifest["stages"] as? [[String: Any]])
        // Every stage records the most memory the night held while it ran.
        #expect(stages.count == 7)
        for stage in stages {
            let peak = (stage["counts"] as? [String: Int])?["peak_resident_mb"]
            #expect(peak.map { $0 > 0 && $0 < 16_384 } == true, "\(stage["name"] ?? "")")
        }
        let pages = try #require(stages.first { $0["name"] as? String == "pages" })
        let counts = try #require(pages["counts"] as? [String: Int])
        #expect(counts["saved"] == 3)
        #expect(counts["fetched"] == 0)
        #expect(counts["skipped_host"] == summary.articles - 3)
        // The next night finds no new article: no page is read again, and content stays.
        let second = try Pipeline.run(options(output), logger: Self.logger)
        var again: [[String: Any]] = []
        for path in try TestPaths.files(second.snapshotPath, of: "articles") {
            again += try TestPaths.jsonLines(second.snapshotPath + "/" + path)
        }
        #expect(
            again.count {
                $0["content"] is String && ($0["url"] as? String)?.contains("asia-biotech-wire.example/news/") == true
            } == 3)
    }

    @Test("the default pipeline publishes a complete snapshot of the samples, and latest points to it")
    func samplesEndToEnd() throws {
        let output = try TestPaths.makeTemporaryDirectory()
        let summary = try Pipeline.run(options(output), logger: Self.logger)
        let snapshot = output + "/snapshots/" + summary.snapshotID
        #expect(summary.feeds == 6)
        #expect(summary.failedFeeds.isEmpty)
        #expect(summary.articles >= 80)
        #expect(summary.deals >= 30)
        let files = try FileManager.default.contentsOfDirectory(atPath: snapshot).sorted()
        #expect(
            files == [
                "aggregates.jsonl", "articles", "changes.jsonl", "deals.jsonl", "manifest.json", "mentions",
                "network", "report", "report.html", "report.md",
            ])
        // The reports link every quarter's page of deals, and each page exists.
        let html = try String(contentsOfFile: snapshot + "/report.html", encoding: .utf8)
        let pages = try FileManager.default.contentsOfDirectory(atPath: snapshot + "/report").map { "report/" + $0 }
        #expect(!pages.isEmpty)
        for page in pages where page.hasSuffix(".html") { #expect(html.contains("href=\"\(page)\""), "\(page)") }
        // Articles are split by the month they were published (else first seen), and each
        // mention sits in the month of its article.
        var monthOfArticle: [String: String] = [:]
        for path in try TestPaths.files(snapshot, of: "articles") {
            let month = String(path.dropFirst("articles/".count).prefix(7))
            #expect(path == "articles/\(month).jsonl")
            for article in try TestPaths.jsonLines(snapshot + "/" + path) {
                let date = (article["published"] as? String) ?? (article["first_seen"] as? String) ?? ""
                #expect(date.hasPrefix(month), "\(path): \(date)")
                monthOfArticle[article["article_id"] as? String ?? ""] = month
            }
        }
        #expect(monthOfArticle.count == summary.articles)
        #expect(Set(monthOfArticle.values).count >= 12)
        for path in try TestPaths.files(snapshot, of: "mentions") {
            for mention in try TestPaths.jsonLines(snapshot + "/" + path) {
                #expect(path == "mentions/\(monthOfArticle[mention["article_id"] as? String ?? ""] ?? "?").jsonl")
            }
        }
        // The manifest lists every file there is, and nothing else.
        let onDisk = try FileManager.default.subpathsOfDirectory(atPath: snapshot).filter {
            !$0.hasSuffix("manifest.json")
                && ($0.contains(".jsonl") || $0.hasPrefix("report.") || $0.hasPrefix("report/deals-")
                    || $0.hasSuffix(".graphml"))
        }
        #expect(Set(onDisk) == Set(try TestPaths.manifestFiles(snapshot).map { $0["path"] as? String ?? "" }))
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: output + "/snapshots/latest")
                == summary.snapshotID)

        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(TestPaths.bytes(snapshot + "/manifest.json"))) as? [String: Any]
        )
        #expect(manifest["schema_version"] as? String == "3.1")
        #expect(manifest["parent"] is NSNull)
        let stages = try #require(manifest["stages"] as? [[String: Any]])
        #expect(
            stages.map { $0["name"] as? String } == [
                "fetch", "parse", "pages", "extract", "dedupe", "aggregate", "publish",
            ])
        let manifestFiles = try #require(manifest["files"] as? [[String: Any]])
        for file in manifestFiles {
            let path = snapshot + "/" + (file["path"] as? String ?? "")
            let rows =
                path.hasSuffix(".jsonl")
                ? try TestPaths.jsonLines(path).count : try TestPaths.bytes(path).count { $0 == 0x0A }
            #expect(rows == file["rows"] as? Int)
            #expect(SHA256.hex(try TestPaths.bytes(path)) == file["sha256"] as? String)
        }

        // The deal reported by three outlets is one deal with three sources.
        let deals = try TestPaths.jsonLines(snapshot + "/deals.jsonl")
        let pfizer = try #require(
            deals.first { deal in
                let names = (deal["parties"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
                return Set(names) == ["Pfizer", "3SBio"]
            })
        #expect((pfizer["sources"] as? [Any])?.count == 3)
        #expect(pfizer["deal_type"] as? String == "licensing")
        #expect(pfizer["upfront_usd"] as? Double == 1_250_000_000)

        // Every change is an addition against no parent.
        let changes = try TestPaths.jsonLines(snapshot + "/changes.jsonl")
        #expect(changes.count == deals.count)
        #expect(changes.allSatisfy { $0["change"] as? String == "added" })
    }

    @Test("a feed over HTTP from a loopback server and one broken feed: the run publishes and lists the failure")
    func httpAndBrokenFeed() throws {
        let good = try TestPaths.bytes(TestPaths.samplesFeeds + "/korea-bio-digest.rdf")
        let server = try LoopbackHTTPServer { request in
            request.path == "/korea.rdf" ? .ok(body: good, contentType: "application/rdf+xml") : .status(503)
        }
        defer { server.stop() }
        let output = try TestPaths.makeTemporaryDirectory()
        let broken = output + "/broken.xml"
        try Array("this is not a feed <<<".utf8).writeFile(broken)
        let sources = [
            server.url("/korea.rdf"), broken, server.url("/down.xml"),
            TestPaths.samplesFeeds + "/asia-biotech-wire.xml",
        ]
        let summary = try Pipeline.run(options(output, sources: sources), logger: Self.logger)
        #expect(summary.feeds == 4)
        #expect(summary.failedFeeds.count == 2)
        #expect(summary.articles == 30)
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(TestPaths.bytes(summary.snapshotPath + "/manifest.json")))
                as? [String: Any])
        let records = try #require(manifest["sources"] as? [[String: Any]])
        let byURL = Dictionary(uniqueKeysWithValues: records.map { ($0["url"] as? String ?? "", $0) })
        #expect(byURL[server.url("/korea.rdf")]?["status"] as? String == "fetched")
        #expect(byURL[server.url("/korea.rdf")]?["http_status"] as? Int == 200)
        #expect(byURL[server.url("/korea.rdf")]?["items"] as? Int == 14)
        #expect(byURL[server.url("/down.xml")]?["status"] as? String == "failed")
        #expect(byURL[server.url("/down.xml")]?["http_status"] as? Int == 503)
        #expect((byURL["file://" + broken]?["error"] as? String)?.contains("broken.xml") == true)
        #expect(server.requests.contains("/korea.rdf"))
    }

    @Test("a run interrupted before publish leaves no snapshot, and latest unchanged")
    func interruptedRun() throws {
        let output = try TestPaths.makeTemporaryDirectory()
        let first = try Pipeline.run(options(output), logger: Self.logger)
        struct Interrupted: Error {}
        #expect(throws: Interrupted.self) {
            try Pipeline.run(options(output), logger: Self.logger) { throw Interrupted() }
        }
        let entries = try FileManager.default.contentsOfDirectory(atPath: output + "/snapshots").sorted()
        #expect(entries == [first.snapshotID, "latest", "latest-apac-biotech"])
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: output + "/snapshots/latest") == first.snapshotID)
    }

    @Test("an output directory of the older layout (one state database, one latest link) is taken over by its pipeline")
    func olderLayoutMigrates() throws {
        let output = try TestPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let first = try Pipeline.run(options(output), logger: Self.logger)
        let files = FileManager.default
        // What the older version left: state/landscape.sqlite, snapshots/latest only, and a
        // stage-cache pointer named `latest`.
        try files.moveItem(atPath: output + "/state/apac-biotech.sqlite", toPath: output + "/state/landscape.sqlite")
        try files.removeItem(atPath: output + "/snapshots/latest-apac-biotech")
        let parsePointers = output + "/cache/stages/parse"
        try files.moveItem(atPath: parsePointers + "/latest-apac-biotech", toPath: parsePointers + "/latest")

        let second = try Pipeline.run(options(output), logger: Self.logger)
        let manifest = try JSONSerialization.jsonObject(
            with: Data(try TestPaths.bytes(output + "/snapshots/" + second.snapshotID + "/manifest.json")))
        #expect((manifest as? [String: Any])?["parent"] as? String == first.snapshotID)
        #expect(files.fileExists(atPath: output + "/state/apac-biotech.sqlite"))
        #expect(!files.fileExists(atPath: output + "/state/landscape.sqlite"))
        #expect(second.newArticles == 0, "the landscape carried over: \(second.newArticles) articles counted new")
        #expect(
            try files.destinationOfSymbolicLink(atPath: output + "/snapshots/latest-apac-biotech") == second.snapshotID)
    }

    @Test("a second run has the first as parent; --from extract reuses cached fetch and parse")
    func rerunFromExtract() throws {
        let output = try TestPaths.makeTemporaryDirectory()
        let first = try Pipeline.run(options(output), logger: Self.logger)
        let second = try Pipeline.run(options(output, from: .extract), logger: Self.logger)
        #expect(second.snapshotID != first.snapshotID)
        #expect(second.newArticles == 0)
        #expect(second.articles == first.articles)
        #expect(second.deals == first.deals)
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(TestPaths.bytes(second.snapshotPath + "/manifest.json")))
                as? [String: Any])
        #expect(manifest["parent"] as? String == first.snapshotID)
        let stages = try #require(manifest["stages"] as? [[String: Any]])
        #expect(stages.prefix(4).map { $0["status"] as? String } == ["cached", "cached", "cached", "ran"])
        // Same deals: nothing changed.
        #expect(try TestPaths.jsonLines(second.snapshotPath + "/changes.jsonl").isEmpty)
    }

    @Test("a bad pipeline file is a ConfigError naming the file and line")
    func badPipeline() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        let path = folder + "/bad.yml"
        try Array("name: x\nsources:\n  - url: a.xml\nfetch:\n  concurency: 3\n".utf8).writeFile(path)
        var options = options(folder + "/out")
        options.pipelinePath = path
        do {
            _ = try Pipeline.run(options, logger: Self.logger)
            Issue.record("expected a ConfigError")
        } catch let error as ConfigError {
            #expect(error.line == 5)
            #expect(error.description.contains("concurency"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/snapshots/latest"))
    }
}

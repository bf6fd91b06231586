import Foundation
import Logging
import Testing

@testable import Landscape

#if canImport(Glibc)
    import Glibc
#endif

/// Snapshots across nights and reruns: what a second night shares with the first, what the
/// stage cache reuses, and what a rerun after an edit changes.
@Suite("Snapshot lineage and the stage cache")
struct SnapshotLineageTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    static let night1 = Timestamp(secondsSinceEpoch: 1_794_880_800)  // 2026-11-17T02:00:00Z

    static func at(night: Int64, plusMinutes minutes: Int64 = 0) -> Timestamp {
        Timestamp(secondsSinceEpoch: night1.secondsSinceEpoch + (night - 1) * 86_400 + minutes * 60)
    }

    /// Three items dated October 2026, a month none of the samples' articles is in, each a deal
    /// between parties that have no other deal near that date.
    static let newItems = """
          <item>
            <title>Astellas licenses Hanmi's oral obesity candidate for Japan</title>
            <link>https://asia-biotech-wire.example/news/astellas-hanmi-obesity</link>
            <guid isPermaLink="false">abw-2001</guid>
            <pubDate>Tue, 06 Oct 2026 09:00:00 +0900</pubDate>
            <description>Astellas Pharma will pay Hanmi Pharmaceutical $40 million upfront for exclusive rights in Japan to HM-101, an oral GLP-1 drug, the companies said.</description>
          </item>
          <item>
            <title>Samsung Biologics signs manufacturing deal with Otsuka</title>
            <link>https://asia-biotech-wire.example/news/samsung-otsuka-cdmo</link>
            <guid isPermaLink="false">abw-2002</guid>
            <pubDate>Wed, 14 Oct 2026 10:00:00 +0900</pubDate>
            <description>Samsung Biologics will manufacture antibody drugs for Otsuka Pharmaceutical under a contract manufacturing agreement worth $210 million.</description>
          </item>
          <item>
            <title>Celltrion signs distribution deal with Sun Pharma for India</title>
            <link>https://asia-biotech-wire.example/news/celltrion-sun-india</link>
            <guid isPermaLink="false">abw-2003</guid>
            <pubDate>Wed, 21 Oct 2026 08:00:00 +0530</pubDate>
            <description>Celltrion has signed a distribution agreement with Sun Pharmaceutical Industries to commercialise its biosimilars in India.</description>
          </item>

        """

    /// The samples' wire feed, and the next night's: `newItems`, the older items having rolled
    /// off, as they do from a real feed.
    static func wireFeeds() throws -> (night1: [UInt8], night2: [UInt8]) {
        let text = String(
            decoding: try TestPaths.bytes(TestPaths.samplesFeeds + "/asia-biotech-wire.xml"), as: UTF8.self)
        let head = try #require(text.range(of: "<language>en-us</language>\n"))
        let tail = try #require(text.range(of: "</channel>"))
        return (Array(text.utf8), Array((text[..<head.upperBound] + newItems + text[tail.lowerBound...]).utf8))
    }

    /// Serves the wire feed (whatever `wire` holds) and two sample feeds, all with ETags and
    /// 304 answers to a matching `If-None-Match`.
    final class Feeds: @unchecked Sendable {
        private let lock = NSLock()
        private var bodies: [String: [UInt8]] = [:]

        subscript(path: String) -> [UInt8]? {
            get { lock.withLock { bodies[path] } }
            set { lock.withLock { bodies[path] = newValue } }
        }
    }

    func server(_ feeds: Feeds) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request in
            guard let body = feeds[request.path] else { return .status(404) }
            let etag = "\"\(SHA256.hex(body).prefix(16))\""
            if request.headers["if-none-match"] == etag { return .status(304, headers: ["ETag": etag]) }
            return .response(status: 200, headers: ["Content-Type": "application/xml", "ETag": etag], body: body)
        }
    }

    /// A pipeline in `folder` reading `sources`, with its own copy of the gazetteer; `extract`
    /// is YAML written after the extract section's own lines.
    /// The sample feeds as sources `feed0`, `feed1`... read from disk.
    static let sampleSources = TestPaths.sampleFeedFiles.enumerated().map {
        (id: "feed\($0.offset)", url: "file://" + $0.element)
    }

    func writePipeline(_ folder: String, sources: [(id: String, url: String)], extract: String = "") throws -> String {
        try FileManager.default.copyItem(
            atPath: TestPaths.pipelines + "/gazetteer.jsonl", toPath: folder + "/gazetteer.jsonl")
        return try PipelineFiles.write(
            folder, name: "lineage-test", sources: sources, fetch: ["timeout_seconds: 5", "retries: 0"],
            extract: ["gazetteer: gazetteer.jsonl", "places: \"\(TestPaths.pipelines)/places.jsonl\""], more: extract)
    }

    func run(
        _ pipeline: String, _ output: String, at now: Timestamp, from: Stage = .fetch, only: [Stage] = [],
        snapshot: String? = nil, jobs: Int = 2
    ) throws -> RunSummary {
        try Pipeline.run(
            RunOptions(
                pipelinePath: pipeline, outputDirectory: output, from: from, only: only, snapshot: snapshot, jobs: jobs,
                now: now),
            logger: Self.logger)
    }

    func manifest(_ summary: RunSummary) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(TestPaths.bytes(summary.snapshotPath + "/manifest.json")))
                as? [String: Any])
    }

    /// Each stage's status and cache key, by name.
    func stages(_ summary: RunSummary) throws -> [String: (status: String, key: String)] {
        let records = try #require(try manifest(summary)["stages"] as? [[String: Any]])
        var stages: [String: (status: String, key: String)] = [:]
        for record in records {
            stages[record["name"] as? String ?? ""] = (
                record["status"] as? String ?? "", record["cache_key"] as? String ?? ""
            )
        }
        return stages
    }

    func statuses(_ summary: RunSummary) throws -> [String] {
        let stages = try stages(summary)
        return Stage.allCases.map { stages[$0.rawValue]?.status ?? "missing" }
    }

    /// A record as JSON with sorted keys, to compare two records.
    func canonical(_ record: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: record, options: .sortedKeys), as: UTF8.self)
    }

    /// The inode of a file: equal inodes are one file under two names (a hard link).
    func inode(_ path: String) -> UInt64? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    /// Digest of each file of a snapshot, by path, from its manifest.
    func digests(_ summary: RunSummary) throws -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: try TestPaths.manifestFiles(summary.snapshotPath).map {
                ($0["path"] as? String ?? "", $0["sha256"] as? String ?? "")
            })
    }

    @Test(
        "second night with three new items and a 304 feed: the new deals are added, changes lists exactly them, unchanged months are hard links"
    )
    func twoNights() throws {
        let (wire1, wire2) = try Self.wireFeeds()
        let feeds = Feeds()
        feeds["/wire.xml"] = wire1
        feeds["/korea.rdf"] = try TestPaths.bytes(TestPaths.samplesFeeds + "/korea-bio-digest.rdf")
        let server = try server(feeds)
        defer { server.stop() }
        let folder = try TestPaths.makeTemporaryDirectory()
        let pipeline = try writePipeline(
            folder, sources: [("wire", server.url("/wire.xml")), ("korea", server.url("/korea.rdf"))])
        let output = folder + "/Output"

        let first = try run(pipeline, output, at: Self.at(night: 1))
        feeds["/wire.xml"] = wire2
        let second = try run(pipeline, output, at: Self.at(night: 2))

        // The wire feed came in full with three more items; the Korean feed was a 304.
        let sources = try #require(try manifest(second)["sources"] as? [[String: Any]])
        let korea = try #require(sources.first { $0["id"] as? String == "korea" })
        #expect(korea["status"] as? String == "not_modified")
        #expect(korea["http_status"] as? Int == 304)
        let wire = try #require(sources.first { $0["id"] as? String == "wire" })
        #expect(wire["status"] as? String == "fetched")
        #expect(wire["items"] as? Int == 3)
        #expect(second.newArticles == 3)
        // The items that left the wire feed stay in the landscape (checked just below), and
        // re-seen articles (the Korean feed's) move their last_seen while the rest keep theirs.
        let night1Articles = try TestPaths.records(first.snapshotPath, "articles")
        let night2Articles = try TestPaths.records(second.snapshotPath, "articles")
        let earlier = Dictionary(uniqueKeysWithValues: night1Articles.map { ($0["article_id"] as? String ?? "", $0) })
        for article in night2Articles {
            let id = article["article_id"] as? String ?? ""
            let isSeenTonight = article["source_id"] as? String == "korea" || earlier[id] == nil
            let lastSeen = (isSeenTonight ? Self.at(night: 2) : Self.at(night: 1)).iso8601
            #expect(article["last_seen"] as? String == lastSeen, "\(id)")
            let firstSeen = earlier[id]?["first_seen"] as? String ?? Self.at(night: 2).iso8601
            #expect(article["first_seen"] as? String == firstSeen, "\(id)")
        }
        #expect(second.articles == first.articles + 3)
        #expect(try manifest(second)["parent"] as? String == first.snapshotID)

        // The new deals are in; every old deal is as it was.
        let before = try TestPaths.records(first.snapshotPath, "deals")
        let after = try TestPaths.records(second.snapshotPath, "deals")
        let oldIDs = Set(before.map { $0["deal_id"] as? String ?? "" })
        let added = after.filter { !oldIDs.contains($0["deal_id"] as? String ?? "") }
        #expect(after.count == before.count + 3)
        let pairs = Set(
            added.map { deal in Set((deal["parties"] as? [[String: Any]] ?? []).map { $0["name"] as? String ?? "" }) })
        #expect(
            pairs == [
                ["Astellas Pharma", "Hanmi Pharmaceutical"], ["Samsung Biologics", "Otsuka Pharmaceutical"],
                ["Celltrion", "Sun Pharmaceutical Industries"],
            ])
        #expect(added.allSatisfy { ($0["announced"] as? String ?? "").hasPrefix("2026-10") })
        let beforeByID = Dictionary(uniqueKeysWithValues: before.map { ($0["deal_id"] as? String ?? "", $0) })
        for deal in after where oldIDs.contains(deal["deal_id"] as? String ?? "") {
            let old = try #require(beforeByID[deal["deal_id"] as? String ?? ""])
            #expect(try canonical(deal) == canonical(old), "\(deal["deal_id"] ?? "")")
        }

        // changes.jsonl: exactly the three, as added.
        let changes = try TestPaths.records(second.snapshotPath, "changes")
        #expect(changes.count == 3)
        #expect(
            Set(changes.map { $0["deal_id"] as? String ?? "" }) == Set(added.map { $0["deal_id"] as? String ?? "" }))
        #expect(changes.allSatisfy { $0["change"] as? String == "added" })

        // October 2026 is a new month of articles and mentions. The article months with a
        // re-seen Korean article changed; every other month is the first night's file under a
        // second name, and so is every month of mentions.
        let firstFiles = try digests(first)
        let secondFiles = try digests(second)
        let newMonths = secondFiles.keys.filter { firstFiles[$0] == nil }.sorted()
        // The reports gain the page of the new quarter.
        #expect(
            newMonths == [
                "articles/2026-10.jsonl", "mentions/2026-10.jsonl", "report/deals-2026-Q4.html",
                "report/deals-2026-Q4.md",
            ])
        var reseenMonths: Set<String> = []
        for article in night2Articles where article["source_id"] as? String == "korea" {
            let date = (article["published"] as? String) ?? (article["first_seen"] as? String ?? "")
            reseenMonths.insert("articles/\(date.prefix(7)).jsonl")
        }
        #expect(reseenMonths.count >= 5)
        var linked = 0
        for (path, digest) in secondFiles where path.hasPrefix("articles/") || path.hasPrefix("mentions/") {
            guard firstFiles[path] != nil else { continue }
            let isLink = inode(first.snapshotPath + "/" + path) == inode(second.snapshotPath + "/" + path)
            if reseenMonths.contains(path) {
                #expect(firstFiles[path] != digest && !isLink, "\(path) should hold new last_seen values")
            } else {
                #expect(firstFiles[path] == digest, "\(path) changed")
                #expect(isLink, "\(path) is a copy, not a hard link")
                linked += 1
            }
        }
        #expect(
            linked
                == firstFiles.keys.count { $0.hasPrefix("articles/") || $0.hasPrefix("mentions/") } - reseenMonths.count
        )
        #expect(linked >= 20)
        // The reports' pages of the quarters that gained no deal are the first night's too.
        var linkedPages = 0
        for (path, digest) in secondFiles where path.hasPrefix("report/") && firstFiles[path] == digest {
            #expect(inode(first.snapshotPath + "/" + path) == inode(second.snapshotPath + "/" + path), "\(path)")
            linkedPages += 1
        }
        #expect(linkedPages >= 2)
        #expect(second.filesShared == linked + linkedPages)
        // What did change is a file of its own.
        #expect(inode(first.snapshotPath + "/deals.jsonl") != inode(second.snapshotPath + "/deals.jsonl"))

        // Extract redid only the three new articles; doing all of them gives the same bytes.
        let extract = try #require(
            (try manifest(second)["stages"] as? [[String: Any]])?.first { $0["name"] as? String == "extract" })
        let extractCounts = try #require(extract["counts"] as? [String: Any])
        #expect(extractCounts["reused_articles"] as? Int == first.articles)
        // Extract keeps its output by month: only the new month was made; no other was read.
        let mentionMonths = secondFiles.keys.count { $0.hasPrefix("articles/") }
        #expect(extractCounts["months_extracted"] as? Int == 1)
        #expect(extractCounts["months_reused"] as? Int == mentionMonths - 1)
        let redone = try run(pipeline, output, at: Self.at(night: 2, plusMinutes: 5), from: .extract)
        let redoneFiles = try digests(redone)
        for (path, digest) in secondFiles where !path.hasPrefix("report.") && !path.hasPrefix("changes") {
            #expect(redoneFiles[path] == digest, "\(path) differs when every article is extracted again")
        }

        // Both snapshots read whole after the first is pruned: a hard link keeps the file.
        let pruned = try SnapshotCatalog(outputDirectory: output).prune(keep: 2, now: Self.at(night: 2, plusMinutes: 9))
        #expect(pruned == [first.snapshotID])
        #expect(try TestPaths.records(second.snapshotPath, "articles").count == second.articles)
    }

    @Test(
        "--from extract after a gazetteer edit: no HTTP request, fetch and parse cached, and only the deals and mentions of the edited organisation change"
    )
    func gazetteerEdit() throws {
        let feeds = Feeds()
        for name in ["asia-biotech-wire.xml", "china-biopharma-monitor.atom", "korea-bio-digest.rdf"] {
            feeds["/" + name] = try TestPaths.bytes(TestPaths.samplesFeeds + "/" + name)
        }
        let server = try server(feeds)
        defer { server.stop() }
        let folder = try TestPaths.makeTemporaryDirectory()
        let pipeline = try writePipeline(
            folder,
            sources: [
                ("wire", server.url("/asia-biotech-wire.xml")), ("china", server.url("/china-biopharma-monitor.atom")),
                ("korea", server.url("/korea-bio-digest.rdf")),
            ])
        let output = folder + "/Output"
        let first = try run(pipeline, output, at: Self.at(night: 1))
        let requests = server.receivedRequests.count
        #expect(requests == 3)

        // A researcher corrects 3SBio's country: Hong Kong, where it is listed, not China.
        let gazetteer = String(decoding: try TestPaths.bytes(folder + "/gazetteer.jsonl"), as: UTF8.self)
        let old = #"{"name": "3SBio", "aliases": ["3SBio Inc", "Shenyang Sunshine Pharmaceutical"], "country": "CN""#
        #expect(gazetteer.contains(old))
        try Array(
            gazetteer.replacingOccurrences(of: old, with: old.replacingOccurrences(of: "\"CN\"", with: "\"HK\"")).utf8
        )
        .writeFile(folder + "/gazetteer.jsonl")

        let rerun = try run(pipeline, output, at: Self.at(night: 1, plusMinutes: 30), from: .extract)
        #expect(server.receivedRequests.count == requests)
        let firstStages = try stages(first)
        let stages = try stages(rerun)
        #expect(try statuses(rerun) == ["cached", "cached", "cached", "ran", "ran", "ran", "ran"])
        #expect(stages["fetch"]?.key == firstStages["fetch"]?.key)
        #expect(stages["parse"]?.key == firstStages["parse"]?.key)
        #expect(stages["extract"]?.key != firstStages["extract"]?.key)
        #expect(try manifest(rerun)["parent"] as? String == first.snapshotID)

        // The deals with 3SBio are updated, with the fields the country feeds; no other deal is.
        let deals = try TestPaths.records(rerun.snapshotPath, "deals")
        let with3SBio = deals.filter { deal in
            (deal["parties"] as? [[String: Any]] ?? []).contains { $0["name"] as? String == "3SBio" }
        }
        #expect(!with3SBio.isEmpty)
        for deal in with3SBio {
            let party = try #require((deal["parties"] as? [[String: Any]])?.first { $0["name"] as? String == "3SBio" })
            #expect(party["country"] as? String == "HK")
        }
        let changes = try TestPaths.records(rerun.snapshotPath, "changes")
        #expect(
            Set(changes.map { $0["deal_id"] as? String ?? "" }) == Set(with3SBio.map { $0["deal_id"] as? String ?? "" })
        )
        #expect(changes.allSatisfy { $0["change"] as? String == "updated" })
        #expect(changes.allSatisfy { ($0["fields"] as? [String] ?? []).contains("parties") })
        #expect(deals.count == (try TestPaths.records(first.snapshotPath, "deals")).count)

        // No article changed; the mention months that changed are exactly those that mention 3SBio.
        let firstFiles = try digests(first)
        let rerunFiles = try digests(rerun)
        #expect(Set(firstFiles.keys) == Set(rerunFiles.keys))
        let changedMonths = Set(rerunFiles.keys.filter { rerunFiles[$0] != firstFiles[$0] })
        let monthsWith3SBio = try TestPaths.files(rerun.snapshotPath, of: "mentions").filter { path in
            try TestPaths.jsonLines(rerun.snapshotPath + "/" + path).contains { $0["name"] as? String == "3SBio" }
        }
        #expect(!monthsWith3SBio.isEmpty)
        #expect(changedMonths.filter { $0.hasPrefix("articles/") }.isEmpty)
        #expect(changedMonths.filter { $0.hasPrefix("mentions/") } == Set(monthsWith3SBio))
        for path in firstFiles.keys where path.hasPrefix("articles/") {
            #expect(inode(first.snapshotPath + "/" + path) == inode(rerun.snapshotPath + "/" + path), "\(path)")
        }
    }

    /// A folder with copies of three sample feeds (the wire, the Chinese monitor, the Korean
    /// digest), which a test edits night by night, and a pipeline reading them.
    func copiedSampleFeeds() throws -> (folder: String, feeds: String, pipeline: String) {
        let folder = try TestPaths.makeTemporaryDirectory()
        let feeds = folder + "/feeds"
        try FileManager.default.createDirectory(atPath: feeds, withIntermediateDirectories: true)
        let names = ["asia-biotech-wire.xml", "china-biopharma-monitor.atom", "korea-bio-digest.rdf"]
        for name in names {
            try TestPaths.bytes(TestPaths.samplesFeeds + "/" + name).writeFile(feeds + "/" + name)
        }
        let pipeline = try writePipeline(
            folder, sources: names.enumerated().map { ("feed\($0.offset)", "file://" + feeds + "/" + $0.element) })
        return (folder, feeds, pipeline)
    }

    @Test(
        "three nights of additions, a known deal's new source and feeds rolling items off: each night's records equal a full recompute's"
    )
    func incrementalEqualsFull() throws {
        let (folder, feeds, pipeline) = try copiedSampleFeeds()
        let output = folder + "/Output"
        let (_, night2Wire) = try Self.wireFeeds()
        // A second report of the Astellas-Hanmi licence two days later: a new source for a known deal.
        let update = """
              <item>
                <title>Hanmi confirms Japan rights deal with Astellas</title>
                <link>https://asia-biotech-wire.example/news/hanmi-astellas-confirm</link>
                <guid isPermaLink="false">abw-2004</guid>
                <pubDate>Thu, 08 Oct 2026 11:00:00 +0900</pubDate>
                <description>Hanmi Pharmaceutical said Astellas Pharma will pay it $40 million upfront for the Japanese rights to HM-101.</description>
              </item>

            """
        // The wire also corrects the summary of an item it carried on the first night: an
        // article seen again with another text.
        var wire2 = String(decoding: night2Wire, as: UTF8.self)
        let lastSummary = try #require(wire2.range(of: "</description>", options: .backwards))
        wire2.insert(contentsOf: " The companies confirmed the terms on a call.", at: lastSummary.lowerBound)
        let night3Wire = wire2.replacingOccurrences(of: "</channel>", with: update + "</channel>")
        let korea = String(decoding: try TestPaths.bytes(feeds + "/korea-bio-digest.rdf"), as: UTF8.self)
        let firstItem = try #require(korea.range(of: "<item"))
        let lastItemEnd = try #require(korea.range(of: "</item>", options: .backwards))
        let koreaRolledOff = String(korea[..<firstItem.lowerBound]) + String(korea[lastItemEnd.upperBound...])

        var (deals, articles): ([Int], [Int]) = ([], [])
        var parentPath = ""
        for night in 1...3 {
            if night == 2 { try night2Wire.writeFile(feeds + "/asia-biotech-wire.xml") }
            if night == 3 {
                try Array(night3Wire.utf8).writeFile(feeds + "/asia-biotech-wire.xml")
                try Array(koreaRolledOff.utf8).writeFile(feeds + "/korea-bio-digest.rdf")
            }
            let nightly = try run(pipeline, output, at: Self.at(night: Int64(night)))
            let full = try run(pipeline, output, at: Self.at(night: Int64(night), plusMinutes: 5), from: .extract)
            let full0 = try digests(full)
            for (path, digest) in try digests(nightly) where !path.hasPrefix("report.") && !path.hasPrefix("changes") {
                #expect(full0[path] == digest, "night \(night): \(path) differs from a full recompute")
            }
            #expect(
                full0.keys.filter { !$0.hasPrefix("changes") }.sorted()
                    == (try digests(nightly)).keys.filter { !$0.hasPrefix("changes") }.sorted())
            // A night merges again only the party sets its new and updated articles report;
            // the full recompute merges them all.
            let merged = try #require(try count(nightly, .dedupe, "party_sets_merged"))
            let all = try #require(try count(full, .dedupe, "party_sets_merged"))
            #expect(night == 1 ? merged == all : merged > 0 && merged < all, "night \(night): \(merged) of \(all)")
            // It knows the parent's deals by their outlines, and decodes them only for aggregate.
            // It groups its new articles on from where the parent's grouping stopped; on the
            // third night, from the corrected article, grouped again with every one after it.
            // The full recompute groups every article.
            let continued = try #require(try count(nightly, .dedupe, "articles_grouped_before"))
            let parentArticles = articles.last ?? -1
            #expect(
                night == 1 ? continued == 0 : night == 2 ? continued == parentArticles : continued < parentArticles,
                "night \(night): \(continued) of \(parentArticles)")
            #expect(try count(full, .dedupe, "articles_grouped_before") == 0)
            articles.append(nightly.articles)
            let outlined = try #require(try count(nightly, .dedupe, "previous_deals_outlined"))
            #expect(outlined == (night == 1 ? 0 : deals.last ?? -1), "night \(night): \(outlined)")
            // The parent's deals left as they were are copied from its file, the others encoded,
            // and the file is the full recompute's to the byte (above).
            // The first night's deals are copied from the file their parts were woven into, but
            // for those a policy flags, which are encoded.
            let copied = try #require(try count(nightly, .publish, "deals_copied"))
            #expect(copied > 0 && copied <= nightly.deals, "night \(night): \(copied)")
            // The parent's deals are held with their sources left in its file, read for what
            // needs them (the deals compared, the pages and lists shown). A full recompute
            // merges every report again in parts, knowing the parent's deals by their ids and
            // sources alone, and its publish compares every deal with the parent's, read whole
            // a run at a time.
            let sourcesRead = try #require(try count(nightly, .publish, "parent_deal_sources_read"))
            #expect(night == 1 ? sourcesRead == 0 : sourcesRead > 0, "night \(night): \(sourcesRead)")
            #expect(try count(full, .publish, "parent_deal_sources_read") == 0)
            // Aggregate and publish read the deals as a stream, a block at a time: the first
            // night's, merged a part at a time and woven into one file, and the patched deals of
            // the nights after, and the full recompute's, woven from its parts and compared with
            // the parent's in one more pass.
            for stage in [Stage.aggregate, .publish] {
                let streamed = try #require(try count(nightly, stage, "deals_streamed"))
                #expect(streamed == nightly.deals, "night \(night), \(stage): \(streamed)")
                #expect(try count(full, stage, "deals_streamed") == full.deals, "night \(night), \(stage)")
            }
            // The parent's edges of the pairs the merge left alone are read from its file, and
            // only those of the pairs it touched are held; the files are the full recompute's
            // to the byte (above).
            if night > 1 {
                let held = try #require(try count(nightly, .aggregate, "network_edges_held"))
                let edges = try TestPaths.records(nightly.snapshotPath, RecordSet.edges.rawValue).count
                #expect(held > 0 && held < edges, "night \(night): \(held) of \(edges) edges held")
                // The parent's edges count as read: once in aggregate, for the partners, and
                // twice in publish, for the two network files.
                let parentEdges = try TestPaths.records(parentPath, RecordSet.edges.rawValue).count
                let read = try #require(try count(nightly, .aggregate, "rows_read"))
                let publishRead = try #require(try count(nightly, .publish, "rows_read"))
                #expect(
                    read == parentEdges && publishRead >= 2 * parentEdges, "night \(night): \(read), \(publishRead)")
            }
            deals.append(nightly.deals)
            parentPath = full.snapshotPath
        }
        // Night 2 added three deals; night 3's report joined one of them; nothing rolled off.
        #expect(deals[1] == deals[0] + 3)
        #expect(deals[2] == deals[1])
        let astellas = try TestPaths.records(output + "/snapshots/latest", "deals").first {
            ($0["parties"] as? [[String: Any]])?.contains { ($0["name"] as? String)?.hasPrefix("Astellas") == true }
                == true
                && ($0["announced"] as? String)?.hasPrefix("2026-10") == true
        }
        #expect((try #require(astellas)["sources"] as? [Any])?.count == 2)
    }

    @Test(
        "a parent's edges file changed since it was published is not patched: the night makes every edge again and publishes the network a full recompute does"
    )
    func damagedParentEdges() throws {
        let (folder, feeds, pipeline) = try copiedSampleFeeds()
        let output = folder + "/Output"
        let (_, night2Wire) = try Self.wireFeeds()
        let first = try run(pipeline, output, at: Self.at(night: 1))
        // Written anew, not in place: the file may share its bytes with another name.
        let edges = first.snapshotPath + "/" + RecordSet.edges.path(compression: .none)
        var lines = try TestPaths.bytes(edges)
        lines.removeLast(2)
        try FileManager.default.removeItem(atPath: edges)
        try (lines + [0x0A]).writeFile(edges)
        try night2Wire.writeFile(feeds + "/asia-biotech-wire.xml")
        let nightly = try run(pipeline, output, at: Self.at(night: 2))
        #expect(try count(nightly, .aggregate, "deals_streamed") == nightly.deals, "the deals were streamed")
        #expect(try count(nightly, .aggregate, "network_edges_held") == 0, "no edge held for a patch")
        let full = try run(pipeline, output, at: Self.at(night: 2, plusMinutes: 5), from: .extract)
        let (before, after) = (try digests(nightly), try digests(full))
        for path in [RecordSet.edges.path(compression: .none), "network/partnerships.graphml"] {
            #expect(before[path] != nil && before[path] == after[path], "\(path) differs from a full recompute")
        }
    }

    @Test(
        "a night stopped before its snapshot is visible and run again takes its deals from the cache, patched into the parent's, and publishes what an unstopped night does"
    )
    func rerunOfStoppedNight() throws {
        let (folder, feeds, pipeline) = try copiedSampleFeeds()
        let output = folder + "/Output"
        _ = try run(pipeline, output, at: Self.at(night: 1))
        try Self.wireFeeds().night2.writeFile(feeds + "/asia-biotech-wire.xml")
        // The same landscape elsewhere, for the night that is not stopped.
        let unstopped = folder + "/Unstopped"
        try FileManager.default.copyItem(atPath: output, toPath: unstopped)
        let expected = try run(pipeline, unstopped, at: Self.at(night: 2))

        struct Stopped: Error {}
        #expect(throws: Stopped.self) {
            try Pipeline.run(
                RunOptions(pipelinePath: pipeline, outputDirectory: output, jobs: 2, now: Self.at(night: 2)),
                logger: Self.logger, beforePublish: { throw Stopped() })
        }
        let rerun = try run(pipeline, output, at: Self.at(night: 2))
        let dedupe = try #require(try stages(rerun)["dedupe"])
        #expect(dedupe.status == "cached")
        // The night merged on the parent's deals: the cache holds the party sets merged again.
        let entry = output + "/cache/stages/dedupe/" + dedupe.key
        #expect(FileManager.default.fileExists(atPath: entry + "/deals-base.txt"))
        #expect(!FileManager.default.fileExists(atPath: entry + "/deals.jsonl"))
        let got = try digests(rerun)
        for (path, digest) in try digests(expected) {
            #expect(got[path] == digest, "\(path) differs from the unstopped night's")
        }
        #expect(rerun.deals == expected.deals && rerun.deals > 0)
    }

    /// The pipelines of the fingerprint tests, in `folder`: the wire feed (written to `wire`
    /// night by night) with every other sample feed, and the wire alone.
    func fingerprintPipelines(_ folder: String) throws -> (all: String, wireOnly: String, wire: String) {
        let wire = folder + "/wire.xml"
        let others = TestPaths.sampleFeedFiles.filter { !$0.hasSuffix("/asia-biotech-wire.xml") }
        let sources =
            [("wire", "file://" + wire)] + others.enumerated().map { ("feed\($0.offset)", "file://" + $0.element) }
        try FileManager.default.createDirectory(atPath: folder + "/wire-only", withIntermediateDirectories: true)
        return (
            try writePipeline(folder, sources: sources),
            try writePipeline(folder + "/wire-only", sources: [("wire", "file://" + wire)]), wire
        )
    }

    /// Two nights in `output`, each a pipeline and the wire feed it reads; `between` is given
    /// the folder of the stored fingerprint months before the second.
    func wireNights(
        _ output: String, wire: String, _ first: (String, [UInt8]), _ second: (String, [UInt8]),
        between: (String) throws -> Void
    ) throws -> RunSummary {
        try Data(first.1).write(to: URL(fileURLWithPath: wire))
        _ = try run(first.0, output, at: Self.at(night: 1))
        try between(output + "/cache/stages/" + FingerprintCache.shelf)
        try Data(second.1).write(to: URL(fileURLWithPath: wire))
        return try run(second.0, output, at: Self.at(night: 2))
    }

    /// A count of the dedupe stage's record in a run's manifest.
    func dedupeCount(_ summary: RunSummary, _ name: String) throws -> Int {
        let records = try #require(try manifest(summary)["stages"] as? [[String: Any]])
        let dedupe = try #require(records.first { $0["name"] as? String == "dedupe" })
        return try #require((dedupe["counts"] as? [String: Any])?[name] as? Int)
    }

    @Test(
        "a month a night writes again takes the parent's fingerprints of the articles it kept and signs the others: the same fingerprints, bytes and all, as signing it whole"
    )
    func monthsSignedInPart() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        let (night1, wireNight2) = try Self.wireFeeds()
        // The next night's items dated in a month the first night's articles are in already.
        let night2 = Array(
            String(decoding: wireNight2, as: UTF8.self).replacingOccurrences(of: "Oct 2026", with: "Nov 2024").utf8)
        let feeds = try fingerprintPipelines(folder)
        // The second night reads the wire alone: the other feeds' months stay at rest, and the
        // month its items join is written again from the parent's.
        func nights(_ output: String, between: (String) throws -> Void) throws -> RunSummary {
            try wireNights(output, wire: feeds.wire, (feeds.all, night1), (feeds.wireOnly, night2), between: between)
        }
        let shelf = "/cache/stages/" + FingerprintCache.shelf
        func signed(_ summary: RunSummary) throws -> (months: Int, articles: Int) {
            (try dedupeCount(summary, "months_signed"), try dedupeCount(summary, "articles_signed"))
        }
        let inPart = try nights(folder + "/part") { _ in }
        let whole = try nights(folder + "/whole") { months in
            for entry in try FileManager.default.contentsOfDirectory(atPath: months) where !entry.hasPrefix(".") {
                try FileManager.default.removeItem(atPath: months + "/" + entry)
            }
        }
        #expect(try digests(inPart) == digests(whole))
        // Every month signed, signed in part or whole, is stored as the same bytes.
        let shelves = (folder + "/part" + shelf, folder + "/whole" + shelf)
        let kept = try FileManager.default.contentsOfDirectory(atPath: shelves.1).filter { !$0.hasPrefix(".") }
        try #require(!kept.isEmpty)
        for entry in kept {
            let path = "/" + entry + "/fingerprints.bin"
            #expect(try TestPaths.bytes(shelves.0 + path) == TestPaths.bytes(shelves.1 + path), "\(entry)")
        }
        // The second night signed the months it changed, but only their articles it brought.
        let (partly, wholly) = (try signed(inPart), try signed(whole))
        #expect(partly.months >= 1 && partly.articles > 0)
        #expect(partly.articles < wholly.articles)
        #expect(inPart.newArticles > 0 && partly.articles <= inPart.newArticles)
    }

    @Test(
        "a month a night makes again in memory (no month left at rest) takes the parent's fingerprints of the articles it kept, as a month written again does"
    )
    func monthsMadeInMemorySignedInPart() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        let (wire, wireNight2) = try Self.wireFeeds()
        // The first night's wire holds one item, of November 2024; the next night's items are
        // dated in that month: the one month the parent has is touched, none is left at rest,
        // and the landscape is made in memory.
        let text = String(decoding: wire, as: UTF8.self)
        let items = text.components(separatedBy: "<item>")
        let kept = try #require(items.dropFirst().first { $0.contains("14 Nov 2024") })
        let close = try #require(kept.range(of: "</item>"))
        let tail = try #require(text.range(of: "</channel>"))
        let night1 = Array((items[0] + "<item>" + kept[..<close.upperBound] + "\n" + text[tail.lowerBound...]).utf8)
        let night2 = Array(
            String(decoding: wireNight2, as: UTF8.self).replacingOccurrences(of: "Oct 2026", with: "Nov 2024").utf8)
        let feeds = try fingerprintPipelines(folder)
        func nights(_ output: String, between: (String) throws -> Void) throws -> RunSummary {
            try wireNights(
                output, wire: feeds.wire, (feeds.wireOnly, night1), (feeds.wireOnly, night2), between: between)
        }
        let inPart = try nights(folder + "/part") { _ in }
        let whole = try nights(folder + "/whole") { months in
            for entry in try FileManager.default.contentsOfDirectory(atPath: months) where !entry.hasPrefix(".") {
                try FileManager.default.removeItem(atPath: months + "/" + entry)
            }
        }
        #expect(try digests(inPart) == digests(whole))
        let shelf = "/cache/stages/" + FingerprintCache.shelf
        let stored = try FileManager.default.contentsOfDirectory(atPath: folder + "/whole" + shelf).filter {
            !$0.hasPrefix(".")
        }
        try #require(!stored.isEmpty)
        for entry in stored {
            let path = shelf + "/" + entry + "/fingerprints.bin"
            #expect(try TestPaths.bytes(folder + "/part" + path) == TestPaths.bytes(folder + "/whole" + path))
        }
        // The parent's one month was read, and only the night's new articles were signed.
        #expect(try count(inPart, .publish, "parent_article_months") == 1)
        let (partly, wholly) = (try dedupeCount(inPart, "articles_signed"), try dedupeCount(whole, "articles_signed"))
        #expect(inPart.newArticles > 0 && partly == inPart.newArticles && wholly == partly + 1)
    }

    @Test(
        "stored fingerprint months that are damaged or unreadable are signed again and stored anew; the night publishes what an intact cache gives"
    )
    func damagedFingerprintMonths() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        let (night1, night2) = try Self.wireFeeds()
        let feeds = try fingerprintPipelines(folder)
        func monthsSigned(_ summary: RunSummary) throws -> Int { try dedupeCount(summary, "months_signed") }
        /// Two nights; before the second, `spoil` may damage the stored months.
        func nights(_ output: String, spoil: (String) throws -> Void) throws -> RunSummary {
            try wireNights(output, wire: feeds.wire, (feeds.all, night1), (feeds.all, night2), between: spoil)
        }
        let intact = try nights(folder + "/intact") { _ in }
        var spoiled: [String] = []
        let damaged = try nights(folder + "/damaged") { months in
            let entries = try FileManager.default.contentsOfDirectory(atPath: months).filter { !$0.hasPrefix(".") }
                .sorted()
            try #require(entries.count >= 2)
            // One month's bytes no longer match their digest; another's match a digest written
            // for them, but are not fingerprints.
            try Data("not fingerprints".utf8).write(
                to: URL(fileURLWithPath: months + "/" + entries[0] + "/fingerprints.bin"))
            let garbage = Array("LFP1 but cut short".utf8)
            try Data(garbage).write(to: URL(fileURLWithPath: months + "/" + entries[1] + "/fingerprints.bin"))
            try Data("\(SHA256.hex(garbage))  fingerprints.bin\n".utf8).write(
                to: URL(fileURLWithPath: months + "/" + entries[1] + "/SHA256SUMS"))
            spoiled = [months + "/" + entries[0], months + "/" + entries[1]]
        }
        #expect(try digests(damaged) == digests(intact))
        #expect(try monthsSigned(damaged) == monthsSigned(intact) + 2)
        // Both months were stored anew, and read back as the fingerprints of their articles.
        let hasher = ArticleDeduper.hasher(DedupeOptions())
        for entry in spoiled {
            let bytes = try TestPaths.bytes(entry + "/fingerprints.bin")
            #expect(ArticleFingerprints(decoding: bytes, hasher: hasher) != nil, "\(entry)")
        }
    }

    @Test(
        "a month at rest whose file no longer reads, its stored fingerprints damaged so that grouping signs it again, stops the night in dedupe with an error naming the file; nothing is published"
    )
    func unreadableMonthStopsGrouping() throws {
        let (folder, feeds, pipeline) = try copiedSampleFeeds()
        let output = folder + "/Output"
        let first = try run(pipeline, output, at: Self.at(night: 1))
        // Night 2 brings new wire items, so dedupe groups again, and the Korean digest rolls
        // every item off, so a month only its articles are in stays at rest.
        let (_, night2Wire) = try Self.wireFeeds()
        try night2Wire.writeFile(feeds + "/asia-biotech-wire.xml")
        let korea = String(decoding: try TestPaths.bytes(feeds + "/korea-bio-digest.rdf"), as: UTF8.self)
        let firstItem = try #require(korea.range(of: "<item"))
        let lastItem = try #require(korea.range(of: "</item>", options: .backwards))
        try Array((String(korea[..<firstItem.lowerBound]) + String(korea[lastItem.upperBound...])).utf8).writeFile(
            feeds + "/korea-bio-digest.rdf")
        let articles = try TestPaths.records(first.snapshotPath, "articles")
        let months = Dictionary(grouping: articles) { String(($0["published"] as? String ?? "").prefix(7)) }
        let atRest = try #require(
            months.keys.sorted().first { month in
                !month.isEmpty && months[month]?.allSatisfy { $0["source_id"] as? String == "feed2" } == true
            })
        // That month's file no longer reads, and no stored month's fingerprints do.
        let path = "articles/\(atRest).jsonl"
        try Data("{\"not\": \"an article\"}\n".utf8).write(to: URL(fileURLWithPath: first.snapshotPath + "/" + path))
        let shelf = output + "/cache/stages/" + FingerprintCache.shelf
        for entry in try FileManager.default.contentsOfDirectory(atPath: shelf) where !entry.hasPrefix(".") {
            try Data("not fingerprints".utf8).write(to: URL(fileURLWithPath: shelf + "/" + entry + "/fingerprints.bin"))
        }
        do {
            _ = try run(pipeline, output, at: Self.at(night: 2))
            Issue.record("night 2 published over a month that no longer reads")
        } catch {
            #expect("\(error)".contains(path), "\(error)")
        }
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: output + "/snapshots").filter {
            !$0.hasPrefix(".") && !$0.hasPrefix("latest")
        }
        #expect(snapshots == [FilePaths.lastComponent(of: first.snapshotPath)])
    }

    @Test(
        "a first night and a night of additions whose deals are read as a stream, on one core or on three, publish the same bytes"
    )
    func sameBytesWhateverJobs() throws {
        let (folder, feeds, pipeline) = try copiedSampleFeeds()
        let (_, night2Wire) = try Self.wireFeeds()
        var published: [Int: [[String: String]]] = [:]
        var streamed: [Int: Int] = [:]
        for night in 1...2 {
            if night == 2 { try night2Wire.writeFile(feeds + "/asia-biotech-wire.xml") }
            for jobs in [1, 3] {
                let summary = try run(
                    pipeline, folder + "/Output-\(jobs)", at: Self.at(night: Int64(night)), jobs: jobs)
                published[jobs, default: []].append(try digests(summary))
                if night == 2 { streamed[jobs] = try count(summary, .aggregate, "deals_streamed") }
            }
        }
        #expect(published[1]?.first?.isEmpty == false)
        #expect(published[1]?.first != published[1]?.last)
        #expect(published[1] == published[3])
        // The second night took the stream path on both, so the stream's blocks, decoded and
        // folded on the other core, are covered too.
        #expect(streamed[1] ?? 0 > 0)
        #expect(streamed[1] == streamed[3])
    }

    @Test(
        "a build that merges its reports in many parts, each read while the one before is merged and written behind it, publishes the bytes of a merge in one part, on one core or on three"
    )
    func samePartsWhateverJobs() throws {
        let (folder, _, pipeline) = try copiedSampleFeeds()
        let whole = try run(pipeline, folder + "/Output-whole", at: Self.at(night: 1), jobs: 1)
        #expect(try count(whole, .dedupe, "merge_parts") == 1)
        let deals = try TestPaths.records(whole.snapshotPath, "deals")
        #expect(deals.count > 20)
        for jobs in [1, 3] {
            // Three articles a part: a part holds the reports of a few party sets.
            let parted = try DedupeStep.$articlesPerPart.withValue(3) {
                try run(pipeline, folder + "/Output-parts-\(jobs)", at: Self.at(night: 1), jobs: jobs)
            }
            let parts = try count(parted, .dedupe, "merge_parts") ?? 0
            #expect(parts >= 10, "\(parts) parts")
            #expect(try digests(parted) == digests(whole), "jobs \(jobs)")
        }
    }

    @Test(
        "a rerun from extract after a company is renamed in the gazetteer merges every report again on the parent's deals: in many parts, on one core or three, it publishes the bytes of one part, and the renamed company's deals keep their ids"
    )
    func rerunInPartsKeepsIDs() throws {
        let (folder, _, pipeline) = try copiedSampleFeeds()
        let gazetteer = String(decoding: try TestPaths.bytes(folder + "/gazetteer.jsonl"), as: UTF8.self)
        let old = #"{"name": "Jiangsu Hengrui Pharmaceuticals", "aliases": ["#
        #expect(gazetteer.contains(old))
        // Its entity id, which party sets are made of, follows the name.
        let renamed = gazetteer.replacingOccurrences(
            of: old, with: #"{"name": "Hengrui Group", "aliases": ["Jiangsu Hengrui Pharmaceuticals", "#)
        var published: [String: [String: String]] = [:]
        for (name, articlesPerPart, jobs) in [("whole", 1 << 20, 2), ("parts-1", 3, 1), ("parts-3", 3, 3)] {
            let output = folder + "/Output-" + name
            try Array(gazetteer.utf8).writeFile(folder + "/gazetteer.jsonl")
            let first = try run(pipeline, output, at: Self.at(night: 1), jobs: jobs)
            try Array(renamed.utf8).writeFile(folder + "/gazetteer.jsonl")
            let rerun = try DedupeStep.$articlesPerPart.withValue(articlesPerPart) {
                try run(pipeline, output, at: Self.at(night: 1, plusMinutes: 30), from: .extract, jobs: jobs)
            }
            let parts = try count(rerun, .dedupe, "merge_parts") ?? 0
            #expect(name == "whole" ? parts == 1 : parts >= 10, "\(name): \(parts) parts")
            published[name] = try digests(rerun)
            let before = Dictionary(
                uniqueKeysWithValues: try TestPaths.records(first.snapshotPath, "deals").map {
                    ($0["deal_id"] as? String ?? "", $0)
                })
            let after = try TestPaths.records(rerun.snapshotPath, "deals")
            #expect(after.count == before.count)
            func names(_ deal: [String: Any]?) -> [String] {
                (deal?["parties"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            }
            let renamedDeals = after.filter { names($0).contains("Hengrui Group") }
            #expect(!renamedDeals.isEmpty)
            for deal in renamedDeals {
                #expect(
                    names(before[deal["deal_id"] as? String ?? ""]).contains("Jiangsu Hengrui Pharmaceuticals"),
                    "\(name)")
            }
        }
        #expect(published["parts-1"] == published["whole"])
        #expect(published["parts-3"] == published["whole"])
    }

    @Test(
        "the cache key follows the config: an extract field reruns extract and later, a dedupe field dedupe and later, nothing changed reruns nothing"
    )
    func configInvalidation() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        let sources = Self.sampleSources
        let output = folder + "/Output"
        func pipeline(rates: String, window: Int) throws -> String {
            try? FileManager.default.removeItem(atPath: folder + "/gazetteer.jsonl")
            return try writePipeline(
                folder, sources: sources, extract: "  rates_date: \"\(rates)\"\ndedupe:\n  deal_window_days: \(window)")
        }

        let first = try run(pipeline(rates: "2025-06-30", window: 30), output, at: Self.at(night: 1))
        #expect(try statuses(first) == ["ran", "ran", "ran", "ran", "ran", "ran", "ran"])
        // Fetch always asks the network (here the files); everything it fed is unchanged.
        // Pages ran once more: no article is new tonight, an input it had not seen.
        let second = try run(pipeline(rates: "2025-06-30", window: 30), output, at: Self.at(night: 2))
        // Dedupe's output is the parent's: the same articles and reports, merged again with the
        // parent's deals as the previous ones, give back those deals, so it is taken as it is.
        #expect(try statuses(second) == ["ran", "cached", "ran", "cached", "cached", "cached", "ran"])
        #expect(try stages(second)["dedupe"]?.key == stages(first)["dedupe"]?.key)
        #expect(
            try TestPaths.bytes(second.snapshotPath + "/deals.jsonl")
                == TestPaths.bytes(first.snapshotPath + "/deals.jsonl"))
        let third = try run(pipeline(rates: "2025-06-30", window: 30), output, at: Self.at(night: 3))
        #expect(try statuses(third) == ["ran", "cached", "cached", "cached", "cached", "cached", "ran"])
        #expect(try stages(third)["extract"]?.key == stages(second)["extract"]?.key)
        #expect(try TestPaths.records(third.snapshotPath, "changes").isEmpty)
        // Every feed was read again, so every article's last_seen moved: the months of articles
        // are new files, and everything else is shared, the network's GraphML file and the
        // reports' pages of deals with them.
        #expect(
            third.filesShared
                == (try digests(third)).keys.count {
                    ($0.hasSuffix(".jsonl") && !$0.hasPrefix("articles/")) || $0.hasSuffix(".graphml")
                        || $0.hasPrefix("report/")
                })

        let ratesEdited = try run(pipeline(rates: "2025-09-30", window: 30), output, at: Self.at(night: 4))
        #expect(try statuses(ratesEdited) == ["ran", "cached", "cached", "ran", "ran", "ran", "ran"])
        #expect(try stages(ratesEdited)["parse"]?.key == stages(third)["parse"]?.key)

        let windowEdited = try run(pipeline(rates: "2025-09-30", window: 10), output, at: Self.at(night: 5))
        #expect(try statuses(windowEdited) == ["ran", "cached", "cached", "cached", "ran", "ran", "ran"])
        #expect(try stages(windowEdited)["extract"]?.key == stages(ratesEdited)["extract"]?.key)
        #expect(try stages(windowEdited)["dedupe"]?.key != stages(ratesEdited)["dedupe"]?.key)
    }

    @Test(
        "--only dedupe,aggregate --snapshot ID reruns those two on that snapshot's inputs, parented on it, and says so in the manifest"
    )
    func onlyOnSnapshot() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        let sources = Self.sampleSources
        let output = folder + "/Output"
        let pipeline = try writePipeline(folder, sources: sources)
        let first = try run(pipeline, output, at: Self.at(night: 1))
        let second = try run(pipeline, output, at: Self.at(night: 2))

        // A wider deal window, rerun on the first night's inputs.
        try? FileManager.default.removeItem(atPath: folder + "/gazetteer.jsonl")
        let wider = try writePipeline(folder, sources: sources, extract: "dedupe:\n  deal_window_days: 400")
        let rerun = try run(
            wider, output, at: Self.at(night: 2, plusMinutes: 10), only: [.dedupe, .aggregate],
            snapshot: first.snapshotID)
        #expect(try manifest(rerun)["parent"] as? String == first.snapshotID)
        #expect(try statuses(rerun) == ["cached", "cached", "cached", "cached", "ran", "ran", "ran"])
        let firstStages = try stages(first)
        let stages = try stages(rerun)
        for name in ["fetch", "parse", "extract"] { #expect(stages[name]?.key == firstStages[name]?.key, "\(name)") }
        #expect(rerun.articles == first.articles)
        #expect(rerun.deals < first.deals)  // a wider window merges more reports into one deal
        let changes = try TestPaths.records(rerun.snapshotPath, "changes")
        #expect(!changes.isEmpty)
        #expect(changes.contains { $0["change"] as? String == "removed" })
        // The sources are the base snapshot's: nothing was fetched.
        #expect((try manifest(rerun)["sources"] as? [[String: Any]])?.count == sources.count)
        // latest moved to the rerun; the second night is still there, untouched.
        #expect(try SnapshotCatalog(outputDirectory: output).entry("latest").id == rerun.snapshotID)
        #expect(try TestPaths.records(second.snapshotPath, "deals").count == second.deals)

        // --only aggregate,publish and --only publish take every earlier stage from the snapshot.
        let republished = try run(pipeline, output, at: Self.at(night: 2, plusMinutes: 20), only: [.publish])
        #expect(try statuses(republished) == ["cached", "cached", "cached", "cached", "cached", "cached", "ran"])
        #expect(try manifest(republished)["parent"] as? String == rerun.snapshotID)
        #expect(try TestPaths.records(republished.snapshotPath, "changes").isEmpty)

        // A snapshot whose stage outputs left the cache says how to rebuild them.
        try FileManager.default.removeItem(atPath: output + "/cache/stages/extract")
        let error = #expect(throws: RunError.self) {
            try run(pipeline, output, at: Self.at(night: 3), only: [.dedupe, .aggregate], snapshot: first.snapshotID)
        }
        #expect(error?.description.contains("no longer in the stage cache") == true)
        #expect(error?.description.contains("--from extract") == true)
    }

    @Test(
        "output.compress: gzip writes every JSON-lines file as .jsonl.gz with the plain run's records, and the next night reads and shares them"
    )
    func gzipSnapshots() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        let sources = Self.sampleSources
        let plain = try run(writePipeline(folder, sources: sources), folder + "/plain", at: Self.at(night: 1))
        try FileManager.default.removeItem(atPath: folder + "/gazetteer.jsonl")
        let pipeline = try writePipeline(folder, sources: sources, extract: "output:\n  compress: gzip")
        let first = try run(pipeline, folder + "/gzip", at: Self.at(night: 1))

        let plainFiles = try digests(plain)
        let packedFiles = try digests(first)
        #expect(Set(packedFiles.keys) == Set(plainFiles.keys.map { $0.hasSuffix(".jsonl") ? $0 + ".gz" : $0 }))
        for path in plainFiles.keys where path.hasSuffix(".jsonl") {
            let packed = try TestPaths.bytes(first.snapshotPath + "/" + path + ".gz")
            #expect(Gzip.decompress(packed) == (try TestPaths.bytes(plain.snapshotPath + "/" + path)), "\(path)")
            #expect(packed.count < (try TestPaths.bytes(plain.snapshotPath + "/" + path)).count, "\(path)")
        }

        // The second night accumulates onto the gzipped articles and shares every unchanged file.
        let second = try run(pipeline, folder + "/gzip", at: Self.at(night: 2))
        // Each gzipped file's rows, in the manifest, are its lines once unzipped, on both nights.
        for snapshot in [first, second] {
            for file in try TestPaths.manifestFiles(snapshot.snapshotPath) {
                let path = try #require(file["path"] as? String)
                guard path.hasSuffix(".gz") else { continue }
                let lines = Gzip.decompress(try TestPaths.bytes(snapshot.snapshotPath + "/" + path))?.count {
                    $0 == 0x0A
                }
                #expect(lines == file["rows"] as? Int, "\(path)")
            }
        }
        #expect(second.articles == first.articles && second.newArticles == 0 && second.deals == first.deals)
        // Each gzipped month's index is kept under the gzipped file's digest, for the next night.
        let indexes = ArticleIndexCache(cache: StageCache(outputDirectory: folder + "/gzip", pipeline: "lineage-test"))
        for summary in [first, second] {
            let snapshot = try PublishedSnapshot(path: summary.snapshotPath)
            for file in snapshot.files(of: .articles) {
                #expect(file.path.hasSuffix(".jsonl.gz"))
                let articles = try snapshot.records(Article.self, file: file.path, sha256: file.sha256)
                let made = ArticleMonthIndex(
                    articles: articles, digests: ArticleStore.digests(ArticleStore.ungrouped(articles), jobs: 1))
                #expect(indexes.index(of: file.sha256, rows: file.rows) == made, "\(file.path)")
            }
        }
        let secondFiles = try digests(second)
        let unchanged = secondFiles.keys.filter { $0.hasSuffix(".gz") && secondFiles[$0] == packedFiles[$0] }
        // All but changes and the articles, whose last_seen moved.
        #expect(unchanged.count == secondFiles.keys.count { $0.hasSuffix(".gz") && !$0.hasPrefix("articles/") } - 1)
        // The GraphML file and the pages of deals, plain like the reports, are shared too.
        let pages = secondFiles.keys.count { $0.hasPrefix("report/") }
        #expect(pages >= 2)
        #expect(second.filesShared == unchanged.count + 1 + pages)
        for path in unchanged {
            #expect(inode(first.snapshotPath + "/" + path) == inode(second.snapshotPath + "/" + path), "\(path)")
        }
        let catalog = SnapshotCatalog(outputDirectory: folder + "/gzip")
        #expect(try catalog.deals(of: catalog.entry("latest")).count == second.deals)
    }

    @Test("flags that do not go together are refused before anything runs")
    func planErrors() throws {
        #expect(throws: RunPlanError.self) { try RunPlan(from: .fetch, only: [.parse, .extract], snapshot: nil) }
        #expect(throws: RunPlanError.self) { try RunPlan(from: .fetch, only: [.extract], snapshot: nil) }
        #expect(throws: RunPlanError.self) { try RunPlan(from: .extract, only: [.dedupe, .aggregate], snapshot: nil) }
        #expect(throws: RunPlanError.self) { try RunPlan(from: .fetch, only: [], snapshot: "latest") }
        #expect(throws: RunPlanError.self) { try RunPlan.stages("dedupe,aggregat") }
        let plan = try RunPlan(from: .fetch, only: RunPlan.stages("aggregate, dedupe"), snapshot: nil)
        #expect(plan[.extract] == .snapshot && plan[.dedupe] == .run && plan[.publish] == .run)
        #expect(plan.base == "latest")
        let from = try RunPlan(from: .extract, only: [], snapshot: nil)
        #expect(from[.parse] == .latest && from[.extract] == .run && from[.aggregate] == .run)
        let plain = try RunPlan(from: .fetch, only: [], snapshot: nil)
        #expect(plain[.fetch] == .run && plain[.parse] == .runUnlessCached && plain[.aggregate] == .runUnlessCached)
    }
}

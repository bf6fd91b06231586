import Foundation
import Testing

@testable import Landscape

/// Article months at rest: a night reads only the months its articles are in or land in, and
/// publishes what a night that reads every month publishes.
extension SnapshotLineageTests {
    /// The count `name` of stage `stage` in a snapshot's manifest.
    func count(_ summary: RunSummary, _ stage: Stage, _ name: String) throws -> Int? {
        (try record(summary, stage)["counts"] as? [String: Any])?[name] as? Int
    }

    /// A stage's record in a snapshot's manifest.
    func record(_ summary: RunSummary, _ stage: Stage) throws -> [String: Any] {
        let records = try #require(try manifest(summary)["stages"] as? [[String: Any]])
        return try #require(records.first { $0["name"] as? String == stage.rawValue })
    }

    /// One night of the sample feeds, published: its output folder and snapshot.
    func publishedSamples() throws -> (output: String, snapshot: PublishedSnapshot) {
        let folder = try TestPaths.makeTemporaryDirectory()
        let pipeline = try writePipeline(folder, sources: Self.sampleSources)
        let output = folder + "/Output"
        let summary = try run(pipeline, output, at: Self.at(night: 1))
        return (output, try PublishedSnapshot(path: summary.snapshotPath))
    }

    /// The samples published, with their months as the next night meets them, indexed in the
    /// run's cache.
    func samplesAsParent(jobs: Int) throws -> (
        snapshot: PublishedSnapshot, indexes: ArticleIndexCache, parent: ParentArticles
    ) {
        let (output, snapshot) = try publishedSamples()
        let indexes = ArticleIndexCache(cache: StageCache(outputDirectory: output, pipeline: "lineage-test"))
        return (snapshot, indexes, try ParentArticles(snapshot, indexes: indexes, jobs: jobs))
    }

    @Test(
        "nights that read only the months they touch publish the same bytes as nights that read every month, and say how little they read"
    )
    func monthsAtRestEqualEveryMonthRead() throws {
        let (folder, feeds, pipeline) = try copiedSampleFeeds()
        let (_, night2Wire) = try Self.wireFeeds()
        let atRest = folder + "/at-rest"
        let everyMonth = folder + "/every-month"
        var previous: [String: String] = [:]
        for night in 1...4 {
            if night == 2 { try night2Wire.writeFile(feeds + "/asia-biotech-wire.xml") }
            if night == 3 {
                // The Korean digest rolls every item off: nothing of it is read again.
                let korea = String(decoding: try TestPaths.bytes(feeds + "/korea-bio-digest.rdf"), as: UTF8.self)
                let first = try #require(korea.range(of: "<item"))
                let last = try #require(korea.range(of: "</item>", options: .backwards))
                try Array((String(korea[..<first.lowerBound]) + String(korea[last.upperBound...])).utf8).writeFile(
                    feeds + "/korea-bio-digest.rdf")
            }
            // Night 4 brings nothing new. Without the month indexes every parent month is read
            // and indexed again; without the kept report parts the reports are made from the deals.
            for shelf in [ArticleIndexCache.shelf, ReportPartsCache.shelf] {
                try? FileManager.default.removeItem(atPath: everyMonth + "/cache/stages/" + shelf)
            }
            let incremental = try run(pipeline, atRest, at: Self.at(night: Int64(night)))
            let full = try run(pipeline, everyMonth, at: Self.at(night: Int64(night)))
            #expect(try digests(incremental) == digests(full), "night \(night)")
            // Night 2's new deals are all of October 2026: only that quarter's page changes.
            let pages = try digests(incremental).filter { $0.key.hasPrefix("report/deals-") }
            let changedPages = pages.keys.filter { previous[$0] != pages[$0] }.sorted()
            #expect(
                changedPages == (night == 2 ? ["report/deals-2026-Q4.html", "report/deals-2026-Q4.md"] : [])
                    || night == 1, "night \(night): \(changedPages)")
            let before = previous
            previous = try digests(incremental)
            // Every month the snapshot holds has its index kept for the next night, the one its
            // file gives: a month written tonight and settled in its file keeps the index it
            // wrote beside it.
            let snapshot = try PublishedSnapshot(path: incremental.snapshotPath)
            let indexes = ArticleIndexCache(cache: StageCache(outputDirectory: atRest, pipeline: "lineage-test"))
            for file in snapshot.files(of: .articles) {
                let articles = try snapshot.records(Article.self, file: file.path, sha256: file.sha256)
                let made = ArticleMonthIndex(
                    articles: articles, digests: ArticleStore.digests(ArticleStore.ungrouped(articles), jobs: 1))
                #expect(indexes.index(of: file.sha256, rows: file.rows) == made, "night \(night): \(file.path)")
            }
            guard night > 1 else { continue }
            let months = try #require(try count(full, .publish, "parent_article_months"))
            #expect(try count(full, .publish, "parent_article_months_read") == months)
            let read = try #require(try count(incremental, .publish, "parent_article_months_read"))
            #expect(read > 0 && read < months, "night \(night): \(read) of \(months) months read")
            #expect(
                try count(incremental, .publish, "parent_articles_read")
                    ?? .max < count(full, .publish, "parent_articles_read") ?? 0)
            // A night with new articles (night 2) merges their deals into the parent's; one
            // without (3, where a feed only rolled items off, and 4) reads no deal, nor writes
            // more than the months its feeds' articles are in; the night without kept report
            // parts reads the deals to make its reports.
            let deals = try #require(try count(incremental, .publish, "parent_deals_read"))
            // Every stage says what it read and wrote; the incremental night reads less in all.
            func rows(_ summary: RunSummary, _ name: String) throws -> Int {
                try Stage.allCases.reduce(0) { try $0 + (count(summary, $1, name) ?? 0) }
            }
            #expect(try rows(incremental, "rows_read") < rows(full, "rows_read"), "night \(night)")
            // A month's whole index (dates, story groups) is read for the months the night's
            // articles are in, and for every month when dedupe groups the articles again (night
            // 2); the others are known by their ids, with or without the kept indexes.
            let indexed = try #require(try count(incremental, .publish, "parent_article_months_indexed"))
            #expect(try count(full, .publish, "parent_article_months_indexed") == indexed)
            #expect(night == 2 ? indexed == months : indexed > 0 && indexed < months, "night \(night): \(indexed)")
            #expect(try count(incremental, .publish, "rows_written") ?? 0 > 0)
            if night == 2 {
                #expect(deals > 0)
                // Only the changed quarter's page is keyed from its deals; the others keep the
                // parent's keys, which the night without kept report parts makes again.
                let pageCount = pages.count / 2
                #expect(pageCount > 1)
                #expect(try count(incremental, .publish, "deal_pages_keyed") == 1)
                #expect(try count(full, .publish, "deal_pages_keyed") == pageCount)
            } else {
                #expect(try count(incremental, .dedupe, "rows_read") == 0, "night \(night)")
                #expect(try count(incremental, .dedupe, "rows_written") == 0, "night \(night)")
                // Only the months its feeds' articles are in are written, once, when the landscape
                // is made (extract's record; extract itself keeps every month's output), and
                // publish links them: dedupe left their story groups as they were written.
                let monthsWritten = try PublishedSnapshot(path: incremental.snapshotPath).files(of: .articles)
                    .filter { before[$0.path] != $0.sha256 }
                #expect(!monthsWritten.isEmpty, "night \(night)")
                #expect(
                    try count(incremental, .extract, "rows_written") == monthsWritten.reduce(0) { $0 + $1.rows },
                    "night \(night)")
                let linked = try count(incremental, .publish, "files_linked_from_cache")
                #expect(linked == monthsWritten.count, "night \(night)")
                #expect(deals == 0, "night \(night)")
                #expect(try count(full, .publish, "parent_deals_read") ?? 0 > 0)
                #expect(try count(incremental, .publish, "changes") == 0)
                #expect(
                    try count(incremental, .publish, "rows_written") ?? .max
                        < count(incremental, .publish, "rows_shared") ?? 0)
            }
        }
    }

    @Test(
        "a month made tonight, written out, holds the bytes publish writes, reads back the same, and in the groups dedupe gives it"
    )
    func spilledMonthIsTheMonthFile() throws {
        let (_, _, parent) = try samplesAsParent(jobs: 2)
        let oldMonth = try #require(parent.months.last)
        var seenAgain = try #require(try oldMonth.articles().first)
        seenAgain.summary = (seenAgain.summary ?? "") + " Terms were not disclosed."
        let night = try ArticleLandscape.night(parsed: [seenAgain], parent: parent, seenAt: Self.at(night: 2), jobs: 2)
        #expect(night.months.count { $0.isResident } == 1)
        let folder = try TestPaths.makeTemporaryDirectory("spill")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let stamps = FileStamps(cacheDirectory: folder)
        let tally = RowTally()
        let spilled = try night.spilled(into: folder, stamps: stamps, tally: tally, jobs: 2)
        let residentRows = night.months.filter(\.isResident).reduce(0) { $0 + $1.count }
        #expect(tally.totals == (read: 0, written: residentRows))
        #expect(!spilled.months.contains { $0.isResident })
        #expect(spilled.count == night.count && spilled.months.map(\.ids) == night.months.map(\.ids))
        for (month, before) in zip(spilled.months, night.months) {
            #expect(try month.articles() == before.articles(), "\(month.month)")
            guard case .spilled(let file) = month.storage else { continue }
            var written: [UInt8] = []
            try before.writeJSONLines { written += $0 }
            #expect(try TestPaths.bytes(file.path) == written && RowTally.rows(written) == before.count)
            #expect(SHA256.hex(written) == file.sha256 && stamps.vouches(for: file.path, digest: file.sha256))
        }
        // Reading a month from its file counts its rows as read, as a parent's month's are.
        #expect(tally.totals.read == residentRows)
        // Dedupe gives an article of the written month another story group: the month reads
        // in the new group, and is no longer in the groups it was written in.
        let position = try #require(spilled.months.firstIndex { $0.month == oldMonth.month })
        // The months the night did not touch rest, holding only their ids, until asked for their whole index.
        #expect(spilled.months.indices.allSatisfy { spilled.months[$0].isResting == ($0 != position) })
        let indexed = try spilled.withWholeIndexes(jobs: 2)
        var groups = indexed.months.flatMap(\.index.groups.sparse)
        let start = spilled.months[..<position].reduce(0) { $0 + $1.count }
        groups[start] = StoryGroup(duplicateOf: "some-original", clusterID: "some-original")
        let regrouped = indexed.grouped(
            StoryGroups(sparse: groups, ids: ArticleIDs(concatenating: indexed.months.map(\.ids)))
        ).months[position]
        guard case .spilled(let written) = regrouped.storage else {
            Issue.record("the month touched is not written out")
            return
        }
        #expect(written.groups != regrouped.index.groups)
        #expect(try regrouped.articles().first?.duplicateOf == "some-original")
        #expect(try regrouped.articles().dropFirst() == spilled.months[position].articles().dropFirst())
        // Settled in its file, the month lets its index go and keeps the one row dedupe
        // regrouped: it reads the same, and the index written beside the file is the one it held.
        let settled = try regrouped.settledInFile()
        guard case .spilled(let settledFile) = settled.storage, let kept = settledFile.index else {
            Issue.record("the month did not settle in its file")
            return
        }
        #expect(settled.isSettled && settled.index.count == 0 && settled.count == regrouped.count)
        #expect(settledFile.regrouped.keys.sorted() == [0])
        #expect(try settled.articles() == regrouped.articles())
        #expect(settled.duplicateCount == regrouped.duplicateCount && settled.duplicateCount > 0)
        #expect(try ArticleMonthIndex.read(from: FileBlockReader(path: kept.path), expecting: 1) == regrouped.index)
        #expect(SHA256.hex(try TestPaths.bytes(kept.path)) == kept.sha256)
        // Settled in the groups it was written in, nothing is regrouped: publish links the file.
        try FileManager.default.removeItem(atPath: kept.path)
        guard case .spilled(let asWritten) = try spilled.months[position].settledInFile().storage else {
            Issue.record("the month did not settle in its file")
            return
        }
        #expect(asWritten.regrouped.isEmpty && asWritten.index != nil)
        try FileManager.default.removeItem(atPath: kept.path)
        // A file changed since it was written is an error naming it, not other articles.
        guard case .spilled(let file) = try #require(spilled.months.first { $0.month == oldMonth.month }).storage else {
            Issue.record("the month touched is not written out")
            return
        }
        try Array("{}\n".utf8).writeFile(file.path)
        let month = try #require(spilled.months.first { $0.month == oldMonth.month })
        #expect {
            _ = try month.articles()
        } throws: { error in
            "\(error)".contains(file.path)
        }
    }

    @Test(
        "a month tonight wrote rests in its file until dedupe asks for its index: read back as it was, grouped and settled as the month held"
    )
    func writtenMonthRestsInItsFile() throws {
        let (_, _, parent) = try samplesAsParent(jobs: 2)
        let oldMonth = try #require(parent.months.last)
        var seenAgain = try #require(try oldMonth.articles().first)
        seenAgain.summary = (seenAgain.summary ?? "") + " The option covers two more markets."
        let night = try ArticleLandscape.night(parsed: [seenAgain], parent: parent, seenAt: Self.at(night: 2), jobs: 2)
        let folder = try TestPaths.makeTemporaryDirectory("rest")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spilled = try night.spilled(
            into: folder, stamps: FileStamps(cacheDirectory: folder), tally: RowTally(), jobs: 2)
        let position = try #require(spilled.months.firstIndex { $0.month == oldMonth.month })
        let held = spilled.months[position]
        let resting = try spilled.restingInFiles(jobs: 2)
        let month = resting.months[position]
        #expect(month.isResting && month.index.count == 0 && month.count == held.count)
        #expect(month.listDigest == held.listDigest && month.duplicateCount == held.duplicateCount)
        // The parent's months are as they were; the written one reads its articles as written.
        #expect(zip(resting.months, spilled.months).allSatisfy { $0.isResting == $1.isResting || $0.isSpilled })
        #expect(try month.articles() == held.articles())
        // Its index and ids come back whole, as the month held them.
        let whole = try month.withWholeIndex()
        #expect(!whole.isResting && whole.index == held.index && whole.parentGroups == held.parentGroups)
        #expect(try month.withIDs().ids == held.ids)
        #expect(
            try resting.ids(ofRows: [0, Int32(resting.count - 1)], jobs: 2)
                == spilled.ids(ofRows: [0, Int32(spilled.count - 1)], jobs: 2))
        // Grouped by dedupe, the resting month settles as the month held does: one row regrouped.
        let start = spilled.months[..<position].reduce(0) { $0 + $1.count }
        let copies = CopyGroups(
            count: spilled.count,
            copies: [(row: start, articleID: held.ids[0], originalID: "some-original")])
        let before = try spilled.withWholeIndexes(jobs: 2).months.map(\.index.groups.digest)
        // Each settles with its index written beside the file: the one written first goes.
        let fromHeld = try spilled.grouped(copies, before: before, jobs: 2).months[position]
        guard case .spilled(let heldFile) = fromHeld.storage, let heldIndex = heldFile.index else {
            Issue.record("the month did not settle in its file")
            return
        }
        try FileManager.default.removeItem(atPath: heldIndex.path)
        let fromResting = try resting.grouped(copies, before: before, jobs: 2).months[position]
        guard case .spilled(let restingFile) = fromResting.storage, let restingIndex = restingFile.index else {
            Issue.record("the month did not settle in its file")
            return
        }
        #expect(restingIndex.sha256 == heldIndex.sha256)
        try FileManager.default.removeItem(atPath: restingIndex.path)
        #expect(
            fromResting.isSettled && restingFile.regrouped == heldFile.regrouped && restingFile.regrouped.count == 1)
        #expect(try fromResting.articles() == fromHeld.articles())
        // Grouped as the parent published it, it reads back in the groups it was written in.
        let asParent = try month.groupedAsParent().withWholeIndex()
        #expect(asParent.index.groups == held.parentGroups)
        guard case .spilled(let asWritten) = try month.groupedAsParent().settledInFile().storage else {
            Issue.record("the month did not settle in its file")
            return
        }
        #expect(asWritten.regrouped.isEmpty)
        // An index file changed while the month rested is named, not taken for the month's.
        guard case .spilled(let file) = month.storage, let index = file.resting else {
            Issue.record("the month wrote no index to rest with")
            return
        }
        try Array("nothing\n".utf8).writeFile(index.path)
        #expect {
            _ = try month.withWholeIndex()
        } throws: { error in
            "\(error)".contains(index.path)
        }
    }

    @Test(
        "a month at rest is read only when an article comes back to it or lands in it, or when its story groups change"
    )
    func monthAtRestIsReadWhenTouched() throws {
        let (snapshot, _, parent) = try samplesAsParent(jobs: 2)
        let published = try snapshot.records(Article.self, .articles)
        #expect(parent.months.count == snapshot.files(of: .articles).count && parent.months.count >= 3)
        #expect(parent.months.allSatisfy { $0.parentFile != nil })
        // Each month rests, holding its ids; its whole index lists the file's articles, in
        // order, with their story groups, and gives the list digest and duplicates it rests with.
        for resting in parent.months {
            #expect(resting.isResting && resting.index.groups.isEmpty && resting.index.firstSeen.isEmpty)
            let month = try resting.withWholeIndex()
            #expect(!month.isResting && month.ids == resting.ids && month.listDigest == resting.listDigest)
            let articles = try month.articles()
            #expect(try resting.articles() == articles)
            #expect(articles.map(\.articleID) == Array(month.ids))
            #expect(articles.map(StoryGroup.init(of:)) == Array(month.index.groups))
            #expect(Set(articles.map(RecordSet.month(of:))) == [month.month])
            #expect(resting.duplicateCount == articles.count { $0.duplicateOf != nil })
            #expect(resting.duplicateCount == month.duplicateCount)
            let file = try #require(month.parentFile)
            let made = LandscapeMonth(month: month.month, index: try file.wholeIndex(), storage: .atRest(file))
            #expect(made.listDigest == resting.listDigest)
        }
        #expect(parent.months.flatMap(\.ids).count == published.count)

        // An article seen again, with a corrected summary: its month is read and made again.
        let oldMonth = try #require(parent.months.last)
        var seenAgain = try #require(try oldMonth.articles().first)
        seenAgain.summary = (seenAgain.summary ?? "") + " The companies confirmed the terms."
        let later = Self.at(night: 2)
        let night = try ArticleLandscape.night(
            parsed: [seenAgain], parent: parent, seenAt: later, jobs: 2)
        #expect(night.newCount == 0 && night.count == published.count)
        for month in night.months {
            #expect(month.isResident == (month.month == oldMonth.month), "\(month.month)")
        }
        // The months it did not touch rest without their ids, and read them again when asked.
        for month in night.months where !month.isResident {
            let before = try #require(parent.months.first { $0.month == month.month })
            #expect(month.isResting && month.ids.isEmpty && month.count == before.count)
            #expect(try month.withIDs().ids == before.ids && month.withWholeIndex().ids == before.ids)
            #expect(try month.articles() == before.articles())
        }
        // A parent whose months let their ids go finds articles where the parent holding them does.
        var idsGone = parent
        idsGone.letIDsGo()
        #expect(idsGone.months.allSatisfy { $0.ids.isEmpty })
        let sought = [seenAgain.articleID, "not-in-the-parent"] + parent.months.compactMap(\.ids.last)
        let (found, foundHolding) = (try idsGone.locating(sought, jobs: 2), try parent.locating(sought, jobs: 2))
        for id in sought {
            #expect(
                found.place(of: id).map { [$0.month, $0.row] } == foundHolding.place(of: id).map { [$0.month, $0.row] })
        }
        #expect(found.place(of: "not-in-the-parent") == nil && found.place(of: seenAgain.articleID) != nil)
        let merged = try #require(try night.articles().first { $0.articleID == seenAgain.articleID })
        #expect(merged.summary == seenAgain.summary && merged.lastSeen == later)
        #expect(night.identity != ArticleLandscape(published: parent).identity)

        // A new article about an old month lands in it: that month is read, the others stay.
        let landing = Article(
            articleID: "new-in-an-old-month", url: "https://example.org/new", canonicalURL: "https://example.org/new",
            sourceID: "feed0", title: "A late report", published: seenAgain.published, summary: "A late report.",
            content: nil, language: "en", authors: [], categories: [], firstSeen: later)
        let landed = try ArticleLandscape.night(parsed: [landing], parent: parent, seenAt: later, jobs: 2)
        #expect(landed.newCount == 1 && landed.count == published.count + 1)
        let landedMonth = try #require(landed.months.first { $0.month == oldMonth.month })
        #expect(landedMonth.isResident && landedMonth.ids.contains("new-in-an-old-month"))
        #expect(landed.months.filter(\.isResident).count == 1)

        // Dedupe gives an article at rest another story group: the month is no longer the
        // parent's file, and reading it gives the new group.
        let asPublished = try ArticleLandscape(published: parent).withWholeIndexes(jobs: 2)
        var groups = asPublished.months.flatMap(\.index.groups.sparse)
        let first = try #require(asPublished.months.first?.ids.first)
        groups[0] = StoryGroup(duplicateOf: "some-original", clusterID: "some-original")
        let regrouped = asPublished.grouped(
            StoryGroups(sparse: groups, ids: ArticleIDs(concatenating: asPublished.months.map(\.ids))))
        #expect(regrouped.months[0].parentFile == nil && regrouped.months[1].parentFile != nil)
        let article = try #require(try regrouped.months[0].articles().first)
        #expect(article.articleID == first && article.duplicateOf == "some-original")
        #expect(regrouped.duplicateCount == asPublished.duplicateCount + 1)
        // Read a block at a time (as publish writes it), the month gives the same articles; an
        // index that lists other articles than the file is an error naming the file.
        var blocks: [Article] = []
        try regrouped.months[0].forEachArticleBlock { blocks += $0 }
        #expect(try blocks == regrouped.months[0].articles())
        var wrong = regrouped.months[0]
        wrong.index.ids = ArticleIDs(["not-in-the-file"] + wrong.ids.dropFirst())
        let monthFile = try #require(snapshot.files(of: .articles).first { $0.path.contains(wrong.month) })
        #expect {
            try wrong.forEachArticleBlock { _ in }
        } throws: { error in
            error is RunError && "\(error)".contains(monthFile.path) && "\(error)".contains("other articles")
        }

        // Settled after dedupe, the months at rest as published let their indexes go and still
        // link and read as published; the regrouped month and a month made again keep theirs.
        let settled = regrouped.settled()
        #expect(settled.months.map(\.isSettled) == regrouped.months.indices.map { $0 != 0 })
        #expect(settled.months.dropFirst().allSatisfy { $0.ids.isEmpty && $0.parentFile != nil })
        #expect(settled.months.map(\.count) == regrouped.months.map(\.count))
        #expect(settled.count == regrouped.count && settled.duplicateCount == regrouped.duplicateCount)
        #expect(settled.months[0].ids == regrouped.months[0].ids)
        for (month, unsettled) in zip(settled.months, regrouped.months) {
            #expect(try month.articles() == unsettled.articles(), "\(month.month)")
        }
        #expect(landed.settled().months.map(\.isSettled) == landed.months.map { !$0.isResident })
    }

    @Test("a month index round-trips, and one that does not match its file is not used")
    func monthIndexRoundTrip() throws {
        var index = ArticleMonthIndex()
        index.ids = ArticleIDs(["a1", "b2"])
        index.digests = [ContentDigest(of: Array("d1".utf8)), ContentDigest(of: Array("d2".utf8))]
        index.firstSeen = Timestamps([Timestamp(secondsSinceEpoch: 100), Timestamp(secondsSinceEpoch: 200)])
        index.published = OptionalTimestamps([nil, Timestamp(secondsSinceEpoch: -5)])
        index.groups = StoryGroups(
            [StoryGroup(alone: "a1"), StoryGroup(duplicateOf: "a1", clusterID: "a1")], ids: index.ids)
        #expect(ArticleMonthIndex(decoding: index.encoded()) == index)
        // Read for its ids alone, it gives the list digest and duplicates its whole gives.
        let folder = try TestPaths.makeTemporaryDirectory("month-ids")
        func idsRead(_ bytes: [UInt8]) throws -> ArticleMonthIDs? {
            let path = folder + "/index.tsv"
            try bytes.writeFile(path)
            return try ArticleMonthIDs.read(from: FileBlockReader(path: path, blockBytes: 16), expecting: 2)
        }
        let ids = try #require(try idsRead(index.encoded()))
        #expect(ids.ids == index.ids && ids.duplicateCount == 1)
        #expect(ids.listDigest == LandscapeMonth(month: "2026-01", index: index, storage: .resident([])).listDigest)
        #expect(try idsRead(Array("a1\t\(index.digests[0])\t100\n".utf8)) == nil)
        #expect(try idsRead(Array("a1\t\(index.digests[0].description.uppercased())\t100\t-\t-\t-\n".utf8)) == nil)
        let digest = index.digests[0].description
        #expect(ArticleMonthIndex(decoding: Array("a1\t\(digest)\tnot-a-number\t-\t-\t-\n".utf8)) == nil)
        #expect(ArticleMonthIndex(decoding: Array("a1\t\(digest)\t100\n".utf8)) == nil)
        // A digest that is not 64 lower-case hex digits makes the index unreadable, not wrong.
        #expect(ArticleMonthIndex(decoding: Array("a1\t\(digest)\t100\t-\t-\t-\n".utf8))?.digests == [index.digests[0]])
        #expect(ArticleMonthIndex(decoding: Array("a1\t\(digest.uppercased())\t100\t-\t-\t-\n".utf8)) == nil)
        #expect(ArticleMonthIndex(decoding: Array("a1\t\(digest.dropLast())\t100\t-\t-\t-\n".utf8)) == nil)
        #expect(ArticleMonthIndex(decoding: Array("a1\t\(digest)\t100\t-\t-\t-\tseventh\n".utf8)) == nil)
        // Read a line at a time from a file, in blocks that cut its lines, it is the same index.
        func indexRead(_ bytes: [UInt8]) throws -> ArticleMonthIndex? {
            let path = folder + "/index.tsv"
            try bytes.writeFile(path)
            return try ArticleMonthIndex.read(from: FileBlockReader(path: path, blockBytes: 16), expecting: 1)
        }
        #expect(try indexRead(index.encoded()) == index)
        #expect(try indexRead(index.encoded() + Array("a1\t\(digest)\t100\n".utf8)) == nil)

        // An index stored under a file's digest with another row count is ignored: the month is read.
        let (output, snapshot) = try publishedSamples()
        let cache = StageCache(outputDirectory: output, pipeline: "lineage-test")
        let indexes = ArticleIndexCache(cache: cache)
        let file = try #require(snapshot.files(of: .articles).first)
        cache.remove(shelf: ArticleIndexCache.shelf, key: file.sha256)
        try indexes.store(index, of: file.sha256)
        let parent = try ParentArticles(snapshot, indexes: indexes, jobs: 1)
        let month = try #require(parent.months.first { $0.month == String(file.path.dropFirst(9).prefix(7)) })
        #expect(month.count == file.rows)
        #expect(snapshot.isVerified(file.path))
        // The index made by reading the month took the wrong one's place. The month at rest
        // holds no digests; made again from its articles, they are the index's.
        let kept = try #require(indexes.index(of: file.sha256, rows: file.rows))
        #expect(month.isResting && kept.ids == month.ids && kept.count == file.rows)
        #expect(kept.groups == (try month.withWholeIndex()).index.groups)
        #expect(month.index.digests.isEmpty)
        // Read a block at a time, the month's articles are the whole month's, with those digests.
        var (blockArticles, blockDigests) = ([Article](), [ContentDigest]())
        try month.forEachDigestedBlock(jobs: 2) { articles, digests in
            blockArticles += articles
            blockDigests += digests
        }
        #expect(blockDigests == kept.digests)
        #expect(blockArticles == (try month.articles()))
        // Some of its articles are read as the whole month gives them, and no others.
        let all = try month.articles()
        let rows = Array(stride(from: 0, to: all.count, by: 3))
        #expect(try month.articles(rows: rows).map(\.articleID) == rows.map { all[$0].articleID })
        #expect(try month.articles(rows: rows) == rows.map { all[$0] })
        #expect(try month.articles(rows: []).isEmpty)
    }

    @Test(
        "a month at rest whose story groups change keeps an index with the parent's digests and its new groups, or none without the parent's"
    )
    func regroupedMonthIndex() throws {
        let (_, indexes, parent) = try samplesAsParent(jobs: 1)
        var month = try #require(parent.months.first { $0.count >= 2 }).withWholeIndex()
        let file = try #require(month.parentFile)
        let before = try #require(indexes.index(of: file.sha256, rows: month.count))
        let first = month.index.ids[0]
        var groups = Array(month.index.groups)
        groups[1] = StoryGroup(duplicateOf: first, clusterID: first)
        month.index.groups = StoryGroups(groups, ids: month.index.ids)
        let regrouped = try #require(month.indexToKeep(indexes))
        #expect(regrouped.digests == before.digests && regrouped.ids == before.ids)
        #expect(regrouped.groups == month.index.groups && regrouped.groups != before.groups)
        var digests: [ContentDigest] = []
        try month.forEachDigestedBlock(jobs: 1) { digests += $1 }
        #expect(regrouped.digests == digests)
        indexes.removeAll(except: [])
        #expect(month.indexToKeep(indexes) == nil)
    }
}

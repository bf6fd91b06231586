import Foundation
import Testing

@testable import Landscape

/// The incremental deal merge gives what merging every report gives, night after night.
@Suite("Dedupe: deals merged only where reports changed")
struct IncrementalMergeTests {
    /// A small fixed generator, so that every run of the test sees the same nights.
    struct SplitMix {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    static let companies = [
        "hanmi", "astellas", "celltrion", "wuxi-xdc", "lunit", "pfizer", "3sbio", "otsuka", "daiichi-sankyo", "csl",
        "beigene", "takeda", "samsung-biologics", "hengrui", "biocon", "genmab",
    ]
    static let types: [DealType] = [.licensing, .cdmoManufacturing, .mouStrategicAlliance, .mAndA, .coDevelopment]

    /// One article's report of a deal between `a` and `b`.
    static func report(article: String, _ a: String, _ b: String, type: DealType, day: Int, value: Double?) -> Deal {
        let parties = [a, b].map {
            DealParty(entityID: $0, name: $0.capitalized, country: $0 == "pfizer" ? "US" : "KR", kind: .company)
        }
        let announced = "2026-\(String(format: "%02d", 1 + day / 31))-\(String(format: "%02d", 1 + day % 28))"
        return Deal(
            dealID: "", parties: parties, dealType: type, modalities: ["adc"], valueUSD: value, upfrontUSD: nil,
            status: .announced, announced: announced, confidence: 0.7,
            sources: [
                DealSource(
                    articleID: article, url: "https://news.example/\(article)", title: "\(a) and \(b)",
                    published: nil, evidence: "\(a) signed with \(b).")
            ])
    }

    /// Reports of a few articles: few companies, so party sets meet often; some articles report
    /// two deals between the same parties, whose deals then share a source.
    static func reports(of articles: Range<Int>, version: Int, random: inout SplitMix) -> [Deal] {
        articles.flatMap { index -> [Deal] in
            let first = random.next(companies.count)
            // Two different companies: the second is one to eight places on.
            let (a, b) = (companies[first], companies[(first + 1 + random.next(8)) % companies.count])
            let day = random.next(300)
            let article = "a\(index)"
            var reports = [
                report(
                    article: article, a, b, type: types[random.next(types.count)], day: day,
                    value: random.next(3) == 0 ? Double(10 * (1 + random.next(50)) + version) * 1e6 : nil)
            ]
            if random.next(8) == 0 {
                reports.append(report(article: article, a, b, type: .cdmoManufacturing, day: day + 60, value: nil))
            }
            return reports
        }
    }

    @Test(
        "over ten nights of new articles, updated articles and shared sources, each night's deals equal a full merge's")
    func incrementalEqualsFull() throws {
        var random = SplitMix(state: 7)
        var articles: [Int: [Deal]] = [:]
        for index in 0..<400 { articles[index] = Self.reports(of: index..<(index + 1), version: 0, random: &random) }
        var all = (0..<400).flatMap { articles[$0] ?? [] }
        var full = DealMerger.merge(all, windowDays: 30, previous: [], jobs: 2)
        var incremental = full
        var touchedTotal = 0
        for night in 1...10 {
            var changed = Set<Int>()
            // New articles, and a few old ones updated (their reports replaced).
            for index in (400 + 30 * (night - 1))..<(400 + 30 * night) { changed.insert(index) }
            for _ in 0..<5 { changed.insert(random.next(400)) }
            for index in changed.sorted() {
                articles[index] = Self.reports(of: index..<(index + 1), version: night, random: &random)
            }
            let before = all
            all = articles.keys.sorted().flatMap { articles[$0] ?? [] }
            let touched = DealMerger.partySets(changedFrom: before, to: all)
            touchedTotal += touched.count
            // The previous deals come back as published: with flags, which a merge drops.
            let published = incremental.deals.map { deal -> Deal in
                var deal = deal
                deal.flags = ["watch-list"]
                return deal
            }
            let nextIncremental = DealMerger.merge(
                all, touching: touched, partySetsSharingSources: incremental.partySetsSharingSources, windowDays: 30,
                previous: published, jobs: 2)
            full = DealMerger.merge(all, windowDays: 30, previous: full.deals, jobs: 2)
            #expect(nextIncremental.deals == full.deals, "night \(night)")
            #expect(nextIncremental.partySetsSharingSources == full.partySetsSharingSources, "night \(night)")
            #expect(nextIncremental.partySetsMerged < full.partySetsMerged, "night \(night)")
            // What a rerun makes again from the stored patch: the same deals.
            let remerged = try #require(nextIncremental.remerged)
            #expect(
                DealMerger.patched(published, replacing: remerged.partySets, with: remerged.deals, jobs: 2)
                    == nextIncremental.deals)
            // The same merge on the previous deals known by their outlines, read from their file.
            let outlined = try #require(try Self.outlined(published, replacing: remerged.partySets))
            #expect(outlined.keptCount + outlined.replaced.count == published.count)
            let remerge = DealMerger.merge(
                all, touching: touched, partySetsSharingSources: incremental.partySetsSharingSources, windowDays: 30,
                previous: outlined, jobs: 2)
            #expect(remerge.partySets == remerged.partySets && remerge.deals == remerged.deals, "night \(night)")
            #expect(remerge.partySetsSharingSources == full.partySetsSharingSources, "night \(night)")
            #expect(
                DealMerger.patched(published, replacing: remerge.partySets, with: remerge.deals, jobs: 2)
                    == full.deals)
            #expect(DealMerger.patched(published, isReplaced: outlined.isReplaced, with: remerge.deals) == full.deals)
            incremental = nextIncremental
        }
        #expect(touchedTotal > 0)
        #expect(!full.partySetsSharingSources.isEmpty)
        #expect(Set(full.deals.map(\.dealID)).count == full.deals.count)
    }

    @Test("an article's reports count as changed unless they are the same reports in the same order")
    func changedPartySets() {
        let one = Self.report(article: "x", "hanmi", "astellas", type: .licensing, day: 3, value: nil)
        let two = Self.report(article: "x", "lunit", "pfizer", type: .mAndA, day: 3, value: nil)
        let other = Self.report(article: "y", "celltrion", "3sbio", type: .licensing, day: 9, value: nil)
        #expect(DealMerger.partySets(changedFrom: [one, two, other], to: [one, two, other]).isEmpty)
        #expect(
            DealMerger.partySets(changedFrom: [one, other], to: [one, two, other]) == [
                "astellas|hanmi", "lunit|pfizer",
            ])
        var valued = other
        valued.valueUSD = 5e6
        #expect(DealMerger.partySets(changedFrom: [one, other], to: [one, valued]) == ["3sbio|celltrion"])
        #expect(DealMerger.partySets(changedFrom: [one, other], to: [one]) == ["3sbio|celltrion"])
    }
}

extension IncrementalMergeTests {
    /// An extract cache in a folder of its own, with the shelf's folder a run makes before it
    /// stores anything.
    static func emptyExtractCache() throws -> ExtractCache {
        let cache = ExtractCache(
            cache: StageCache(outputDirectory: try TestPaths.makeTemporaryDirectory(), pipeline: "merge-test"))
        let entry = cache.cache.entryPath(shelf: ExtractCache.shelf, key: "first")
        try FileManager.default.createDirectory(atPath: entry, withIntermediateDirectories: true)
        try FileManager.default.removeItem(atPath: entry)
        return cache
    }

    @Test("two stored months compared line by line touch the party sets the reports compared decoded do")
    func changedPartySetsByLines() throws {
        let cache = try Self.emptyExtractCache()
        let one = Self.report(article: "x", "hanmi", "astellas", type: .licensing, day: 3, value: nil)
        let two = Self.report(article: "x", "lunit", "pfizer", type: .mAndA, day: 3, value: nil)
        let other = Self.report(article: "y", "celltrion", "3sbio", type: .licensing, day: 9, value: nil)
        var valued = other
        valued.valueUSD = 5e6
        let late = Self.report(article: "z", "genmab", "csl", type: .licensing, day: 12, value: nil)
        let months: [String: [Deal]] = [
            "same": [one, two, other], "added": [one, two, other, late], "dropped": [one, other],
            "valued": [one, two, valued], "reordered": [two, one, other], "none": [],
        ]
        for (key, reports) in months {
            let output = ExtractOutput(extracted: reports)
            let list = Set(reports.compactMap { $0.sources.first?.articleID }).sorted().map { "\($0) d\n" }.joined()
            try cache.storeMonth(key: key, articleList: Array(list.utf8), output: output, stamps: FileStamps())
        }
        for (old, before) in months {
            for (new, after) in months {
                let byLines = try cache.partySets(changedFrom: old, to: new)
                #expect(byLines == DealMerger.partySets(changedFrom: before, to: after), "\(old) to \(new)")
            }
            // A month not stored has no reports.
            #expect(try cache.partySets(changedFrom: nil, to: old) == DealMerger.partySets(changedFrom: [], to: before))
        }
        // A month without its list of party sets is left to the caller to decode.
        let entry = cache.cache.entryPath(shelf: ExtractCache.shelf, key: "added")
        try FileManager.default.removeItem(atPath: entry + "/report-party-sets.txt")
        #expect(try cache.partySets(changedFrom: "same", to: "added") == nil)
    }
}

extension IncrementalMergeTests {
    @Test(
        "a night's deals are stored as the party sets merged again and load patched into the parent's; a patch of other deals is refused; only the groups of copies are written"
    )
    func dealsStoredAsPatch() throws {
        var random = SplitMix(state: 3)
        let first = Self.reports(of: 0..<300, version: 0, random: &random)
        let parent = DealMerger.merge(first, windowDays: 30, previous: [], jobs: 2)
        let tonight = first + Self.reports(of: 300..<302, version: 1, random: &random)
        let merged = DealMerger.merge(
            tonight, touching: DealMerger.partySets(changedFrom: first, to: tonight),
            partySetsSharingSources: parent.partySetsSharingSources, windowDays: 30, previous: parent.deals, jobs: 2)
        let cache = DedupeCache(
            cache: StageCache(outputDirectory: try TestPaths.makeTemporaryDirectory(), pipeline: "merge-test"))
        try cache.cache.prepare()
        let basis = MergeBasis(
            code: "test", windowDays: 30, extractKey: "e", partySetsSharingSources: merged.partySetsSharingSources)
        let remerged = try #require(merged.remerged)
        // Two articles alone, and a story of two.
        let ids = ArticleIDs(["a0", "a1", "a2", "a3"])
        let copies = CopyGroups(count: 4, copies: [(row: 3, articleID: "a3", originalID: "a1")])
        let copy = StoryGroup(duplicateOf: "a1", clusterID: "a1")
        func store(_ key: String, parentDeals: String?) throws {
            let deals: DedupeCache.StoredDeals =
                if let parentDeals {
                    .patch(
                        parentDeals: parentDeals, partySets: remerged.partySets,
                        merged: try cache.stagedMerged(remerged.deals, jobs: 2).file)
                } else {
                    .all(merged.deals)
                }
            try cache.store(
                key: key, copies: copies, deals: deals, madeFrom: "m",
                mergeBasis: basis,
                fingerprintMonths: [], groupingState: nil, jobs: 2)
        }
        try store("patch", parentDeals: "deals-1")
        let parentDeals = DealRecords(parent.deals)
        let loaded = try cache.load(key: "patch", ids: ids, parentDeals: (parentDeals, "deals-1"), jobs: 2)
        // As records: the cache keeps deals as JSON lines, whole or patched.
        #expect(loaded.deals.jsonLines() == merged.deals.jsonLines())
        #expect(loaded.groups == StoryGroups(sparse: [nil, nil, nil, copy], ids: ids))
        #expect(Array(loaded.groups.listedRows).count == 1 && loaded.groups.sparse(1..<4) == [nil, nil, copy])
        #expect(
            copies.sparse(0..<4) == loaded.groups.sparse(0..<4) && copies.digest(1..<4) == loaded.groups.digest(1..<4))
        // Only the copy is written: an original's group is the one an article not listed has.
        let stored = try cache.cache.bytes(.dedupe, key: "patch", file: "groups.jsonl")
        #expect(
            stored.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) } == [
                #"{"article_id":"a3","duplicate_of":"a1","cluster_id":"a1"}"#
            ])
        let replaced = try cache.cache.bytes(.dedupe, key: "patch", file: "deals-replaced.jsonl")
        #expect(replaced.count * 2 < merged.deals.jsonLines().count)
        #expect(throws: DamagedDataError.self) {
            try cache.load(key: "patch", ids: ids, parentDeals: (parentDeals, "deals-2"), jobs: 2)
        }
        // Without the parent's deals to build on, every deal is stored.
        try store("whole", parentDeals: nil)
        let whole = try cache.load(key: "whole", ids: ids, parentDeals: (DealRecords([]), "none"), jobs: 2)
        #expect(whole.deals.jsonLines() == merged.deals.jsonLines())
    }

    @Test(
        "a stored month gives the reports of some party sets by its list of them, and decodes itself whole when the list is gone or damaged"
    )
    func monthReportsByPartySet() throws {
        let cache = try Self.emptyExtractCache()
        let entry = cache.cache.entryPath(shelf: ExtractCache.shelf, key: "m1")
        let reports = [
            Self.report(article: "a1", "hanmi", "astellas", type: .licensing, day: 3, value: 4e7),
            Self.report(article: "a2", "lunit", "pfizer", type: .mAndA, day: 5, value: nil),
            Self.report(article: "a3", "astellas", "hanmi", type: .cdmoManufacturing, day: 9, value: nil),
        ]
        let output = ExtractOutput(extracted: reports)
        try cache.storeMonth(
            key: "m1", articleList: Array("a1 x\na2 y\na3 z\n".utf8), output: output, stamps: FileStamps())
        let wanted: Set<String> = ["astellas|hanmi"]
        let expected = [reports[0], reports[2]]
        let listed = try cache.monthDeals(key: "m1", partySets: wanted)
        #expect(listed.deals == expected)
        #expect(listed.count == 3)
        #expect(try cache.monthDeals(key: "m1", partySets: ["csl|genmab"]).deals.isEmpty)
        #expect(try cache.monthDealCount(key: "m1") == 3)
        // A list whose bytes no longer match its digest is not trusted: the month is decoded whole.
        let list = entry + "/report-party-sets.txt"
        try Array("lunit|pfizer\nlunit|pfizer\nlunit|pfizer\n".utf8).writeFile(list)
        #expect(try cache.monthDeals(key: "m1", partySets: wanted).deals == expected)
        try FileManager.default.removeItem(atPath: list)
        #expect(try cache.monthDeals(key: "m1", partySets: wanted).deals == expected)
        #expect(try cache.monthDealCount(key: "m1") == 3)
    }
}

extension IncrementalMergeTests {
    @Test(
        "a month's mentions stored are vouched for by the stamps with the digest made as they were written, not read back; changed since, they are read and refused; an entry already there is not vouched for"
    )
    func storedMentionsStamped() throws {
        let cache = try Self.emptyExtractCache()
        var output = ExtractOutput()
        output.mentions = MonthLines(MonthLinesTests.mentions)
        let stamps = FileStamps()
        let list = Array(
            ["a1", "b2"].map { "\($0) \(ContentDigest(of: Array($0.utf8)).description)\n" }.joined().utf8)
        try cache.storeMonth(key: "m1", articleList: list, output: output, stamps: stamps)
        let path = cache.cache.entryPath(shelf: ExtractCache.shelf, key: "m1") + "/mentions.jsonl"
        let digest = try cache.cache.storedDigest(shelf: ExtractCache.shelf, key: "m1", file: "mentions.jsonl")
        #expect(digest == SHA256.hex(MonthLinesTests.mentions.jsonLines()))
        #expect(stamps.vouches(for: path, digest: digest))
        let file = try cache.mentionFile(month: "2026-11", key: "m1", stamps: stamps)
        #expect(file.sha256 == digest && file.rows == 3)
        // Taken as an earlier month, its lines are found by article.
        #expect(cache.earlierMonth(key: "m1", stamps: stamps)?.mentions.lines(of: "a1")?.count == 2)

        // The same key stored again keeps the entry there, which these stamps never saw.
        let others = FileStamps()
        try cache.storeMonth(key: "m1", articleList: list, output: output, stamps: others)
        #expect(!others.vouches(for: path, digest: digest))
        // Neither store left a file staged beside the entries, nor does a month written and
        // discarded (an article that could not be read), which stores no entry.
        let writer = try ExtractCache.MonthWriter(cache)
        try writer.append(output)
        #expect(Self.stagedFiles(cache).count == 3)
        writer.discard()
        #expect(Self.stagedFiles(cache).isEmpty)
        #expect(!cache.hasMonth("m2"))

        var bytes = MonthLinesTests.mentions.jsonLines()
        bytes[2] = UInt8(ascii: "X")
        try bytes.writeFile(path)
        #expect(!stamps.vouches(for: path, digest: digest))
        // Changed since, it is no earlier month to take lines from: its articles are extracted again.
        #expect(cache.earlierMonth(key: "m1", stamps: stamps) == nil)
        #expect { try cache.mentionFile(month: "2026-11", key: "m1", stamps: stamps) } throws: {
            $0 is DamagedDataError && "\($0)".contains(path)
        }
    }

    /// The files staged beside the extract stage's entries.
    static func stagedFiles(_ cache: ExtractCache) -> [String] {
        let folder = (cache.cache.entryPath(.extract, key: "any") as NSString).deletingLastPathComponent
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
            $0.hasPrefix(".staged-")
        }
    }

    /// `deals` written to a file, as a snapshot's deals file, and known by their outlines.
    static func outlined(_ deals: [Deal], replacing partySets: Set<String>, in folder: String? = nil) throws
        -> PreviousDeals?
    {
        let path = FilePaths.join(try folder ?? TestPaths.makeTemporaryDirectory(), "deals.jsonl")
        try Data(deals.jsonLines()).write(to: URL(fileURLWithPath: path))
        return try PreviousDeals.read(scanning: scan(path), expected: deals.count, remerged: partySets, jobs: 2)
    }

    /// Hands over the outlines of the deals file at `path` a block at a time, as a snapshot's
    /// deals are scanned, then does `then`.
    static func scan(_ path: String, then: @escaping @Sendable () throws -> Void = {}) -> PreviousDeals.OutlineScan {
        { body in
            let lines = try lines(of: path)
            try JSONLinesReader.forEachBlock(DealOutline.self, from: path, blockBytes: 512, jobs: 2) { outlines, _ in
                try body(outlines)
            }
            try then()
            return lines
        }
    }

    static func lines(of path: String) throws -> RecordLines {
        let bytes = try #require(FileBytes.read(path))
        let places = try #require(try JSONLinesReader.readPlaced(DealOutline.self, from: path, jobs: 1).places)
        return RecordLines(
            path: path, sha256: SHA256.hex(bytes), stamp: try #require(FileStamps.stamp(of: path)), places: places)
    }

    @Test(
        "previous deals are known by their outlines only when the outlines order them as a merge lists them, and not from a file changed since"
    )
    func outlinesRefused() throws {
        var random = SplitMix(state: 11)
        let deals = DealMerger.merge(
            Self.reports(of: 0..<60, version: 0, random: &random), windowDays: 30, previous: [], jobs: 2
        )
        .deals
        let partySet = try #require(deals.first?.partyKey)
        let outlined = try #require(try Self.outlined(deals, replacing: [partySet]))
        #expect(outlined.replaced.map(\.dealID) == deals.filter { $0.partyKey == partySet }.map(\.dealID))
        #expect(outlined.keptCount == deals.count { $0.partyKey != partySet })
        for deal in deals where deal.partyKey != partySet { #expect(outlined.keeps(deal.id)) }
        #expect(
            !outlined.keeps(deals[0].id) && !outlined.keeps(DealID("dl_0000000000000000"))
                && !outlined.keeps(DealID("other")))
        // Kept deals out of the merge's order, or an id this code does not make: the deals are decoded.
        #expect(try Self.outlined(Array(deals.reversed()), replacing: [partySet]) == nil)
        var foreign = deals
        foreign[foreign.count - 1].dealID = "deal-7"
        #expect(try Self.outlined(foreign, replacing: [partySet]) == nil)
        // Out of order only among the replaced deals, which the merge lists anew: still outlined.
        let replacedFirst =
            deals.filter { $0.partyKey == partySet }.reversed() + deals.filter { $0.partyKey != partySet }
        if deals.count(where: { $0.partyKey == partySet }) > 1 {
            #expect(try Self.outlined(Array(replacedFirst), replacing: [partySet])?.keptCount == outlined.keptCount)
        }
        // A line of a party set merged again that has an outline but is no deal is named by its
        // line in the file.
        let last = try #require(deals.lastIndex { $0.partyKey == partySet })
        var text = String(decoding: deals.jsonLines(), as: UTF8.self).split(separator: "\n").map(String.init)
        text[last] = text[last].replacingOccurrences(of: #""deal_type":"#, with: #""kind_of_deal":"#)
        let broken = FilePaths.join(try TestPaths.makeTemporaryDirectory(), "deals.jsonl")
        try Data((text.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: broken))
        do {
            _ = try PreviousDeals.read(
                scanning: Self.scan(broken), expected: deals.count, remerged: [partySet], jobs: 2)
            Issue.record("a line that is no deal was read")
        } catch let error as DamagedDataError {
            #expect(error.path == broken && error.problem == "line \(last + 1) does not read as a deal", "\(error)")
        }
        // A file changed after its outlines were read is named, not read as other deals.
        let folder = try TestPaths.makeTemporaryDirectory()
        let path = FilePaths.join(folder, "deals.jsonl")
        try Data(deals.jsonLines()).write(to: URL(fileURLWithPath: path))
        let replaceFile = { @Sendable () throws in
            try Data(deals.reversed().jsonLines()).write(to: URL(fileURLWithPath: path + ".new"))
            #expect(rename(path + ".new", path) == 0)
        }
        #expect(throws: DamagedDataError.self) {
            try PreviousDeals.read(
                scanning: Self.scan(path, then: replaceFile), expected: deals.count, remerged: [partySet], jobs: 2)
        }
    }
}

extension ExtractOutput {
    /// An output holding `reports`, as extract makes it of articles it extracted.
    init(extracted reports: [Deal]) {
        self.init()
        self.reports = MonthLines(reports)
        reportPartySets = reports.partySetLines
    }
}

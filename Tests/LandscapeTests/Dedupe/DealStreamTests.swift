import Foundation
import Testing

@testable import Landscape

@Suite("Deals read as a stream, a block at a time")
struct DealStreamTests {
    /// A parent's deals, written to a file and known by their outlines with every seventh party
    /// set merged again; and what that merge made: the replaced deals with new values, one of
    /// them gone, and a new deal of one of those party sets dated in the middle of the others.
    static func night() throws -> (parent: [Deal], previous: PreviousDeals, merged: [Deal]) {
        var random = IncrementalMergeTests.SplitMix(state: 23)
        let parent = DealMerger.merge(
            IncrementalMergeTests.reports(of: 0..<300, version: 0, random: &random), windowDays: 30, previous: [],
            jobs: 2
        ).deals
        let keys = Set(parent.map(\.partyKey)).sorted()
        let partySets = Set(keys.indices.filter { $0 % 7 == 0 }.map { keys[$0] })
        let previous = try #require(try IncrementalMergeTests.outlined(parent, replacing: partySets))
        var merged = previous.replaced.dropLast().map { deal in
            var deal = deal
            deal.valueUSD = (deal.valueUSD ?? 0) + 1e6
            return deal
        }
        var fresh = try #require(previous.replaced.first)
        fresh.dealID = "dl_00000000000000ff"
        fresh.announced = parent[parent.count / 2].announced
        merged.append(fresh)
        return (parent, previous, merged.sorted(by: DealMerger.isListedBefore))
    }

    /// The deals the night's patch makes, held whole.
    static func held(_ night: (parent: [Deal], previous: PreviousDeals, merged: [Deal])) -> [Deal] {
        DealMerger.patched(night.parent, isReplaced: night.previous.isReplaced, with: night.merged)
    }

    static func patch(_ night: (parent: [Deal], previous: PreviousDeals, merged: [Deal])) -> DealPatch {
        DealPatch(
            lines: DealLines(night.previous.lines, flaggedUnder: nil), isReplaced: night.previous.isReplaced,
            replaced: night.previous.replaced, merged: night.merged)
    }

    @Test(
        "a patch read in blocks of any size hands over the deals the patch makes whole, in order; its file is theirs to the byte, the kept lines copied"
    )
    func patchAsStream() throws {
        let night = try Self.night()
        let patch = Self.patch(night)
        let held = Self.held(night)
        #expect(patch.count == held.count && held.count == night.parent.count)
        #expect(patch.mergedPlaces == nil, "no place is known before the patch is read")
        let stream = DealStream(patch)
        for (blockDeals, jobs) in [(1, 1), (7, 2), (64, 2), (10_000, 1)] {
            var streamed: [Deal] = []
            var starts: [Int] = []
            try stream.forEachBlock(jobs: jobs, blockDeals: blockDeals) { start, block in
                #expect(block.count <= blockDeals)
                starts.append(start)
                streamed += block
            }
            #expect(streamed.jsonLines() == held.jsonLines(), "blocks of \(blockDeals)")
            #expect(starts == Array(stride(from: 0, to: held.count, by: blockDeals)), "blocks of \(blockDeals)")
        }
        // Read through, it writes the file without decoding a kept deal: their lines are copied.
        var bytes: [UInt8] = []
        let copied = try DealsFile.write(patch) { bytes += $0 }
        #expect(bytes == held.jsonLines())
        #expect(copied == night.previous.keptCount)

        // A change made as the deals are read reaches the kept deals and the merged ones.
        let marked = stream.map {
            $0.map { deal in
                var deal = deal
                deal.modalities = ["marked"]
                return deal
            }
        }
        var seen = 0
        try marked.forEachBlock(jobs: 2, blockDeals: 50) { _, block in
            for deal in block { #expect(deal.modalities == ["marked"]) }
            seen += block.count
        }
        #expect(seen == held.count && marked.patch?.merged.allSatisfy { $0.modalities == ["marked"] } == true)
    }

    @Test("a patch whose file changed since its outlines were read is refused, named, and writes no file")
    func changedFileRefused() throws {
        let night = try Self.night()
        let patch = Self.patch(night)
        let path = night.previous.lines.path
        try Data(night.parent.reversed().jsonLines()).write(to: URL(fileURLWithPath: path + ".new"))
        #expect(rename(path + ".new", path) == 0)
        #expect { try DealStream(patch).forEachBlock(jobs: 2) { _, _ in } } throws: {
            ($0 as? DamagedDataError)?.path == path
        }
        #expect(throws: DamagedDataError.self) { try DealsFile.write(patch) { _ in } }
    }

    @Test("rows, the network and the report's reading folded over blocks equal those of the deals held whole")
    func foldsEqualHeld() throws {
        let night = try Self.night()
        let deals = PolicyLensTests.lens.flagged(Self.held(night))
        let blocs = PolicyLensTests.lens.blocs
        let rows = AggregateStage.run(deals, blocs: blocs, jobs: 2)
        let question = PolicyReport.question(blocs: blocs)
        let whole = ReportDeals.of(deals, question: question, jobs: 2)
        let network = PartnershipNetwork(deals: deals, blocs: blocs)
        for blockDeals in [1, 13, 4096] {
            var rollup = DealHalves(count: deals.count, AggregateStage.Tallies(blocs: blocs))
            var folding = DealHalves(count: deals.count, ReportDeals(question: question))
            try DealStream(deals).forEachBlock(jobs: 1, blockDeals: blockDeals) { start, block in
                rollup.add(block, start: start)
                folding.add(block, start: start)
            }
            #expect(AggregateStage.rows(of: rollup).jsonLines() == rows.jsonLines(), "blocks of \(blockDeals)")
            let read = ReportDeals.of(folding)
            #expect(read.pages == whole.pages && read.newest.map(\.id) == whole.newest.map(\.id))
            #expect(read.linked.keys.sorted() == whole.linked.keys.sorted())
            let report = { (read: ReportDeals) in
                HTMLReport.render(
                    ReportData(
                        snapshotID: "S", created: Timestamp(secondsSinceEpoch: 0), read: read, aggregates: rows,
                        articleCount: 0, duplicateArticles: 0, ratesDate: nil, network: network, sinceParent: nil))
            }
            #expect(report(read) == report(whole), "blocks of \(blockDeals)")
        }
        // The figures are the report's of the deals held whole.
        let held = ReportData(
            snapshotID: "S", created: Timestamp(secondsSinceEpoch: 0), deals: deals, aggregates: rows,
            articleCount: 0, duplicateArticles: 0, network: network, jobs: 2)
        #expect(held.dealCount == deals.count && held.newestDeals.count == DealPages.newestInReport)
        #expect(held.dealPages.reduce(0) { $0 + $1.deals } == deals.count)
    }

    @Test(
        "a run of places read again is that stretch of the stream, before the patch is read through and after, and through a change made as it is read"
    )
    func runsReadAgain() throws {
        let night = try Self.night()
        let held = Self.held(night)
        let marked = { @Sendable (deals: [Deal]) in
            deals.map { deal in
                var deal = deal
                deal.modalities = ["marked"]
                return deal
            }
        }
        let (patch, list) = (DealStream(Self.patch(night)).map(marked), DealStream(marked(held)))
        let expected = marked(held)
        // The merged deals' places, as the runs read below cross them.
        let freshPlace = try #require(expected.firstIndex { $0.dealID == "dl_00000000000000ff" })
        let runs = [
            0..<1, 0..<held.count, 3..<40, (freshPlace - 5)..<(freshPlace + 6), (held.count - 3)..<(held.count + 10),
            held.count..<(held.count + 1), 10..<10,
        ]
        for stream in [patch, list] {
            for isReadThrough in [false, true] {
                if isReadThrough { try stream.forEachBlock(jobs: 2) { _, _ in } }
                #expect((stream.patch?.mergedPlaces != nil) == isReadThrough || stream.patch == nil)
                for run in runs {
                    for blockDeals in [1, 6, 8192] {
                        var read: [Deal] = []
                        try stream.forEachBlock(in: run, jobs: 2, blockDeals: blockDeals) { block in
                            #expect(block.count <= blockDeals && !block.isEmpty)
                            read += block
                        }
                        let wanted = Array(expected[run.clamped(to: 0..<held.count)])
                        #expect(
                            read.jsonLines() == wanted.jsonLines(),
                            "\(run), blocks of \(blockDeals), \(isReadThrough ? "after" : "before") a read through")
                    }
                }
            }
        }
    }

    @Test(
        "the pages read as the deals stream by (their runs and their changed pages' keys) list and key each page as the deals held whole do"
    )
    func pagesReadAsTheyStream() throws {
        let night = try Self.night()
        let patch = Self.patch(night)
        let held = Self.held(night)
        let pages = DealPages.pages(held)
        #expect(pages.count > 2)
        let stream = DealStream(patch)
        var folding = PatchReading.Folding(patch, count: stream.count, blocs: PolicyLensTests.lens.blocs)
        try stream.forEachBlock(jobs: 2, blockDeals: 29) { start, block in folding.add(block, start: start) }
        let reading = folding.reading
        #expect(!reading.touched.isEmpty)
        for page in pages {
            let runs = try #require(reading.runs[page.label])
            #expect(runs.reduce(0) { $0 + $1.count } == page.deals.count)
            let listing = DealPages.Listing(label: page.label, count: page.deals.count) { body in
                for run in runs { try stream.forEachBlock(in: run, jobs: 2, blockDeals: 17, body) }
            }
            var streamed: [UInt8] = []
            try DealPages.writeHTML(listing, ratesDate: "2026-06-30") { streamed += $0 }
            #expect(String(decoding: streamed, as: UTF8.self) == DealPages.html(page, ratesDate: "2026-06-30"))
            if let lines = reading.touchedLines[page.label] {
                #expect(
                    DealPages.contentKey(path: page.path, lines: lines, ratesDate: nil)
                        == DealPages.contentKey(page, ratesDate: nil))
            } else {
                #expect(!reading.touched.contains(page.label))
            }
        }
        // A listing that hands over fewer deals than it counts is refused, named.
        let short = DealPages.Listing(label: pages[0].label, count: pages[0].deals.count + 1) { body in
            try body(pages[0].deals)
        }
        #expect { try DealPages.writeMarkdown(short, ratesDate: nil) { _ in } } throws: {
            ($0 as? DamagedDataError)?.path == pages[0].path
        }
    }
}

import Foundation
import Testing

@testable import Landscape

/// A merge of every report on previous deals, made a part of the party sets at a time, gives the
/// deals and ids of one merge of every report.
@Suite("Dedupe: every report merged in parts on previous deals")
struct PartsMergeTests {
    typealias Random = IncrementalMergeTests.SplitMix

    /// Tonight's reports after a change of the extraction: most articles report what they did,
    /// a third report other parties, days or types (their deals' ids are claimed across party
    /// sets, or made anew), and some articles are new.
    static func nights(seed: UInt64) -> (previous: [Deal], tonight: [Deal]) {
        var random = Random(state: seed)
        let before = IncrementalMergeTests.reports(of: 0..<500, version: 0, random: &random)
        let previous = DealMerger.merge(before, windowDays: 30, previous: [], jobs: 2).deals
        var tonight: [Deal] = []
        for index in 0..<560 {
            let kept = before.filter { $0.sources.first?.articleID == "a\(index)" }
            if !kept.isEmpty, random.next(3) != 0 {
                tonight += kept
            } else {
                tonight += IncrementalMergeTests.reports(of: index..<(index + 1), version: 1, random: &random)
            }
        }
        return (previous, tonight)
    }

    /// What ``DedupeStep/mergeInParts(_:)`` does, in memory: each part's reports in the order one
    /// merge holds them, merged once for their claims and once for their ids.
    static func mergedInParts(_ reports: [Deal], parts: Int, previous: PreviousSources) throws -> [Deal] {
        let byPart = (0..<parts).map { part in reports.filter { DealRuns.part(of: $0.partyKey, parts: parts) == part } }
        var claims = IDClaims()
        for part in byPart { claims.add(DealMerger.clusters(part, windowDays: 30, jobs: 2).deals, previous: previous) }
        let claimed = claims.settled(previous: previous, jobs: 2)
        let merged = try byPart.indices.map { part in
            try #require(
                DealMerger.merge(byPart[part], windowDays: 30, claimed: claimed[part], previous: previous, jobs: 2))
        }
        #expect(merged.reduce(0) { $0 + $1.partySetsMerged } == Set(reports.map(\.partyKey)).count)
        return merged.flatMap(\.deals).sorted(by: DealMerger.isListedBefore)
    }

    @Test(
        "after a change of the extraction, the deals merged in 1, 2, 3 or 7 parts are one merge's, ids and all, whether the previous deals are read from their file or held"
    )
    func partsEqualOneMerge() throws {
        for seed: UInt64 in [5, 11, 23] {
            let (previous, tonight) = Self.nights(seed: seed)
            let whole = DealMerger.merge(tonight, windowDays: 30, previous: previous, jobs: 2).deals
            let held = try #require(PreviousSources(previous.map(DealSourceOutline.init), jobs: 2))
            let path = FilePaths.join(try TestPaths.makeTemporaryDirectory(), "deals.jsonl")
            try Data(previous.jsonLines()).write(to: URL(fileURLWithPath: path))
            let read = try #require(
                try PreviousSources.read(
                    scanning: { body in
                        try JSONLinesReader.forEachBlock(DealSourceOutline.self, from: path, blockBytes: 512, jobs: 2) {
                            outlines, _ in try body(outlines)
                        }
                    }, jobs: 2))
            #expect(read.ids == held.ids && read.partySets == held.partySets)
            for parts in [1, 2, 3, 7] {
                #expect(
                    try Self.mergedInParts(tonight, parts: parts, previous: held) == whole, "seed \(seed), \(parts)")
            }
            #expect(try Self.mergedInParts(tonight, parts: 3, previous: read) == whole, "seed \(seed), read")
            // The nights test what they are meant to: ids kept by deals whose parties changed,
            // and made for deals that continue none.
            let previousIDs = Dictionary(uniqueKeysWithValues: previous.map { ($0.dealID, $0.partyKey) })
            #expect(whole.contains { deal in previousIDs[deal.dealID].map { $0 != deal.partyKey } ?? false })
            #expect(whole.contains { previousIDs[$0.dealID] == nil })
            #expect(whole.contains { previousIDs[$0.dealID] == $0.partyKey })
        }
    }

    @Test("two deals of one party set on one day, one continuing a previous deal and one not, get two ids in parts")
    func madeIDClashesWithPrevious() throws {
        let old = IncrementalMergeTests.report(article: "b1", "hanmi", "lunit", type: .licensing, day: 40, value: nil)
        let previous = DealMerger.merge([old], windowDays: 30, previous: [], jobs: 1).deals
        // Tonight the old article reports another party set; a new article reports the old
        // deal's parties and day, whose made id is the previous deal's.
        let tonight = [
            IncrementalMergeTests.report(article: "b1", "hanmi", "pfizer", type: .licensing, day: 40, value: nil),
            IncrementalMergeTests.report(article: "b2", "hanmi", "lunit", type: .licensing, day: 40, value: nil),
        ]
        let whole = DealMerger.merge(tonight, windowDays: 30, previous: previous, jobs: 1).deals
        let sources = try #require(PreviousSources(previous.map(DealSourceOutline.init), jobs: 1))
        for parts in [1, 2] {
            #expect(try Self.mergedInParts(tonight, parts: parts, previous: sources) == whole, "\(parts)")
        }
        #expect(Set(whole.map(\.dealID)).count == 2)
        #expect(whole.contains { $0.dealID == previous[0].dealID && $0.partyKey == "hanmi|pfizer" })
    }

    @Test("previous deals whose ids are not the merge's, or repeat, are not known by their sources")
    func otherIDsRefused() throws {
        var deal = DealMerger.merge(
            [IncrementalMergeTests.report(article: "c1", "csl", "biocon", type: .licensing, day: 3, value: nil)],
            windowDays: 30, previous: [], jobs: 1
        )
        .deals[0]
        #expect(PreviousSources([DealSourceOutline(deal)], jobs: 1) != nil)
        #expect(PreviousSources([DealSourceOutline(deal), DealSourceOutline(deal)], jobs: 1) == nil)
        deal.dealID = "deal-edited-by-hand"
        #expect(PreviousSources([DealSourceOutline(deal)], jobs: 1) == nil)
    }

    @Test("article ids of hex digits are told apart exactly, and any other id by its digest")
    func articleKeys() {
        let ids = ["a1", "a10", "0a1", "a1a", "b800bfe05277a012155f", "b800bfe05277a012155e", "x1", "A1", ""]
        #expect(Set(ids.map(ArticleKey.init)).count == ids.count)
        #expect(ArticleKey("b800bfe05277a012155f") == ArticleKey("b800bfe05277a012155f"))
        #expect(ArticleKey("article-7") == ArticleKey("article-7"))
        #expect(ArticleKey(String(repeating: "f", count: 31)) != ArticleKey(String(repeating: "f", count: 30)))
    }
}

import Foundation
import Testing

@testable import Landscape

@Suite("Publish: the pages of deals by quarter")
struct DealPagesTests {
    private static func deals() -> [Deal] {
        var random = IncrementalMergeTests.SplitMix(state: 11)
        let reports = IncrementalMergeTests.reports(of: 0..<200, version: 0, random: &random)
        return DealMerger.merge(reports, windowDays: 30, previous: [], jobs: 2).deals
    }

    @Test("every deal is on its quarter's page once; a page's key changes with its deals and the rates' day")
    func pagesAndKeys() {
        let deals = Self.deals()
        let pages = DealPages.pages(deals)
        #expect(pages.count > 3)
        #expect(pages.flatMap(\.deals).count == deals.count)
        for page in pages {
            #expect(page.deals.allSatisfy { DealPages.label(of: $0) == page.label })
            #expect(Array(page.deals).isSorted(by: DealMerger.isListedBefore))
            #expect(DealPages.contentKey(page, ratesDate: "2026-06-30") != DealPages.contentKey(page, ratesDate: nil))
        }
        var changed = deals
        changed[5].valueUSD = 123e6
        let keys = pages.map { DealPages.contentKey($0, ratesDate: nil) }
        let changedKeys = DealPages.pages(changed).map { DealPages.contentKey($0, ratesDate: nil) }
        let differing = zip(pages, zip(keys, changedKeys)).filter { $1.0 != $1.1 }.map(\.0.label)
        #expect(differing == [DealPages.label(of: deals[5])])
    }

    @Test(
        "a quarter's deals next to one another are a stretch of the deals given; a quarter's deals apart are gathered in their order"
    )
    func stretchesAndGathered() {
        let deals = Self.deals()
        for page in DealPages.pages(deals) {
            let first = deals.firstIndex { DealPages.label(of: $0) == page.label }
            #expect(page.deals.startIndex == first)
            #expect(page.deals.elementsEqual(deals[page.deals.indices], by: { $0.isIdentical(to: $1) }))
        }
        // Every other deal moved to the end: each quarter comes in two runs.
        let apart =
            deals.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            + deals.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        let pages = DealPages.pages(apart)
        #expect(pages.map(\.label) == DealPages.pages(deals).map(\.label))
        for page in pages {
            let expected = apart.filter { DealPages.label(of: $0) == page.label }
            #expect(page.deals.elementsEqual(expected, by: { $0.isIdentical(to: $1) }), "\(page.label)")
        }
    }

    @Test(
        "a page whose deals are the parent's keeps the parent's key; a page with a deal changed, added or gone is keyed anew"
    )
    func earlierKeys() throws {
        let deals = Self.deals()
        let pages = DealPages.pages(deals)
        let keys = Dictionary(uniqueKeysWithValues: pages.map { ($0.path, DealPages.contentKey($0, ratesDate: nil)) })
        // The kept keys stand for made-up values, so that a key taken from them shows.
        let earlier = DealPages.Earlier(keys: keys.mapValues { "kept " + $0 }, pages: pages)
        for page in pages { #expect(earlier.key(of: page) == "kept " + keys[page.path]!) }

        // The same deals read back from their lines are other values with the same bytes.
        let decoder = JSONDecoder()
        let readBack = try deals.map { deal -> Deal in
            try decoder.decode(Deal.self, from: Data([deal].jsonLines()))
        }
        #expect(!zip(readBack, deals).contains { $0.isIdentical(to: $1) })
        for page in DealPages.pages(readBack) { #expect(earlier.key(of: page) == "kept " + keys[page.path]!) }

        var changed = deals
        changed[5].valueUSD = 123e6
        let changedLabel = DealPages.label(of: deals[5])
        for page in DealPages.pages(changed) {
            #expect((earlier.key(of: page) == nil) == (page.label == changedLabel), "\(page.label)")
        }
        let lastLabel = DealPages.label(of: deals[deals.count - 1])
        for page in DealPages.pages(Array(deals.dropLast())) {
            #expect((earlier.key(of: page) == nil) == (page.label == lastLabel), "\(page.label)")
        }
        // No kept key for a page the parent did not have.
        let other = DealPages.Earlier(keys: [:], pages: pages)
        #expect(pages.allSatisfy { other.key(of: $0) == nil })
    }

    @Test("deals written as they are encoded, in pieces of whole lines, are the bytes of jsonLines on one core or two")
    func streamedLines() {
        let deals = Self.deals()
        for (jobs, chunk) in [(1, 4096), (1, 7), (2, 7), (2, 1), (3, 50)] {
            var pieces: [[UInt8]] = []
            deals.writeJSONLines(jobs: jobs, chunk: chunk) { pieces.append($0) }
            #expect(pieces.count == (deals.count + chunk - 1) / chunk, "jobs \(jobs), chunk \(chunk)")
            #expect(pieces.allSatisfy { $0.last == 0x0A })
            #expect(Array(pieces.joined()) == deals.jsonLines(), "jobs \(jobs), chunk \(chunk)")
        }
        var none: [[UInt8]] = []
        [Deal]().writeJSONLines(jobs: 2) { none.append($0) }
        #expect(none.isEmpty)
    }
}

import Testing

@testable import Landscape

@Suite("Publish: the pages of deals by quarter")
struct DealPagesTests {
    @Test("a page's key is the same made from its deals or from the lines of deals.jsonl, and changes with a deal")
    func keysFromLines() {
        var random = IncrementalMergeTests.SplitMix(state: 11)
        let reports = IncrementalMergeTests.reports(of: 0..<200, version: 0, random: &random)
        let deals = DealMerger.merge(reports, windowDays: 30, previous: [], jobs: 2).deals
        let pages = DealPages.pages(deals)
        #expect(pages.count > 3)
        #expect(pages.flatMap(\.positions).sorted() == Array(deals.indices))
        // Encoded in pieces of seven lines, as a million deals are in pieces of thousands.
        let pieces = deals.jsonLinePieces(jobs: 2, chunk: 7)
        #expect(pieces.count == (deals.count + 6) / 7)
        #expect(Array(pieces.joined()) == deals.jsonLines())
        let lines = DealPages.Lines(pieces: pieces)
        #expect(lines.count == deals.count)
        for page in pages {
            #expect(page.positions.map { deals[$0] } == page.deals)
            let key = DealPages.contentKey(page, ratesDate: "2026-06-30")
            #expect(key == DealPages.contentKey(page, ratesDate: "2026-06-30", lines: lines))
            #expect(key != DealPages.contentKey(page, ratesDate: nil))
        }
        // One deal's value changed: only its page's key changes.
        var changed = deals
        changed[5].valueUSD = 123e6
        let changedLines = DealPages.Lines(pieces: changed.jsonLinePieces(jobs: 2, chunk: 7))
        let differing = DealPages.pages(changed).filter { page in
            DealPages.contentKey(page, ratesDate: nil, lines: changedLines)
                != DealPages.contentKey(page, ratesDate: nil, lines: lines)
        }
        #expect(differing.map(\.label) == [DealPages.label(of: deals[5])])
    }
}

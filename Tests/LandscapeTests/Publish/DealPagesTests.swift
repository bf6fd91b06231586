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
        let lines = deals.jsonLines()
        let ranges = JSONLinesReader.lineRanges(lines)
        for page in pages {
            #expect(page.positions.map { deals[$0] } == page.deals)
            let key = DealPages.contentKey(page, ratesDate: "2026-06-30")
            #expect(key == DealPages.contentKey(page, ratesDate: "2026-06-30", lines: lines, ranges: ranges))
            #expect(key != DealPages.contentKey(page, ratesDate: nil))
        }
        // One deal's value changed: only its page's key changes.
        var changed = deals
        changed[5].valueUSD = 123e6
        let changedLines = changed.jsonLines()
        let changedRanges = JSONLinesReader.lineRanges(changedLines)
        let differing = DealPages.pages(changed).filter { page in
            DealPages.contentKey(page, ratesDate: nil, lines: changedLines, ranges: changedRanges)
                != DealPages.contentKey(page, ratesDate: nil, lines: lines, ranges: ranges)
        }
        #expect(differing.map(\.label) == [DealPages.label(of: deals[5])])
    }
}

import Testing

@testable import Landscape

@Suite("A landscape's copies held without a group for every article")
struct CopyGroupsTests {
    @Test("a range's groups and their digest are the ones story groups of every article give, at any month's bounds")
    func asStoryGroups() {
        var random = IncrementalMergeTests.SplitMix(state: 21)
        let count = 3_000
        let ids = (0..<count).map { "article-\($0)" }
        // About one article in twelve repeats an earlier one.
        let copies = (0..<count).compactMap { row -> (row: Int, articleID: String, originalID: String)? in
            row > 0 && random.next(12) == 0 ? (row, ids[row], ids[random.next(row)]) : nil
        }
        let groups = CopyGroups(count: count, copies: copies)
        let stories = StoryGroups(
            listed: copies.map { ($0.row, StoryGroup(duplicateOf: $0.originalID, clusterID: $0.originalID)) },
            ids: ArticleIDs(ids))
        #expect(groups.duplicateCount == copies.count && groups.duplicateCount == stories.duplicateCount)
        #expect(groups.listed.map(\.articleID) == copies.map(\.articleID))
        var bounds = [0, count]
        for _ in 0..<40 { bounds.append(random.next(count + 1)) }
        bounds.sort()
        for (start, end) in zip(bounds, bounds.dropFirst()) {
            #expect(groups.sparse(start..<end) == stories.sparse(start..<end), "rows \(start)..<\(end)")
            #expect(groups.digest(start..<end) == stories.digest(start..<end), "rows \(start)..<\(end)")
        }
        #expect(groups.sparse(0..<count) == stories.sparse)
        // A copy changed is another digest.
        var other = copies
        other[5].originalID = "another-original"
        #expect(CopyGroups(count: count, copies: other).digest(0..<count) != groups.digest(0..<count))
    }
}

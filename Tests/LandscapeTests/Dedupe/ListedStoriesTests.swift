import Testing

@testable import Landscape

@Suite("Story groups listed for the copies only")
struct ListedStoriesTests {
    @Test("the copies' groups come back by row for any stretch of rows, every other row nil; equal lists are equal")
    func stretchesOfRows() {
        let copy = { (original: String) in StoryGroup(duplicateOf: original, clusterID: original) }
        var dense = [StoryGroup?](repeating: nil, count: 50)
        for row in [0, 7, 8, 31, 49] { dense[row] = copy("a\(row % 3)") }
        let listed = ListedStories(dense)
        #expect(listed.count == 50 && listed.listedCount == 5)
        #expect(listed.listed.map(\.row) == [0, 7, 8, 31, 49])
        // Month-sized stretches, one after another, give back the whole.
        var joined: [StoryGroup?] = []
        for start in stride(from: 0, to: 50, by: 12) { joined += listed.sparse(start..<min(start + 12, 50)) }
        #expect(joined == dense)
        #expect(listed.sparse(9..<31) == Array(repeating: nil, count: 22))
        #expect(listed.sparse(31..<32) == [copy("a1")])
        #expect(listed.sparse(50..<50).isEmpty)

        var appended = ListedStories(count: 50)
        for (row, group) in listed.listed { appended.append(group, at: row) }
        #expect(appended == listed)
        #expect(ListedStories(count: 50) != listed)
        #expect(ListedStories(count: 50).sparse(0..<50) == Array(repeating: nil, count: 50))
    }
}

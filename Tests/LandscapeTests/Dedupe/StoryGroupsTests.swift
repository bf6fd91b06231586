import Testing

@testable import Landscape

@Suite("A month's story groups, held as one number an article")
struct StoryGroupsTests {
    static let ids = ArticleIDs(["a01", "a02", "a03", "a04", "a05"])
    /// Alone, a duplicate of the first, a member of the first's cluster, alone, and an article
    /// whose cluster is its own id but which repeats another: the last is not alone.
    static let groups = [
        StoryGroup(alone: "a01"), StoryGroup(duplicateOf: "a01", clusterID: "a01"),
        StoryGroup(duplicateOf: nil, clusterID: "a01"), StoryGroup(alone: "a04"),
        StoryGroup(duplicateOf: "a02", clusterID: "a05"),
    ]

    @Test("each article gets back the group it was given")
    func roundTrip() {
        let held = StoryGroups(Self.groups, ids: Self.ids)
        #expect(Array(held) == Self.groups)
        #expect(held.count == 5)
        #expect(held.duplicateCount == 2)
        #expect(Array(held[2...]) == Array(Self.groups[2...]))
        #expect(StoryGroups().isEmpty)
    }

    @Test("groups are equal exactly when every article's is")
    func equality() {
        let held = StoryGroups(Self.groups, ids: Self.ids)
        #expect(held == StoryGroups(Self.groups, ids: Self.ids))
        var moved = Self.groups
        moved[3] = StoryGroup(duplicateOf: "a01", clusterID: "a01")
        #expect(held != StoryGroups(moved, ids: Self.ids))
        // Under other ids every group is written out, and still each article's is the same.
        #expect(StoryGroups(Self.groups, ids: ArticleIDs(["b01", "b02", "b03", "b04", "b05"])) == held)
        #expect(StoryGroups(moved, ids: ArticleIDs(["b01", "b02", "b03", "b04", "b05"])) != held)
    }

    @Test("groups given with nil for an article alone in its story are held and compared the same")
    func sparseGroups() {
        let held = StoryGroups(Self.groups, ids: Self.ids)
        let sparse = held.sparse
        #expect(sparse == [nil, Self.groups[1], Self.groups[2], nil, Self.groups[4]])
        #expect(StoryGroups(sparse: sparse, ids: Self.ids) == held)
        #expect(held.holds(sparse) && held.holds(Self.groups.map { Optional($0) }))
        var moved = sparse
        moved[3] = StoryGroup(duplicateOf: "a01", clusterID: "a01")
        #expect(!held.holds(moved) && !held.holds(sparse.dropLast()))
        moved = sparse
        moved[1] = nil
        #expect(!held.holds(moved))
    }

    @Test(
        "a landscape's groups come back by row for any stretch of rows, every other row nil; the rows listed are the copies, in order"
    )
    func stretchesOfRows() {
        let ids = ArticleIDs((0..<50).map { "a\($0)" })
        let copy = { (original: String) in StoryGroup(duplicateOf: original, clusterID: original) }
        var dense = [StoryGroup?](repeating: nil, count: 50)
        for row in [0, 7, 8, 31, 49] { dense[row] = copy("a\(row % 3)") }
        // An original given as its own group is not listed.
        dense[1] = StoryGroup(alone: "a1")
        let groups = StoryGroups(sparse: dense, ids: ids)
        #expect(groups.count == 50)
        #expect(groups.listedRows.map(\.row) == [0, 7, 8, 31, 49])
        dense[1] = nil
        // Month-sized stretches, one after another, give back the whole.
        var joined: [StoryGroup?] = []
        for start in stride(from: 0, to: 50, by: 12) { joined += groups.sparse(start..<min(start + 12, 50)) }
        #expect(joined == dense)
        #expect(groups.sparse(9..<31) == Array(repeating: nil, count: 22))
        #expect(groups.sparse(31..<32) == [copy("a1")])
        #expect(groups.sparse(50..<50).isEmpty)
        let listedAgain = StoryGroups(
            sparse: ids.indices.lazy.map { row in groups.listedRows.first { $0.row == row }?.group }, ids: ids)
        #expect(listedAgain == groups)
        #expect(StoryGroups(sparse: Array(repeating: nil, count: 50), ids: ids) != groups)
    }

    @Test("a digest of groups is that of the same sparse groups, and tells a change")
    func digest() {
        let held = StoryGroups(Self.groups, ids: Self.ids)
        let digest = held.digest
        #expect(digest == StoryGroups.Digest(held.sparse))
        #expect(held.holds(held.sparse))
        var moved = held.sparse
        moved[3] = StoryGroup(duplicateOf: "a01", clusterID: "a01")
        #expect(StoryGroups.Digest(moved) != digest && !held.holds(moved))
        var alone = held.sparse
        alone[1] = nil
        #expect(StoryGroups.Digest(alone) != digest && !held.holds(alone))
        #expect(StoryGroups.Digest(held.sparse.dropLast()) != digest)
        // A group given for an article alone in its story is not nil to it: a month read again.
        var spelled = held.sparse
        spelled[0] = StoryGroup(alone: "a01")
        #expect(held.holds(spelled) && StoryGroups.Digest(spelled) != digest)
        // The ids' bounds are part of what is hashed.
        #expect(
            StoryGroups.Digest([StoryGroup(duplicateOf: "ab", clusterID: "c")])
                != StoryGroups.Digest([StoryGroup(duplicateOf: "a", clusterID: "bc")]))
    }

    @Test("the changes from other groups of the same articles are the rows whose group differs, with their group")
    func changes() throws {
        let held = StoryGroups(Self.groups, ids: Self.ids)
        #expect(held.changes(from: held).isEmpty)
        var sparse = held.sparse
        let regrouped = StoryGroup(duplicateOf: "a01", clusterID: "a01")
        let row = try #require(sparse.indices.first { sparse[$0] == nil && $0 > 0 })
        sparse[row] = regrouped
        let listedRow = try #require(sparse.indices.first { sparse[$0] != nil && $0 != row })
        sparse[listedRow] = nil
        let changed = StoryGroups(sparse: sparse, ids: Self.ids)
        #expect(changed.changes(from: held) == [row: regrouped, listedRow: StoryGroup(alone: Self.ids[listedRow])])
        #expect(Set(held.changes(from: changed).keys) == [row, listedRow])
        for (row, group) in changed.changes(from: held) { #expect(changed[row] == group) }
    }
}

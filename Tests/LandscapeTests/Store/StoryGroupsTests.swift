import Testing

@testable import Landscape

@Suite("A month's story groups, held as one number an article")
struct StoryGroupsTests {
    static let ids = ["a01", "a02", "a03", "a04", "a05"]
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
        #expect(StoryGroups(Self.groups, ids: ["b01", "b02", "b03", "b04", "b05"]) == held)
        #expect(StoryGroups(moved, ids: ["b01", "b02", "b03", "b04", "b05"]) != held)
    }
}

/// The story groups of a landscape's articles that repeat another, by row, ascending, with
/// their ids: every other article is alone in its story (no original, its own id as its
/// cluster's). What grouping a landscape gives, held without a place or an id for every
/// article: a million articles' were 14 MB as ``StoryGroups``, against a twentieth of the
/// articles' groups and ids here.
struct CopyGroups: Sendable, Equatable {
    /// How many articles the landscape holds.
    let count: Int
    /// The copies' rows, ascending.
    private(set) var rows: [Int32] = []
    /// Each copy's own id.
    private(set) var articleIDs: [String] = []
    /// Each copy's group: its original's id as both its original and its cluster.
    private(set) var groups: [StoryGroup] = []

    /// The copies of `copies` (ascending by row), each with its own id and its original's.
    init(count: Int, copies: some Sequence<(row: Int, articleID: String, originalID: String)>) {
        self.count = count
        for copy in copies {
            precondition(copy.row < count && Int(rows.last ?? -1) < copy.row, "copies ascending, within the landscape")
            rows.append(Int32(copy.row))
            articleIDs.append(copy.articleID)
            groups.append(StoryGroup(duplicateOf: copy.originalID, clusterID: copy.originalID))
        }
    }

    /// How many articles repeat another.
    var duplicateCount: Int { rows.count }

    /// The copies, each with its row, id and group.
    var listed: some Sequence<(row: Int, articleID: String, group: StoryGroup)> {
        rows.indices.lazy.map { (Int(rows[$0]), articleIDs[$0], groups[$0]) }
    }

    /// The groups of the articles at `rows`, nil for one alone in its story, as
    /// ``StoryGroups/sparse(_:)`` gives a landscape's: a month's at a time.
    func sparse(_ rows: Range<Int>) -> [StoryGroup?] { Array(groups(rows)) }

    /// The digest of the groups of the articles at `rows`, as ``StoryGroups/digest(_:)`` makes
    /// it of the same groups, without an array of them.
    func digest(_ rows: Range<Int>) -> StoryGroups.Digest { StoryGroups.Digest(groups(rows)) }

    /// The groups of the articles at `range`, one after another, nil for one alone in its story.
    private func groups(_ range: Range<Int>) -> some Sequence<StoryGroup?> {
        precondition(range.upperBound <= count)
        let first = rows.partitionPoint { Int($0) < range.lowerBound }
        return sequence(state: (row: range.lowerBound, listed: first)) { next -> StoryGroup?? in
            guard next.row < range.upperBound else { return nil }
            defer { next.row += 1 }
            guard next.listed < rows.count, Int(rows[next.listed]) == next.row else { return .some(nil) }
            next.listed += 1
            return .some(groups[next.listed - 1])
        }
    }
}

/// The story groups of a landscape's articles, in order, listed only for the articles that are
/// not their story's original (the copies): every other article is alone in its story or its
/// original, and its group is made from its own id. A million articles' groups as optionals
/// were 32 MB, held through dedupe's peak; the copies are a twentieth of the articles.
struct ListedStories: Sendable, Equatable {
    /// How many articles there are.
    let count: Int
    /// The listed articles' rows, ascending, and their groups.
    private var rows: [Int32] = []
    private var groups: [StoryGroup] = []

    /// None listed among `count` articles.
    init(count: Int) {
        self.count = count
    }

    /// The groups of `groups`, one an article, nil for an article not listed.
    init(_ groups: [StoryGroup?]) {
        count = groups.count
        for (row, group) in groups.enumerated() {
            if let group { append(group, at: row) }
        }
    }

    /// Lists `group` as the group of the article at `row`, which comes after every row listed.
    mutating func append(_ group: StoryGroup, at row: Int) {
        precondition(row < count && (rows.last.map { Int($0) < row } ?? true), "rows listed in order, once")
        rows.append(Int32(row))
        groups.append(group)
    }

    /// How many articles are listed.
    var listedCount: Int { rows.count }

    /// The listed articles' rows and groups, in order.
    var listed: some Sequence<(row: Int, group: StoryGroup)> {
        zip(rows, groups).lazy.map { (Int($0), $1) }
    }

    /// The group of each article of `range`, in order, nil for one not listed: the rows of one
    /// month, made when that month is grouped.
    func sparse(_ range: Range<Int>) -> [StoryGroup?] {
        var result = [StoryGroup?](repeating: nil, count: range.count)
        var place = firstPlace(atOrAfter: range.lowerBound)
        while place < rows.count, Int(rows[place]) < range.upperBound {
            result[Int(rows[place]) - range.lowerBound] = groups[place]
            place += 1
        }
        return result
    }

    /// The place in ``rows`` of the first row at or after `row`.
    private func firstPlace(atOrAfter row: Int) -> Int {
        var (low, high) = (0, rows.count)
        while low < high {
            let middle = (low + high) / 2
            if Int(rows[middle]) < row { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

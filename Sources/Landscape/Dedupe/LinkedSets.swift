/// Union-find over the few records links touch, every other record alone in its set: what a
/// night's grouping goes on from. Its groups are the state's links and tonight's, some fifty
/// thousand records of a million articles' landscape, held without a number for every record
/// (``DisjointSets``: 4 MB at a million).
struct LinkedSets {
    /// The parent of each record linked; a record not here is its own root.
    private var parent: [Int32: Int32] = [:]

    init() {}

    /// The sets the links `pairs` make.
    init(linking pairs: some Sequence<(Int32, Int32)>) {
        for (a, b) in pairs { union(Int(a), Int(b)) }
    }

    mutating func find(_ element: Int) -> Int {
        var current = Int32(element)
        while let up = parent[current], up != current {
            let grand = parent[up] ?? up
            parent[current] = grand
            current = grand
        }
        return Int(current)
    }

    /// The root of `element`'s set, found without shortening the path.
    func root(of element: Int) -> Int {
        var current = Int32(element)
        while let up = parent[current], up != current { current = up }
        return Int(current)
    }

    /// Joins the sets of `a` and `b`, the smaller root the root; returns whether they were apart.
    @discardableResult
    mutating func union(_ a: Int, _ b: Int) -> Bool {
        let (rootA, rootB) = (find(a), find(b))
        guard rootA != rootB else { return false }
        parent[Int32(max(rootA, rootB))] = Int32(min(rootA, rootB))
        return true
    }

    /// The roots of the sets of more than one element.
    var rootsOfOthers: Set<Int32> {
        Set(parent.keys.lazy.map { Int32(root(of: Int($0))) })
    }
}

/// Union-find with path halving, for grouping records by any of several keys. Elements are
/// held as 32-bit numbers: a million articles' sets take 4 MB.
struct DisjointSets {
    private var parent: [Int32]

    init(count: Int) {
        precondition(count <= Int(Int32.max), "too many elements for 32-bit sets")
        parent = (0..<Int32(count)).map { $0 }
    }

    mutating func find(_ element: Int) -> Int {
        var current = element
        while Int(parent[current]) != current {
            parent[current] = parent[Int(parent[current])]
            current = Int(parent[current])
        }
        return current
    }

    /// The root of `element`'s set, found without shortening the path: a reader of sets it
    /// shares (a grouping's, once linked) does not copy their 4 MB to write to them.
    func root(of element: Int) -> Int {
        var current = element
        while Int(parent[current]) != current { current = Int(parent[current]) }
        return current
    }

    /// Joins the sets of `a` and `b`; returns whether they were apart.
    @discardableResult
    mutating func union(_ a: Int, _ b: Int) -> Bool {
        let rootA = find(a)
        let rootB = find(b)
        guard rootA != rootB else { return false }
        parent[max(rootA, rootB)] = Int32(min(rootA, rootB))
        return true
    }
}

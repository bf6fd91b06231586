/// Finds an id among a list of ids (``ArticleIDs``) by the hash of its bytes, halving a list of
/// the ids' hashes, and links the places of each id in order: what a dictionary from id strings
/// to places gives, at some 16 bytes a place rather than a string and a table entry for each
/// (a month of a million articles' landscape holds 28,000).
struct IDLookup: Sendable {
    /// The first place of each id, in the order of the ids' hashes, and those hashes
    /// (``ArticleIDs/fnv1a(_:)``).
    private let firsts: [Int32]
    private let hashes: [UInt64]
    /// Per place, the next place of the same id, -1 for none.
    private let nextPlaces: [Int32]

    init(_ ids: ArticleIDs) {
        precondition(ids.count < Int32.max)
        let hashOf = ids.indices.map { ids.fnv1a(at: $0) }
        let order = Array(0..<Int32(ids.count)).sorted { (a: Int32, b: Int32) -> Bool in
            let (left, right) = (hashOf[Int(a)], hashOf[Int(b)])
            return left != right ? left < right : a < b
        }
        var (firsts, nextPlaces) = ([Int32](), [Int32](repeating: -1, count: ids.count))
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, hashOf[Int(order[end])] == hashOf[Int(order[start])] { end += 1 }
            // The places of one hash, in order: each joins the id it spells.
            var spelled: [(first: Int32, last: Int32)] = []
            for place in order[start..<end] {
                if let known = spelled.firstIndex(where: { ids.isID(at: Int(place), equalTo: Int($0.first), in: ids) })
                {
                    nextPlaces[Int(spelled[known].last)] = place
                    spelled[known].last = place
                } else {
                    spelled.append((place, place))
                }
            }
            firsts += spelled.map(\.first)
            start = end
        }
        self.firsts = firsts
        hashes = firsts.map { hashOf[Int($0)] }
        self.nextPlaces = nextPlaces
    }

    /// The places of `id` in `ids` (the list the lookup was made of), in order; none when it is
    /// not there.
    func places(of id: String, in ids: ArticleIDs) -> some Sequence<Int> {
        let hash = ArticleIDs.fnv1a(id.utf8)
        var low = hashes.partitionPoint { $0 < hash }
        var first: Int32 = -1
        while low < hashes.count, hashes[low] == hash {
            if ids.isID(at: Int(firsts[low]), equalTo: id) {
                first = firsts[low]
                break
            }
            low += 1
        }
        let nextPlaces = nextPlaces
        return sequence(first: first) { nextPlaces[Int($0)] }.prefix { $0 >= 0 }.lazy.map(Int.init)
    }
}

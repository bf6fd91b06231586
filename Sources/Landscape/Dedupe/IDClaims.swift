/// The claims a merge of every report in parts makes on the previous deals' ids, gathered a
/// part at a time and settled as one merge settles them (``DealMerger/assignIDs(_:previous:keeping:jobs:)``):
/// a claim on a deal of the same parties first, then the one sharing more articles, then the one
/// on the lower id, then the claiming deals in the order one merge holds them (by party set,
/// then as they were clustered). Each deal takes one id at most, and each id goes to one deal.
///
/// A deal's claims need its sources, which only the merge of its part makes, and can take an id
/// another part's deal claims too: the parts are clustered once for their claims, which are
/// settled, and once more to be given their ids (``DealMerger/merge(_:windowDays:claimed:previous:jobs:)``).
struct IDClaims {
    private var claims: [Claim] = []
    /// How many deals each part added has.
    private var partCounts: [Int] = []
    /// The party sets of the deals that claim the id of a deal of other parties, which are
    /// the only claims two parts' deals can tie on (a party set's deals are all in one part).
    private var partyKeys: [String] = []

    private struct Claim {
        /// The previous deal's place.
        let previous: Int32
        /// How many source articles the two share.
        let articles: Int32
        let part: Int32
        /// The claiming deal's place in its part.
        let deal: Int32
        /// The claiming deal's party set in ``IDClaims/partyKeys``; -1 when the previous deal
        /// has the same parties.
        let partyKey: Int32

        var isOfSameParties: Bool { partyKey < 0 }
    }

    /// How many claims were made.
    var count: Int { claims.count }

    /// Adds the claims of the next part's deals, in the order the part's merge holds them
    /// (``DealMerger/clusters(_:windowDays:jobs:)``).
    mutating func add(_ deals: [Deal], previous: PreviousSources) {
        let part = Int32(partCounts.count)
        partCounts.append(deals.count)
        for (index, deal) in deals.enumerated() {
            let shared = previous.shared(with: deal)
            guard !shared.isEmpty else { continue }
            let key = deal.partyKey
            let hash = DealOutline.partySetHash(key)
            var keyPlace: Int32?
            for (old, articles) in shared {
                var partyKey: Int32 = -1
                if previous.partySets[Int(old)] != hash {
                    if keyPlace == nil {
                        keyPlace = Int32(partyKeys.count)
                        partyKeys.append(key)
                    }
                    partyKey = keyPlace ?? -1
                }
                claims.append(
                    Claim(previous: old, articles: articles, part: part, deal: Int32(index), partyKey: partyKey))
            }
        }
    }

    /// For each part added, for each of its deals, the place of the previous deal whose id it
    /// takes, or -1 for a deal that makes its own.
    func settled(previous: PreviousSources, jobs: Int) -> [[Int32]] {
        let (ids, partyKeys) = (previous.ids, partyKeys)
        let ordered = claims.sorted(jobs: jobs) { a, b in
            if a.isOfSameParties != b.isOfSameParties { return a.isOfSameParties }
            if a.articles != b.articles { return a.articles > b.articles }
            if a.previous != b.previous { return ids[Int(a.previous)] < ids[Int(b.previous)] }
            if a.part == b.part { return a.deal < b.deal }
            // Deals of two parts are of two party sets, which one merge holds in their order; two
            // claims on a deal of their own parties are of one party set, in one part (but for
            // a clash of the party sets' hashes).
            guard !a.isOfSameParties else { return a.part < b.part }
            let (keyA, keyB) = (partyKeys[Int(a.partyKey)], partyKeys[Int(b.partyKey)])
            return keyA != keyB ? keyA < keyB : a.part < b.part
        }
        var taken = [Bool](repeating: false, count: previous.count)
        var given = partCounts.map { [Int32](repeating: -1, count: $0) }
        for claim in ordered where given[Int(claim.part)][Int(claim.deal)] < 0 && !taken[Int(claim.previous)] {
            given[Int(claim.part)][Int(claim.deal)] = claim.previous
            taken[Int(claim.previous)] = true
        }
        return given
    }
}

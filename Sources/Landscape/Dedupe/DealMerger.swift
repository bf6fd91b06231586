/// Merges the per-article deals that report one real deal into one record with every source.
///
/// Reports merge when their party sets are equal, their dates fall within the window of the
/// group's earliest report, and their types agree or one refines the other (a generic alliance
/// refined into a licence, a licence into a platform licence).
public enum DealMerger {
    public static func run(_ deals: [Deal], windowDays: Int) -> [Deal] {
        var byParties: [String: [Deal]] = [:]
        for deal in deals { byParties[deal.partyKey, default: []].append(deal) }
        var merged: [Deal] = []
        for key in byParties.keys.sorted() {
            guard let group = byParties[key] else { continue }
            let sorted = group.sorted {
                ($0.announced ?? "", $0.sources.first?.articleID ?? "") < (
                    $1.announced ?? "", $1.sources.first?.articleID ?? ""
                )
            }
            var clusters: [[Deal]] = []
            for deal in sorted {
                if let index = clusters.lastIndex(where: { belongs(deal, to: $0, windowDays: windowDays) }) {
                    clusters[index].append(deal)
                } else {
                    clusters.append([deal])
                }
            }
            merged.append(contentsOf: clusters.compactMap { cluster in cluster.first.map { combine($0, cluster) } })
        }
        return merged.sorted { ($0.announced ?? "", $0.dealID) > ($1.announced ?? "", $1.dealID) }
    }

    private static func belongs(_ deal: Deal, to cluster: [Deal], windowDays: Int) -> Bool {
        guard let first = cluster.first else { return false }
        if let a = first.announced.flatMap(dayNumber), let b = deal.announced.flatMap(dayNumber),
            abs(b - a) > windowDays
        {
            return false
        }
        return cluster.contains { areCompatible($0.dealType, deal.dealType) }
    }

    static func areCompatible(_ a: DealType, _ b: DealType) -> Bool {
        if a == b { return true }
        let generic: Set<DealType> = [.mouStrategicAlliance, .other]
        if generic.contains(a) || generic.contains(b) { return true }
        let refinements: Set<Set<DealType>> = [
            [.licensing, .technologyPlatform], [.licensing, .coDevelopment], [.licensing, .equityInvestment],
            [.coDevelopment, .researchCollaboration], [.licensing, .distributionCommercialization],
        ]
        return refinements.contains([a, b])
    }

    /// One record for a cluster of reports, starting from its earliest report `first`.
    private static func combine(_ first: Deal, _ cluster: [Deal]) -> Deal {
        var result = first
        var sources: [DealSource] = []
        var seenArticles = Set<String>()
        var typeVotes: [DealType: Double] = [:]
        var modalities = Set<String>()
        for deal in cluster {
            for source in deal.sources where seenArticles.insert(source.articleID).inserted { sources.append(source) }
            // Specific types outvote generic ones: a wire story's "partnership" is the licence another report names.
            let weight = deal.dealType == .mouStrategicAlliance || deal.dealType == .other ? 0.5 : 1.0
            typeVotes[deal.dealType, default: 0] += weight * deal.confidence
            modalities.formUnion(deal.modalities)
        }
        result.sources = sources
        result.dealType =
            typeVotes.max { $0.value != $1.value ? $0.value < $1.value : $0.key.rawValue > $1.key.rawValue }?.key
            ?? result.dealType
        result.modalities = ModalityLexicon.order.filter(modalities.contains)
        result.valueUSD = cluster.compactMap(\.valueUSD).max()
        result.upfrontUSD = cluster.compactMap(\.upfrontUSD).max()
        let statuses = Set(cluster.map(\.status))
        result.status =
            statuses.contains(.terminated)
            ? .terminated
            : statuses.contains(.completed)
                ? .completed : statuses.contains(.announced) ? .announced : .rumoured
        result.announced = cluster.compactMap(\.announced).min()
        result.confidence = min(0.99, (cluster.map(\.confidence).max() ?? 0.5) + Double(sources.count - 1) * 0.05)
        result.refreshGeography()
        result.dealID = "dl_" + String(SHA256.hex(result.partyKey + "|" + (result.announced ?? "")).prefix(16))
        return result
    }

    /// Days since the epoch of a `YYYY-MM-DD` string.
    static func dayNumber(_ day: String) -> Int? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return Int(Timestamp.daysFromCivil(year: parts[0], month: parts[1], day: parts[2]))
    }
}

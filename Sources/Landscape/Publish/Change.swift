/// How a deal differs from the parent snapshot (the `change` record of the output contract).
public struct Change: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case added, updated, removed }
    public let dealID: String
    public let change: Kind
    public let fields: [String]

    enum CodingKeys: String, CodingKey {
        case dealID = "deal_id"
        case change, fields
    }

    /// The changes that turn `old` deals into `new` ones, by deal id (each id once in a list):
    /// the added and updated in the order of `new`, then the removed in the order of `old`.
    public static func between(old: [Deal], new: [Deal]) -> [Change] {
        // The deal in `old` of each deal in `new`, by position. Published deals are listed
        // newest first, so most are paired by walking both lists in step; only those whose
        // place moved (a new day) or that are new are looked up by id, which spares hashing a
        // million ids.
        var previous = [Int](repeating: -1, count: new.count)
        var isPaired = [Bool](repeating: false, count: old.count)
        if old.isSorted(by: DealMerger.isListedBefore) && new.isSorted(by: DealMerger.isListedBefore) {
            var (i, j) = (0, 0)
            while i < old.count && j < new.count {
                if old[i].id == new[j].id {
                    (previous[j], isPaired[i]) = (i, true)
                    (i, j) = (i + 1, j + 1)
                } else if DealMerger.isListedBefore(old[i], new[j]) {
                    i += 1
                } else {
                    j += 1
                }
            }
        }
        let unpaired = old.indices.filter { !isPaired[$0] }
        let unpairedByID = Dictionary(
            unpaired.map { (old[$0].id, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [Change] = []
        for (j, deal) in new.enumerated() {
            if previous[j] < 0, let i = unpairedByID[deal.id] {
                (previous[j], isPaired[i]) = (i, true)
            }
            guard previous[j] >= 0 else {
                changes.append(Change(dealID: deal.dealID, change: .added, fields: []))
                continue
            }
            let fields = changedFields(old[previous[j]], deal)
            if !fields.isEmpty { changes.append(Change(dealID: deal.dealID, change: .updated, fields: fields)) }
        }
        for i in unpaired where !isPaired[i] {
            changes.append(Change(dealID: old[i].dealID, change: .removed, fields: []))
        }
        return changes
    }

    static func changedFields(_ a: Deal, _ b: Deal) -> [String] {
        // Most deals of a night are the parent's, the very same values: nothing to compare.
        if a.isIdentical(to: b) { return [] }
        var fields: [String] = []
        if a.parties != b.parties { fields.append("parties") }
        if a.dealType != b.dealType { fields.append("deal_type") }
        if a.modalities != b.modalities { fields.append("modalities") }
        if a.valueUSD != b.valueUSD { fields.append("value_usd") }
        if a.upfrontUSD != b.upfrontUSD { fields.append("upfront_usd") }
        if a.status != b.status { fields.append("status") }
        if a.announced != b.announced { fields.append("announced") }
        if a.countries != b.countries { fields.append("countries") }
        if a.isCrossBorder != b.isCrossBorder { fields.append("cross_border") }
        if a.isAPAC != b.isAPAC { fields.append("apac") }
        if !a.sources.elementsEqual(b.sources, by: { $0.articleID == $1.articleID }) { fields.append("sources") }
        return fields
    }
}

extension Change: JSONLineRecord {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("deal_id", dealID)
        writer.field("change", change.rawValue)
        writer.field("fields", fields)
        writer.endObject()
    }
}

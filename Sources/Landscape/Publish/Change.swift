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

    /// The changes that turn `old` deals into `new` ones, by deal id.
    public static func between(old: [Deal], new: [Deal]) -> [Change] {
        // By position, not by value: a dictionary of a million deals would copy every one.
        let oldByID = Dictionary(old.indices.map { (old[$0].dealID, $0) }, uniquingKeysWith: { first, _ in first })
        let newIDs = Set(new.map(\.dealID))
        var changes: [Change] = []
        for deal in new {
            guard let previous = oldByID[deal.dealID] else {
                changes.append(Change(dealID: deal.dealID, change: .added, fields: []))
                continue
            }
            let fields = changedFields(old[previous], deal)
            if !fields.isEmpty { changes.append(Change(dealID: deal.dealID, change: .updated, fields: fields)) }
        }
        for deal in old where !newIDs.contains(deal.dealID) {
            changes.append(Change(dealID: deal.dealID, change: .removed, fields: []))
        }
        return changes
    }

    private static func changedFields(_ a: Deal, _ b: Deal) -> [String] {
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
        if a.sources.map(\.articleID) != b.sources.map(\.articleID) { fields.append("sources") }
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

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
        // One walk pairs them, as it pairs a stream of tonight's deals with the parent's; the old
        // deals held here are read without a failure to throw.
        var walk = ChangeWalk(old: old)
        do {
            try walk.add(new)
            return try walk.finish(parentID: nil).changes
        } catch {
            preconditionFailure("held deals were read in runs of another length: \(error)")
        }
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

/// One roll-up figure in long format (the `aggregate` record of the output contract).
public struct AggregateRow: Sendable, Hashable, Codable {
    public let dimension: String
    public let key: String
    public let deals: Int
    public let valueUSD: Double
    public let share: Double

    enum CodingKeys: String, CodingKey {
        case dimension, key, deals
        case valueUSD = "value_usd"
        case share
    }
}

extension AggregateRow: JSONLineRecord {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("dimension", dimension)
        writer.field("key", key)
        writer.field("deals", deals)
        writer.field("value_usd", valueUSD)
        writer.field("share", (share * 10_000).rounded() / 10_000)
        writer.endObject()
    }
}

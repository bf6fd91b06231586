/// What changed in the deals between two snapshots: `landscape diff`.
public struct SnapshotDiff {
    /// The older snapshot; `nil` when the changes are all of `new` (a pipeline's first night).
    public let old: SnapshotCatalog.Entry?
    public let new: SnapshotCatalog.Entry
    public let changes: [Change]
    private let oldDeals: [DealID: Deal]
    private let newDeals: [DealID: Deal]

    /// - Throws: ``RunError`` when either snapshot's deals cannot be read.
    public init(old: SnapshotCatalog.Entry?, new: SnapshotCatalog.Entry, catalog: SnapshotCatalog) throws(RunError) {
        self.old = old
        self.new = new
        let before = try old.map { entry throws(RunError) in try catalog.deals(of: entry) } ?? []
        let after = try catalog.deals(of: new)
        changes = Change.between(old: before, new: after)
        oldDeals = Dictionary(before.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        newDeals = Dictionary(after.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The changes as `change` records, one JSON object per line.
    public func jsonLines() -> String {
        String(decoding: changes.jsonLines(), as: UTF8.self)
    }

    /// The changes for people: a summary line, then one block per deal.
    public func text() -> String {
        let count = { (kind: Change.Kind) in changes.count { $0.change == kind } }
        var lines = [
            "\(old?.id ?? "(nothing)") → \(new.id): \(count(.added)) added, \(count(.updated)) updated, \(count(.removed)) removed"
        ]
        for change in changes {
            switch change.change {
            case .added:
                if let deal = newDeals[DealID(change.dealID)] { lines.append("+ \(change.dealID)  \(summary(deal))") }
            case .removed:
                if let deal = oldDeals[DealID(change.dealID)] { lines.append("- \(change.dealID)  \(summary(deal))") }
            case .updated:
                guard let before = oldDeals[DealID(change.dealID)], let after = newDeals[DealID(change.dealID)] else {
                    continue
                }
                lines.append("~ \(change.dealID)  \(summary(after))")
                for field in change.fields {
                    lines.append("    \(field): \(value(field, before)) → \(value(field, after))")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func summary(_ deal: Deal) -> String {
        var parts = [ReportFormat.parties(deal), deal.dealType.rawValue, deal.announced ?? "undated"]
        if let value = deal.valueUSD { parts.append(ReportFormat.usd(value)) }
        return parts.joined(separator: ", ")
    }

    private func value(_ field: String, _ deal: Deal) -> String {
        switch field {
        case "parties": ReportFormat.parties(deal)
        case "deal_type": deal.dealType.rawValue
        case "modalities": "[" + deal.modalities.joined(separator: ", ") + "]"
        case "value_usd": deal.valueUSD.map(ReportFormat.usd) ?? "none"
        case "upfront_usd": deal.upfrontUSD.map(ReportFormat.usd) ?? "none"
        case "status": deal.status.rawValue
        case "announced": deal.announced ?? "none"
        case "countries": "[" + deal.countries.joined(separator: ", ") + "]"
        case "cross_border": String(deal.isCrossBorder)
        case "apac": String(deal.isAPAC)
        case "sources": ReportFormat.count(deal.sources.count, "source", "sources")
        default: "?"
        }
    }
}

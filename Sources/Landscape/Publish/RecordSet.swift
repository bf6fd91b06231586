/// The record sets of a snapshot, and where each goes in the snapshot folder.
///
/// Articles and mentions grow with every night the landscape accumulates, so they are split by
/// month (`articles/2025-05.jsonl`): a night that adds a few articles rewrites a few months, and
/// every month that came out byte for byte as in the parent snapshot is a hard link to the
/// parent's file rather than a copy. The smaller record sets are one file each. With
/// `output.compress: gzip` every JSON-lines file gets `.gz`. `Schemas/record-sets.json` says
/// the same for readers outside Swift; a test keeps the two equal.
public enum RecordSet: String, CaseIterable, Sendable, Hashable {
    case articles, mentions, deals, aggregates, changes
    /// The edges of the partnership network (`network/edges.jsonl`).
    case edges = "network/edges"

    /// The schema every record is checked against: `Schemas/<schema>.schema.json`.
    public var schema: String {
        switch self {
        case .articles: "article"
        case .mentions: "mention"
        case .deals: "deal"
        case .aggregates: "aggregate"
        case .changes: "change"
        case .edges: "edge"
        }
    }

    /// Whether the set is split into one file per month.
    public var isPartitionedByMonth: Bool { self == .articles || self == .mentions }

    /// The file of the set, or of one month of it.
    func path(month: String? = nil, compression: OutputOptions.Compression) -> String {
        let base = month.map { "\(rawValue)/\($0)" } ?? rawValue
        return base + ".jsonl" + compression.suffix
    }

    /// The record set a snapshot file belongs to (`articles/2025-05.jsonl.gz` → articles), or
    /// nil for files that hold no records (the reports).
    public init?(path: String) {
        for suffix in [".jsonl", ".jsonl.gz"] where path.hasSuffix(suffix) {
            let stem = String(path.dropLast(suffix.count))
            if let set = RecordSet(rawValue: stem) {
                self = set
                return
            }
            // A month of a partitioned set: `articles/2025-05`.
            guard let slash = stem.firstIndex(of: "/"), let set = RecordSet(rawValue: String(stem[..<slash])),
                set.isPartitionedByMonth
            else { return nil }
            self = set
            return
        }
        return nil
    }

    /// The month partition of an article: the month it was published, else first seen (UTC).
    static func month(of article: Article) -> String {
        month(of: article.published ?? article.firstSeen)
    }

    /// The month partition of an article dated `date` (``month(of:)``).
    static func month(of date: Timestamp) -> String {
        String(date.iso8601.prefix(7))
    }
}

/// Settings of how snapshots are written (`output:`).
public struct OutputOptions: Sendable, Hashable, Codable {
    public enum Compression: String, Sendable, Hashable, CaseIterable, Codable {
        case none, gzip

        var suffix: String { self == .gzip ? ".gz" : "" }
    }

    public var compress: Compression = .none
    /// Whether a night that found no new article and changed no deal still publishes a
    /// snapshot (recording the night's sources and `last_seen`); `false` keeps `latest` where
    /// it was and only logs that nothing is new.
    public var publishUnchanged = true

    public init() {}
}

/// Where each record set goes in a snapshot folder.
///
/// Articles and mentions grow with every night the landscape accumulates, so they are split by
/// month (`articles/2025-05.jsonl`): a night that adds a few articles rewrites a few months, and
/// every month that came out byte for byte as in the parent snapshot is a hard link to the
/// parent's file rather than a copy. The smaller record sets are one file each. With
/// `output.compress: gzip` every JSON-lines file gets `.gz`.
public enum SnapshotLayout {
    /// The month partition of an article: the month it was published, else first seen (UTC).
    static func month(of article: Article) -> String {
        String((article.published ?? article.firstSeen).iso8601.prefix(7))
    }

    /// The file of a record set, or of one month of it.
    static func path(of set: String, month: String? = nil, compression: OutputOptions.Compression) -> String {
        let base = month.map { "\(set)/\($0)" } ?? set
        return base + ".jsonl" + compression.suffix
    }

    /// The record set a snapshot file belongs to (`articles/2025-05.jsonl.gz` → `articles`), or
    /// nil for files that hold no records (the reports).
    public static func recordSet(ofPath path: String) -> String? {
        if let slash = path.firstIndex(of: "/") { return String(path[..<slash]) }
        for suffix in [".jsonl", ".jsonl.gz"] where path.hasSuffix(suffix) {
            return String(path.dropLast(suffix.count))
        }
        return nil
    }
}

/// Settings of how snapshots are written (`output:`).
public struct OutputOptions: Sendable, Hashable {
    public enum Compression: String, Sendable, Hashable, CaseIterable {
        case none, gzip

        var suffix: String { self == .gzip ? ".gz" : "" }
    }

    public var compress: Compression = .none

    public init() {}
}

/// The pipeline's `backfill:` section: how WARC sources are read, and how a backfill is split
/// into shards.
public struct BackfillOptions: Sendable, Hashable, Codable {
    /// Pages from an archive reach extraction only when the relevance filter passes them.
    public var prefilter = true
    /// WARC records with longer blocks are skipped unread (and counted).
    public var maxRecordBytes = 20 << 20
    /// The number of shards `--shard auto` splits into when the scheduler gives an index but no
    /// count (a Kubernetes Indexed Job's `JOB_COMPLETION_INDEX`).
    public var shards: Int?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case prefilter
        case maxRecordBytes = "max_record_bytes"
        case shards
    }
}

/// What stands for each record's id in a ``GroupingState``'s digests, so that another record in
/// a record's place is told apart: for articles, a 64-bit hash of the id's bytes, made when it
/// is asked for rather than held (8 MB at a million articles).
struct RecordIdentities: Sendable {
    let count: Int
    private let identity: @Sendable (Int) -> UInt64

    /// Identities given one by one.
    init(_ identities: [UInt64]) {
        count = identities.count
        identity = { identities[$0] }
    }

    /// The hashes of the ids' bytes.
    init(hashing ids: ArticleIDs) {
        count = ids.count
        identity = { mix64(ids.fnv1a(at: $0)) }
    }

    subscript(record: Int) -> UInt64 { identity(record) }
}

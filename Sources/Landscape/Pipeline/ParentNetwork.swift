extension PartnershipNetwork.ParentEdgesFile {
    /// The edges file of `parent`, when a night may patch it (``PartnershipNetwork/network(patching:)``):
    /// one plain file, that this code published (the publish memo holds its digest under the
    /// parent's aggregate output), from deals flagged under `policy`, whose blocs its edges'
    /// ends and bloc lines are of. Nil otherwise: the night makes every edge.
    static func trusted(in parent: PublishedSnapshot?, memo: PublishMemo, policy: PolicyLens) -> Self? {
        guard let parent, DealRecords.areFlagged(parent, under: policy),
            let aggregateKey = parent.cacheKey(of: .aggregate)
        else { return nil }
        let files = parent.files(of: .edges)
        guard files.count == 1, let file = files.first, file.path == RecordSet.edges.path(compression: .none) else {
            return nil
        }
        let key = SnapshotContents.contentKey(of: file.path, aggregate: aggregateKey)
        guard memo.load()[key]?.sha256 == file.sha256 else { return nil }
        return Self(path: FilePaths.join(parent.path, file.path), sha256: file.sha256, tally: parent.tally)
    }
}

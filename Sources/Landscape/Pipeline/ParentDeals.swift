extension DealRecords {
    /// The parent snapshot's deals, read only on a night that changes deals: a quiet night
    /// links the parent's file unread.
    ///
    /// - Parameters:
    ///   - parent: the snapshot the night builds on, if any.
    ///   - policy: the digest of tonight's policy when the parent's deals were flagged under it
    ///     by this code; then each deal's sources are left in the parent's file until something
    ///     asks for them (``DealSourcesFile``).
    /// - Returns: the deals, none without a parent.
    static func parent(_ parent: PublishedSnapshot?, flaggedUnder policy: String?) -> DealRecords {
        DealRecords(
            count: parent?.files(of: .deals).reduce(0) { $0 + $1.rows } ?? 0,
            readLeavingSources: { leaves in
                guard let parent else { return Read(deals: [], lines: nil) }
                if leaves, let policy, let read = try leavingSources(parent, flaggedUnder: policy) {
                    return read
                }
                let (deals, lines) = try parent.recordsWithLines(Deal.self, .deals)
                return Read(deals: deals, lines: lines)
            },
            // Blocks of a megabyte: the outlines are read beside dedupe's grouping, and a block
            // of the reader's default 4 MB holds 8 MB of buffers for a few bytes kept a deal.
            outlines: { body in
                try parent?.forEachRecordBlockPlaced(DealOutline.self, .deals, blockBytes: 1 << 20, body)
            },
            sources: { body in
                guard let parent else { return }
                for file in parent.files(of: .deals) {
                    try parent.forEachRecordBlock(
                        DealSourceOutline.self, file: file.path, sha256: file.sha256, blockBytes: 1 << 20, body)
                }
            },
            flaggedUnder: policy)
    }

    /// Whether `parent`'s deals were flagged under `policy` by this code: its aggregate output
    /// is the one tonight's code would make of its deals with that policy.
    static func areFlagged(_ parent: PublishedSnapshot, under policy: PolicyLens) -> Bool {
        guard let dedupe = parent.cacheKey(of: .dedupe), let aggregate = parent.cacheKey(of: .aggregate) else {
            return false
        }
        return AggregateStep.key(dedupe: dedupe, policy: policy) == aggregate
    }

    /// The deals of a parent whose deals are one plain file, each with its sources left on its
    /// line; nil for a file that cannot give the lines.
    private static func leavingSources(_ parent: PublishedSnapshot, flaggedUnder policy: String) throws -> Read? {
        let files = parent.files(of: .deals)
        guard files.count == 1, let only = files.first, !only.path.hasSuffix(".gz") else { return nil }
        var (records, lines) = try parent.recordsWithLines(DealLeavingSources.self, .deals)
        guard let lines, lines.places.count == records.count, let file = DealSourcesFile(lines, flaggedUnder: policy)
        else { return nil }
        // In place: each deal's storage is the only reference to it, and takes its line unchanged.
        for index in records.indices where records[index].leftSources {
            guard let onDisk = DealSourcesOnDisk(file: file, line: index) else { return nil }
            records[index].deal.leaveSources(on: onDisk)
        }
        return Read(deals: records.map(\.deal), lines: lines, sourcesFile: file)
    }
}

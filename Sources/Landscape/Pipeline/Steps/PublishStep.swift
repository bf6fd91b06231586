/// Publish: the snapshot's files encoded, ready for ``SnapshotWriter`` to write aside and
/// rename into place. The manifest is itself a snapshot file, so publish's record times
/// everything up to writing it: diffing against the parent and encoding the records.
struct PublishStep: StageStep {
    static let stage = Stage.publish
    static let unit = "deals"
    let compression: OutputOptions.Compression
    let jobs: Int

    func count(_ contents: SnapshotContents) -> Int { contents.deals.count }

    func key(_ contents: SnapshotContents) -> String? { "" }

    func run(_ contents: SnapshotContents, key: String?, isCached: Bool) throws -> StepOutput<[SnapshotFile]> {
        let (files, changes) = try contents.files(compression: compression, jobs: jobs)
        return StepOutput(value: files, outputs: files.count + 1, counts: ["changes": changes])
    }

    /// Every run ends in a snapshot: publish always runs, so nothing of it is cached.
    func load(_ contents: SnapshotContents, key: String?) throws -> StepOutput<[SnapshotFile]> {
        try run(contents, key: key, isCached: false)
    }

    func published(_ contents: SnapshotContents, by snapshot: PublishedSnapshot) throws -> StepOutput<[SnapshotFile]> {
        try run(contents, key: nil, isCached: false)
    }
}

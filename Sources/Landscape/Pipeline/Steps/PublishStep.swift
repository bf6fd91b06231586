/// Publish: the snapshot's files encoded and written aside, durable but not yet visible; the
/// run then writes the manifest and renames the snapshot into place (``SnapshotWriter``). The
/// manifest is itself a snapshot file, so publish's record times everything up to writing it:
/// diffing against the parent, encoding and writing the records.
struct PublishStep: StageStep {
    static let stage = Stage.publish
    static let unit = "deals"
    let writer: SnapshotWriter
    let id: String
    let parent: PublishedSnapshot?
    let compression: OutputOptions.Compression
    let memo: PublishMemo
    let jobs: Int

    func count(_ contents: SnapshotContents) -> Int { contents.deals.count }

    func key(_ contents: SnapshotContents) -> String? { "" }

    func run(_ contents: SnapshotContents, key: String?, isCached: Bool) throws -> StepOutput<StagedSnapshot> {
        var contents = contents
        contents.published = memo.load()
        let (files, changes) = contents.files(compression: compression)
        let staged = try writer.stage(files, id: id, parent: parent, jobs: jobs)
        var published: [String: PublishMemo.Written] = [:]
        for (file, record) in zip(files, staged.files) {
            if let key = file.contentKey {
                published[key] = PublishMemo.Written(sha256: record.sha256, rows: record.rows)
            }
        }
        // The memo only spares work: one that cannot be written means encoding everything next time.
        try? memo.save(published)
        return StepOutput(
            value: staged, outputs: files.count + 1,
            counts: [
                "changes": changes, "files_shared": staged.linked, "rows_written": staged.rowsWritten,
                "rows_shared": staged.files.reduce(0) { $0 + $1.rows } - staged.rowsWritten,
            ])
    }

    /// Every run ends in a snapshot: publish always runs, so nothing of it is cached.
    func load(_ contents: SnapshotContents, key: String?) throws -> StepOutput<StagedSnapshot> {
        try run(contents, key: key, isCached: false)
    }

    func published(_ contents: SnapshotContents, by snapshot: PublishedSnapshot) throws -> StepOutput<StagedSnapshot> {
        try run(contents, key: nil, isCached: false)
    }
}

import FoundationEssentials

/// The published snapshots of an output directory: what `landscape snapshots` and
/// `landscape diff` read, and what `prune` removes.
public struct SnapshotCatalog {
    public let writer: SnapshotWriter

    public init(outputDirectory: String) {
        writer = SnapshotWriter(outputDirectory: FilePaths.absolute(outputDirectory))
    }

    /// One published snapshot, as its manifest describes it.
    public struct Entry: Sendable {
        public let id: String
        public let parent: String?
        public let created: String
        /// The name of the pipeline that published it.
        public let pipeline: String
        public let path: String
        public var manifestPath: String { FilePaths.join(path, "manifest.json") }
        public let isLatest: Bool
        /// Records of each record set (`articles`, `deals`...), over all its files.
        public let rows: [String: Int]
    }

    /// The snapshots, oldest first. Staging folders and `latest` are not snapshots.
    ///
    /// - Throws: ``RunError`` when a snapshot's manifest cannot be read.
    public func list() throws(RunError) -> [Entry] {
        let latest = writer.latestID()
        return try writer.snapshotIDs().map { id throws(RunError) in
            entry(try PublishedSnapshot(path: FilePaths.join(writer.snapshotsDirectory, id)), latest: latest)
        }
    }

    /// The snapshot `reference` names: an id, `latest`, `latest-<pipeline>`, or a snapshot
    /// folder's path.
    ///
    /// - Throws: ``RunError`` naming the reference when there is no such snapshot.
    public func entry(_ reference: String) throws(RunError) -> Entry {
        entry(try snapshot(reference), latest: writer.latestID())
    }

    /// The snapshot `reference` names, read through its manifest. With `pipeline`, `latest`
    /// means that pipeline's newest snapshot. Any reference may end in `~N`: its N-th
    /// ancestor through the manifests' `parent` (`latest~1` is the night before `latest`).
    ///
    /// - Throws: ``RunError`` naming the reference when there is no such snapshot.
    public func snapshot(_ reference: String, pipeline: String? = nil) throws(RunError) -> PublishedSnapshot {
        if let tilde = reference.lastIndex(of: "~"), let steps = Int(reference[reference.index(after: tilde)...]),
            steps >= 0
        {
            var snapshot = try self.snapshot(String(reference[..<tilde]), pipeline: pipeline)
            for step in 0..<steps {
                guard let parent = snapshot.manifest.parent else {
                    throw RunError(
                        "no snapshot \(reference): \(String(reference[..<tilde])) has only \(step) ancestors")
                }
                snapshot = try self.snapshot(parent)
            }
            return snapshot
        }
        if reference == "latest" {
            let latest = pipeline.map(writer.latestID(pipeline:)) ?? writer.latestID()
            guard let latest else {
                let whose = pipeline.map { " by pipeline \($0)" } ?? ""
                throw RunError("no snapshot has been published\(whose) in \(writer.outputDirectory)")
            }
            return try PublishedSnapshot(path: FilePaths.join(writer.snapshotsDirectory, latest))
        }
        // A link (`latest-<pipeline>`, or a path through `latest`) stands for the snapshot it
        // names, whose id is its folder's name.
        var path =
            reference.contains("/")
            ? FilePaths.absolute(reference) : FilePaths.join(writer.snapshotsDirectory, reference)
        if let target = DurableFile.readLink(path) { path = FilePaths.join(FilePaths.directory(of: path), target) }
        return try PublishedSnapshot(path: path)
    }

    private func entry(_ snapshot: PublishedSnapshot, latest: String?) -> Entry {
        var rows: [String: Int] = [:]
        for file in snapshot.manifest.files {
            if let set = RecordSet(path: file.path) { rows[set.rawValue, default: 0] += file.rows }
        }
        return Entry(
            id: snapshot.id, parent: snapshot.manifest.parent, created: snapshot.manifest.created,
            pipeline: snapshot.manifest.pipelineName, path: snapshot.path,
            isLatest: snapshot.id == latest, rows: rows)
    }

    /// Removes all but the `keep` newest snapshots of each pipeline; the ones `latest` and the
    /// `latest-<pipeline>` links point to are always kept.
    /// Only the removed snapshots' own folders go; a prune killed half-way leaves a hidden
    /// `.pruning-` folder, which the next run or prune removes.
    ///
    /// - Returns: the ids removed, oldest first.
    /// - Throws: ``RunLockedError`` when a run holds the output directory, ``RunError`` when a
    ///   snapshot cannot be removed.
    public func prune(keep: Int, now: Timestamp) throws -> [String] {
        let lock = try RunLock(outputDirectory: writer.outputDirectory, now: now)
        defer { withExtendedLifetime(lock) {} }
        writer.removeAbandonedStaging()
        let entries = try list()
        var kept = Set(entries.filter(\.isLatest).map(\.id))
        for pipeline in Set(entries.map(\.pipeline)) {
            kept.formUnion(entries.filter { $0.pipeline == pipeline }.suffix(max(0, keep)).map(\.id))
            if let newest = writer.latestID(pipeline: pipeline) { kept.insert(newest) }
        }
        var removed: [String] = []
        for entry in entries where !kept.contains(entry.id) {
            // Renamed aside first, so a reader never sees a half-deleted snapshot under its id.
            let aside = FilePaths.join(writer.snapshotsDirectory, ".pruning-\(entry.id)")
            do {
                try FileManager.default.moveItem(atPath: entry.path, toPath: aside)
                try FileManager.default.removeItem(atPath: aside)
            } catch {
                throw RunError("cannot remove snapshot \(entry.id): \(error)")
            }
            removed.append(entry.id)
        }
        return removed
    }

    /// The newest snapshot of `pipeline` created before `time`, if any.
    ///
    /// - Throws: ``RunError`` when a snapshot's manifest cannot be read.
    public func newest(of pipeline: String, before time: Timestamp) throws(RunError) -> Entry? {
        try list().last { entry in
            entry.pipeline == pipeline && (FeedDate.parse(entry.created).map { $0 < time } ?? false)
        }
    }

    /// The bytes of a snapshot's `manifest.json`.
    ///
    /// - Throws: ``RunError`` when it cannot be read.
    public func manifestBytes(of entry: Entry) throws(RunError) -> [UInt8] {
        guard let bytes = FileBytes.read(entry.manifestPath) else {
            throw RunError("cannot read \(entry.manifestPath)")
        }
        return bytes
    }

    /// The deals of a snapshot.
    ///
    /// - Throws: ``RunError`` when its deals cannot be read.
    public func deals(of entry: Entry) throws(RunError) -> [Deal] {
        do {
            return try PublishedSnapshot(path: entry.path).records(Deal.self, .deals)
        } catch {
            throw RunError("\(entry.path): deals: \(error)")
        }
    }
}

import FoundationEssentials

/// Publishes a snapshot so that readers see all of it or none of it.
///
/// Files are written and fsynced in a hidden staging folder, the manifest last; the folder is
/// renamed into `snapshots/<ID>`; then `latest` and `latest-<pipeline>`, symbolic links, are
/// replaced by renames. A run that fails or is killed before the rename leaves only a hidden
/// staging folder, which the next run removes.
///
/// Pipelines share an output directory without mixing: `latest` is the newest snapshot of any
/// pipeline, `latest-<pipeline>` the newest of one, and a run's parent is always its own
/// pipeline's newest.
public struct SnapshotWriter {
    public let outputDirectory: String

    public init(outputDirectory: String) {
        self.outputDirectory = outputDirectory
    }

    public var snapshotsDirectory: String { FilePaths.join(outputDirectory, "snapshots") }
    public var latestPath: String { FilePaths.join(snapshotsDirectory, "latest") }

    /// The link to the newest snapshot of `pipeline`.
    public func latestPath(pipeline: String) -> String {
        FilePaths.join(snapshotsDirectory, "latest-" + FilePaths.fileSafe(pipeline))
    }

    /// The id `latest` points to, if any.
    public func latestID() -> String? {
        DurableFile.readLink(latestPath).map(FilePaths.lastComponent(of:))
    }

    /// The id of the newest snapshot `pipeline` published, if any. Output directories written
    /// before snapshots had a link per pipeline are searched by their manifests, newest first.
    public func latestID(pipeline: String) -> String? {
        if let id = DurableFile.readLink(latestPath(pipeline: pipeline)).map(FilePaths.lastComponent(of:)),
            FileManager.default.fileExists(atPath: FilePaths.join(snapshotsDirectory, id))
        {
            return id
        }
        // A manifest that cannot be read is no evidence of whose the snapshot is; the run then
        // reads that snapshot through the link, or fails loudly on it as a parent.
        return snapshotIDs().reversed().first { id in
            (try? PublishedSnapshot(path: FilePaths.join(snapshotsDirectory, id)))?.manifest.pipelineName == pipeline
        }
    }

    /// The ids of the published snapshots, oldest first: hidden staging and pruning folders and
    /// the `latest` links are not snapshots.
    public func snapshotIDs() -> [String] {
        // No folder yet means no snapshot yet; a run checks the folder is readable before it
        // trusts this (``Pipeline``), so an unreadable one never passes for an empty landscape.
        let names = (try? FileManager.default.contentsOfDirectory(atPath: snapshotsDirectory)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasPrefix("latest") }.sorted()
    }

    /// A snapshot id for `time` that no existing snapshot has.
    public func makeID(at time: Timestamp) -> String {
        let base = time.compact
        var id = base
        var suffix = 1
        while FileManager.default.fileExists(atPath: FilePaths.join(snapshotsDirectory, id)) {
            id = "\(base)-\(suffix)"
            suffix += 1
        }
        return id
    }

    /// Removes what runs and prunes that died left behind: staging folders, half-made `latest`
    /// links, snapshots renamed aside for deletion. Call it only while holding the ``RunLock``:
    /// then no other process is writing here, so everything hidden is abandoned.
    public func removeAbandonedStaging() {
        // Housekeeping: what cannot be listed or removed now is removed by a later run.
        let names = (try? FileManager.default.contentsOfDirectory(atPath: snapshotsDirectory)) ?? []
        for name in names where name.hasPrefix(".staging-") || name.hasPrefix(".latest-") || name.hasPrefix(".pruning-")
        {
            try? FileManager.default.removeItem(atPath: FilePaths.join(snapshotsDirectory, name))
        }
    }

    /// Writes `files` and the manifest as snapshot `manifest.id`, then points `latest` and the
    /// pipeline's `latest-<pipeline>` at it.
    ///
    /// - Parameters:
    ///   - files: path inside the snapshot (`deals.jsonl`, `articles/2025-05.jsonl`), content
    ///     and row count of each snapshot file.
    ///   - manifest: the manifest; its `files` list is filled in here.
    ///   - parent: the parent snapshot. A file whose path and digest are the parent's is made a
    ///     hard link to the parent's file: snapshots never change, so sharing it is safe, and
    ///     removing either snapshot leaves the other's name in place.
    ///   - beforeRename: called after every file is durable and before the snapshot becomes
    ///     visible; a throw here (or a crash) publishes nothing.
    /// - Returns: the snapshot's path and how many files were shared with the parent.
    /// - Throws: ``FileSystemError`` for a failed file-system step, or what `beforeRename` throws;
    ///   in both cases nothing became visible.
    public func publish(
        files: [SnapshotFile], manifest: Manifest, parent: PublishedSnapshot? = nil,
        beforeRename: () throws -> Void = {}
    ) throws -> (path: String, linked: Int) {
        try DurableFile.makeDirectory(outputDirectory)
        try DurableFile.makeDirectory(snapshotsDirectory)
        let staging = FilePaths.join(snapshotsDirectory, ".staging-\(manifest.id)-\(DurableFile.processID)")
        try DurableFile.makeDirectory(staging)
        var isPublished = false
        defer {
            // A staging folder left behind is hidden, and removed by the next run.
            if !isPublished { try? FileManager.default.removeItem(atPath: staging) }
        }
        let parentDigests = Dictionary(
            (parent?.manifest.files ?? []).map { ($0.path, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        var folders: Set<String> = [staging]
        var linked = 0
        var manifest = manifest
        manifest.files = []
        let digests = parallelMap(files, jobs: availableCores) { SHA256.hex($0.bytes) }
        for (file, digest) in zip(files, digests) {
            let target = FilePaths.join(staging, file.path)
            let folder = FilePaths.directory(of: target)
            if folders.insert(folder).inserted { try DurableFile.makeDirectory(folder) }
            // The parent's file is linked only if its bytes are still the ones published: the
            // manifest's digest alone would carry a damaged file into the new snapshot. A file
            // this run read and checked already is not read again. A link that cannot be made
            // (another file system) is a copy instead.
            if let parent, parentDigests[file.path] == digest,
                parent.isVerified(file.path) || FileBytes.read(FilePaths.join(parent.path, file.path)) == file.bytes,
                (try? DurableFile.hardLink(FilePaths.join(parent.path, file.path), at: target)) != nil
            {
                linked += 1
            } else {
                try DurableFile.create(target, bytes: file.bytes)
            }
            manifest.files.append(FileRecord(path: file.path, sha256: digest, rows: file.rows))
        }
        for folder in folders where folder != staging { try DurableFile.syncDirectory(folder) }
        try DurableFile.create(FilePaths.join(staging, "manifest.json"), bytes: manifest.json())
        try DurableFile.syncDirectory(staging)
        try beforeRename()

        let final = FilePaths.join(snapshotsDirectory, manifest.id)
        try DurableFile.rename(staging, to: final)
        isPublished = true
        try DurableFile.syncDirectory(snapshotsDirectory)

        for link in [latestPath(pipeline: manifest.pipelineName), latestPath] {
            let temporaryLink = FilePaths.join(snapshotsDirectory, ".latest-\(DurableFile.processID)")
            // A leftover of this process id from a run that died; absent as a rule.
            try? FileManager.default.removeItem(atPath: temporaryLink)
            try DurableFile.symlink(manifest.id, at: temporaryLink)
            try DurableFile.rename(temporaryLink, to: link)
        }
        try DurableFile.syncDirectory(snapshotsDirectory)
        return (final, linked)
    }
}

/// One file of a snapshot: its path inside the snapshot folder, bytes and row count.
public struct SnapshotFile: Sendable {
    public let path: String
    public let bytes: [UInt8]
    public let rows: Int

    public init(path: String, bytes: [UInt8], rows: Int) {
        self.path = path
        self.bytes = bytes
        self.rows = rows
    }
}

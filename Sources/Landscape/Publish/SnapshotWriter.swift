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
    /// Where the rows written are counted.
    let tally: RowTally

    public init(outputDirectory: String) {
        self.init(outputDirectory: outputDirectory, tally: RowTally())
    }

    init(outputDirectory: String, tally: RowTally) {
        self.outputDirectory = outputDirectory
        self.tally = tally
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

    /// Writes `files` in a hidden staging folder for snapshot `id`, on up to `jobs` threads,
    /// each encoded as it is written, so that memory holds a few pieces of files, not the
    /// snapshot; a file whose bytes turn out to be the parent's is linked, never written.
    /// Nothing is visible until ``publish(_:manifest:beforeRename:)``.
    ///
    /// - Parameters:
    ///   - files: the snapshot's files besides the manifest.
    ///   - id: the snapshot's id.
    ///   - parent: the parent snapshot. A file whose path and digest are the parent's is made a
    ///     hard link to the parent's file: snapshots never change, so sharing it is safe, and
    ///     removing either snapshot leaves the other's name in place.
    ///   - stamps: what vouches for the parent's files without reading them.
    ///   - jobs: how many files are encoded and written at once.
    /// - Returns: the staged files, with their records and how many are links.
    /// - Throws: ``FileSystemError`` for a failed file-system step, ``RunError`` naming a file
    ///   gzip could not compress, what making a file throws; the staging folder is removed then.
    func stage(
        _ files: [PendingFile], id: String, parent: PublishedSnapshot?, stamps: FileStamps = FileStamps(), jobs: Int
    ) throws -> StagedSnapshot {
        try DurableFile.makeDirectory(outputDirectory)
        try DurableFile.makeDirectory(snapshotsDirectory)
        let staging = FilePaths.join(snapshotsDirectory, ".staging-\(id)-\(DurableFile.processID)")
        try DurableFile.makeDirectory(staging)
        var isStaged = false
        defer {
            // A staging folder left behind is hidden, and removed by the next run.
            if !isStaged { try? FileManager.default.removeItem(atPath: staging) }
        }
        let folders = Set(files.map { FilePaths.directory(of: FilePaths.join(staging, $0.path)) })
        for folder in folders.sorted() where folder != staging { try DurableFile.makeDirectories(folder) }
        let parentDigests = Dictionary(
            (parent?.manifest.files ?? []).map { ($0.path, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        let tally = tally
        // Large files are started first, so that the small ones fill the other cores around
        // them; the records come back in the order of `files`.
        let order = files.indices.filter { files[$0].isLarge } + files.indices.filter { !files[$0].isLarge }
        let written = parallelMap(order, jobs: jobs) { index -> Result<(FileRecord, Origin), any Error> in
            Result {
                try Self.write(
                    files[index], in: staging, parent: parent, parentDigest: parentDigests[files[index].path],
                    stamps: stamps, tally: tally)
            }
        }
        var results = [Result<(FileRecord, Origin), any Error>?](repeating: nil, count: files.count)
        for (index, result) in zip(order, written) { results[index] = result }
        var staged = StagedSnapshot(folder: staging, files: [])
        for case let result? in results {
            let (record, origin) = try result.get()
            staged.files.append(record)
            switch origin {
            case .written: staged.rowsWritten += record.rows
            case .parent:
                staged.linked += 1
                staged.rowsShared += record.rows
            case .sameBytes: staged.linkedSameBytes += 1
            }
        }
        for folder in folders where folder != staging { try DurableFile.syncDirectory(folder) }
        isStaged = true
        return staged
    }

    /// Where a staged file's bytes came from.
    private enum Origin {
        case written
        /// A hard link to the parent's file.
        case parent
        /// A hard link to the file ``PendingFile/sameBytes`` names.
        case sameBytes
    }

    /// Encodes one file and writes it durably, or links the parent's when the bytes are the
    /// parent's. Returns its record and whether it is a link.
    private static func write(
        _ file: PendingFile, in staging: String, parent: PublishedSnapshot?, parentDigest: String?, stamps: FileStamps,
        tally: RowTally
    ) throws -> (FileRecord, Origin) {
        let target = FilePaths.join(staging, file.path)
        // A file whose digest is known without encoding it is linked unread when the parent's
        // is the same and still whole, or when a file outside the snapshot holds its bytes.
        if let digest = file.knownDigest, let rows = file.rows {
            let record = FileRecord(path: file.path, sha256: digest, rows: rows)
            if let parent, parentDigest == digest,
                linkParent(parent, file.path, digest: digest, at: target, stamps: stamps)
            {
                return (record, .parent)
            }
            if let source = file.sameBytes, link(source, digest: digest, at: target, stamps: stamps) {
                return (record, .sameBytes)
            }
        }
        var sink = FileSink(
            target: target, countsRows: file.rows == nil,
            parentFile: parentDigest == nil ? nil : parent.map { FilePaths.join($0.path, file.path) })
        try file.make { piece in try sink.take(piece) }
        // A large file made on several threads (a stream's blocks read and decoded) leaves freed
        // chunks in their arenas, which stayed resident beside the next files: 8 MB at a million.
        if file.isLarge { FreedMemory.release() }
        let (digest, rows) = (sink.digest(), file.rows ?? sink.rows)
        // Bytes the parent's file holds, every one compared: its own digest vouches for nothing more.
        if let source = sink.parentsFile, (try? DurableFile.hardLink(source, at: target)) != nil {
            return (FileRecord(path: file.path, sha256: digest, rows: rows), .parent)
        }
        try sink.finish()
        tally.wrote(rows)
        return (FileRecord(path: file.path, sha256: digest, rows: rows), .written)
    }

    /// Links the parent's file at `target` if its bytes are still the ones published: the
    /// manifest's digest alone would carry a damaged file into the new snapshot. A file this run
    /// read and checked already, or whose stamp vouches for its digest (``FileStamps``), is not
    /// read again. A link that cannot be made (another file system) is a copy instead, and says
    /// false.
    private static func linkParent(
        _ parent: PublishedSnapshot, _ path: String, digest: String, at target: String, stamps: FileStamps
    ) -> Bool {
        let source = FilePaths.join(parent.path, path)
        if parent.isVerified(path) { return (try? DurableFile.hardLink(source, at: target)) != nil }
        return link(source, digest: digest, at: target, stamps: stamps)
    }

    /// Links `source` at `target` if its stamp vouches for `digest` or its bytes have it; says
    /// false, having made nothing, when they do not or the link cannot be made.
    private static func link(_ source: String, digest: String, at target: String, stamps: FileStamps) -> Bool {
        guard stamps.vouches(for: source, digest: digest) || FileBytes.read(source).map(SHA256.hex) == digest
        else { return false }
        return (try? DurableFile.hardLink(source, at: target)) != nil
    }

    /// Writes the manifest into a staged snapshot, renames it into `snapshots/<ID>`, then points
    /// `latest` and the pipeline's `latest-<pipeline>` at it.
    ///
    /// - Parameters:
    ///   - staged: the snapshot's files, written by ``stage(_:id:parent:stamps:jobs:)``.
    ///   - manifest: the manifest; its `files` list is the staged files'.
    ///   - beforeRename: called after every file is durable and before the snapshot becomes
    ///     visible; a throw here (or a crash) publishes nothing.
    /// - Returns: the snapshot's path.
    /// - Throws: ``FileSystemError`` for a failed file-system step, or what `beforeRename` throws;
    ///   in both cases nothing became visible.
    func publish(_ staged: StagedSnapshot, manifest: Manifest, beforeRename: () throws -> Void = {}) throws -> String {
        var isPublished = false
        defer {
            if !isPublished { staged.discard() }
        }
        var manifest = manifest
        manifest.files = staged.files
        try DurableFile.create(FilePaths.join(staged.folder, "manifest.json"), bytes: manifest.json())
        try DurableFile.syncDirectory(staged.folder)
        try beforeRename()

        let final = FilePaths.join(snapshotsDirectory, manifest.id)
        try DurableFile.rename(staged.folder, to: final)
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
        return final
    }
}

/// A snapshot's files written durably in a hidden staging folder, not yet visible.
struct StagedSnapshot {
    let folder: String
    var files: [FileRecord]
    /// How many of the files are hard links to the parent's, and their rows.
    var linked = 0
    var rowsShared = 0
    /// How many are hard links to a file outside the snapshot with the same bytes (a month of
    /// mentions in the stage cache).
    var linkedSameBytes = 0
    /// The rows of the files written anew (the links' rows were written by an earlier night
    /// or an earlier stage).
    var rowsWritten = 0

    /// Removes the staging folder: the run publishes nothing.
    func discard() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// Takes a file's bytes as they are made. While they are the parent's file at the same path,
/// byte for byte, they are only compared with it, so that a file that turns out to be the
/// parent's is linked without being written or held in memory; from the first byte that
/// differs (at once, without such a file), they are written as they come, the parent's bytes
/// matched so far first. Every piece is hashed and its lines counted on the way.
private struct FileSink {
    let target: String
    /// Whether the lines are counted: a file whose rows are known is not scanned for them.
    let countsRows: Bool
    /// The parent's file the bytes taken are, so far; nil once they differ or are written.
    private var parent: ComparedFile?
    private var file: DurableFile.NewFile? = nil
    private var hasher = SHA256()
    private(set) var rows = 0

    /// A sink for `target`, comparing the bytes with `parentFile`, the parent's file at the
    /// same path, if it has one.
    init(target: String, countsRows: Bool, parentFile: String?) {
        self.target = target
        self.countsRows = countsRows
        parent = parentFile.flatMap(ComparedFile.init(path:))
    }

    /// The parent's file, when every byte taken is its bytes, all of them.
    var parentsFile: String? {
        guard file == nil, let parent, parent.isWhole else { return nil }
        return parent.path
    }

    mutating func take(_ piece: [UInt8]) throws {
        hasher.update(piece)
        if countsRows { rows += RowTally.rows(piece) }
        if let file { return try file.write(piece) }
        if let parent, parent.matches(piece) { return }
        try startWriting().write(piece)
    }

    /// The digest of every piece taken.
    func digest() -> String { hexString(hasher.finalize()) }

    /// Writes what is not on disk yet and makes the file durable.
    mutating func finish() throws {
        try (file ?? startWriting()).close()
    }

    /// Creates the file with the parent's bytes the pieces taken matched.
    private mutating func startWriting() throws -> DurableFile.NewFile {
        let file = try DurableFile.NewFile(target)
        if let parent {
            try parent.copyMatched(to: file)
            self.parent = nil
        }
        self.file = file
        return file
    }
}

/// A file read alongside bytes being made, to tell whether they are its bytes.
private final class ComparedFile {
    let path: String
    private let descriptor: Int32
    private let size: Int
    /// How many of the file's first bytes the bytes made so far are.
    private(set) var matched = 0
    private var scratch: [UInt8] = []

    init?(path: String) {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            close(descriptor)
            return nil
        }
        self.path = path
        size = Int(status.st_size)
    }

    deinit { close(descriptor) }

    var isWhole: Bool { matched == size }

    /// Whether `piece` is the file's next bytes; they count as matched when it is.
    func matches(_ piece: [UInt8]) -> Bool {
        guard matched + piece.count <= size else { return false }
        if scratch.count < piece.count { scratch = [UInt8](repeating: 0, count: piece.count) }
        let isSame = scratch.withUnsafeMutableBytes { buffer in
            let window = UnsafeMutableRawBufferPointer(rebasing: buffer[..<piece.count])
            guard FileBytes.fill(window, from: descriptor, at: matched) == piece.count,
                let read = window.baseAddress
            else { return false }
            // memcmp, not a loop over bytes: a changed deals file may match the parent's for
            // hundreds of megabytes before it departs.
            return piece.withUnsafeBytes { $0.baseAddress.map { memcmp($0, read, piece.count) == 0 } ?? true }
        }
        if isSame { matched += piece.count }
        return isSame
    }

    /// Writes the bytes matched so far to `file`, a megabyte at a time.
    ///
    /// - Throws: ``FileSystemError`` when the file cannot be read again or written.
    func copyMatched(to file: DurableFile.NewFile) throws {
        var offset = 0
        while offset < matched {
            let count = min(1 << 20, matched - offset)
            var filled: Int?
            let piece = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                filled = FileBytes.fill(UnsafeMutableRawBufferPointer(buffer), from: descriptor, at: offset)
                initialized = filled ?? 0
            }
            guard filled == count else { throw FileSystemError(path: path, operation: "read", errno: errno) }
            try file.write(piece)
            offset += count
        }
    }
}

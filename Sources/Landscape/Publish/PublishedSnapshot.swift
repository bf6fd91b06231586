import FoundationEssentials
import Synchronization

/// A published snapshot read back through its manifest: what later runs, `--only`, `diff`
/// and the catalogue need of it.
///
/// Records are found through the manifest's `files`, never by listing the folder, so a reader
/// sees exactly what was published, whether a record set is one file (`deals.jsonl`), gzipped
/// (`deals.jsonl.gz`) or split into month partitions (`articles/2025-05.jsonl`).
public struct PublishedSnapshot: Sendable {
    public let id: String
    public let path: String
    public let manifest: Contents
    /// The files this run has read and found to have the manifest's digest: publishing links
    /// them into the next snapshot without reading them a second time.
    private let verified = VerifiedFiles()
    /// Where the rows read from the snapshot are counted: the run's, for a run's parent.
    var tally = RowTally()
    /// Cores to decode the records on (`--jobs`).
    var jobs = availableCores

    /// The part of `manifest.json` that is read back.
    public struct Contents: Sendable, Decodable {
        public struct File: Sendable, Decodable {
            public let path: String
            public let sha256: String
            public let rows: Int
        }
        public struct StageEntry: Sendable, Decodable {
            public let name: String
            public let status: String
            public let cacheKey: String
            public let outputs: Int?

            enum CodingKeys: String, CodingKey {
                case name, status, outputs
                case cacheKey = "cache_key"
            }
        }
        public struct PipelineEntry: Sendable, Decodable {
            public let name: String
        }
        public let parent: String?
        public let created: String
        public let pipeline: PipelineEntry
        /// The name of the pipeline that published the snapshot.
        public var pipelineName: String { pipeline.name }
        public let stages: [StageEntry]
        public let sources: [SourceRecord]
        public let files: [File]
    }

    /// Reads the manifest of the snapshot folder `path`.
    ///
    /// - Throws: ``RunError`` naming the manifest when it is missing or not a manifest.
    public init(path: String) throws(RunError) {
        let manifestPath = FilePaths.join(path, "manifest.json")
        guard let bytes = FileBytes.read(manifestPath) else {
            throw RunError("no snapshot \(FilePaths.lastComponent(of: path)): cannot read \(manifestPath)")
        }
        do {
            manifest = try JSONDecoder().decode(Contents.self, from: Data(bytes))
        } catch {
            throw RunError("\(manifestPath): not a snapshot manifest: \(error)")
        }
        self.id = FilePaths.lastComponent(of: path)
        self.path = path
    }

    /// The files holding a record set, in published order.
    public func files(of set: RecordSet) -> [Contents.File] {
        manifest.files.filter { RecordSet(path: $0.path) == set }
    }

    /// Every record of a set, from all its files, each checked against the manifest's digest the
    /// first time the run reads it (``records(_:file:sha256:)``).
    ///
    /// - Throws: ``DamagedDataError`` for a file missing or changed since it was published; an
    ///   error naming the file and line of a record that does not decode.
    public func records<Record: Decodable & Sendable>(_ type: Record.Type, _ set: RecordSet) throws -> [Record] {
        var records: [Record] = []
        for file in files(of: set) { records += try self.records(type, file: file.path, sha256: file.sha256) }
        return records
    }

    /// Every record of a set, as ``records(_:_:)`` reads them, and the lines they were read
    /// from when the set is one plain file.
    func recordsWithLines<Record: Decodable & Sendable>(_ type: Record.Type, _ set: RecordSet) throws -> (
        records: [Record], lines: RecordLines?
    ) {
        var records: [Record] = []
        // Room is made once: a million deals grown by doubling would hold up to twice their size.
        let lines = try forEachRecordBlockPlaced(type, set, reserving: { records.reserveCapacity($0) }) {
            records += $0
        }
        guard let lines else { return (try self.records(type, set), nil) }
        return (records, lines)
    }

    /// Hands the records of a set that is one plain file to `body` a block at a time, as
    /// ``records(_:_:)`` reads them, and gives where their lines are; nil, with nothing read,
    /// when the set is not one plain file. A reader that keeps a little of each record holds a
    /// block of them, not the set. `reserving` is told first how many records the file holds.
    func forEachRecordBlockPlaced<Record: Decodable & Sendable>(
        _ type: Record.Type, _ set: RecordSet, blockBytes: Int = JSONLinesReader.blockBytes,
        reserving: (_ records: Int) -> Void = { _ in }, _ body: ([Record]) throws -> Void
    ) throws -> RecordLines? {
        let files = files(of: set)
        guard files.count == 1, let file = files.first, !file.path.hasSuffix(".gz") else { return nil }
        let filePath = FilePaths.join(path, file.path)
        guard let stamp = FileStamps.stamp(of: filePath) else { return nil }
        let expected = Self.plausibleLines(file.rows, path: filePath)
        reserving(expected)
        var places = LinePlaces()
        places.reserveCapacity(expected)
        try JSONLinesReader.forEachBlock(
            type, from: filePath, sha256: verified.digestToCheck(file.path, sha256: file.sha256, stamp: stamp),
            blockBytes: blockBytes, jobs: jobs
        ) { records, lines in
            places.append(contentsOf: lines)
            try body(records)
        }
        verified.insert(file.path, stamp: stamp)
        tally.read(file.rows)
        return RecordLines(path: filePath, sha256: file.sha256, stamp: stamp, places: places)
    }

    /// The rows a manifest counts for a file, as many as the file can hold (a line takes at
    /// least two bytes): room is made for them before it is read.
    private static func plausibleLines(_ rows: Int, path: String) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return max(0, min(rows, Int(info.st_size) / 2))
    }

    /// The records of one file of the snapshot (a path inside it), checked against `sha256`.
    func records<Record: Decodable & Sendable>(_ type: Record.Type, file: String, sha256: String) throws -> [Record] {
        var records: [Record] = []
        try forEachRecordBlock(type, file: file, sha256: sha256) { records += $0 }
        return records
    }

    /// The records of one file of the snapshot, as ``records(_:file:sha256:)`` reads them,
    /// handed to `body` a block at a time (``JSONLinesReader/forEachBlock(_:from:sha256:blockBytes:jobs:_:)``).
    func forEachRecordBlock<Record: Decodable & Sendable>(
        _ type: Record.Type, file: String, sha256: String, blockBytes: Int = JSONLinesReader.blockBytes,
        _ body: (_ records: [Record]) throws -> Void
    ) throws {
        var count = 0
        let filePath = FilePaths.join(path, file)
        let stamp = FileStamps.stamp(of: filePath)
        try JSONLinesReader.forEachBlock(
            type, from: filePath, sha256: verified.digestToCheck(file, sha256: sha256, stamp: stamp),
            blockBytes: blockBytes, jobs: jobs
        ) { records, _ in
            count += records.count
            try body(records)
        }
        verified.insert(file, stamp: stamp)
        tally.read(count)
    }

    /// Whether this run has already read `file` (a path inside the snapshot) and found the
    /// manifest's digest.
    public func isVerified(_ file: String) -> Bool {
        verified.contains(file)
    }

    /// The files whose bytes are missing or differ from the manifest's digest, with what is
    /// wrong; empty for a whole snapshot. Row counts of JSON-lines files are checked too.
    public func damagedFiles() -> [(path: String, problem: String)] {
        manifest.files.compactMap { file in
            let path = FilePaths.join(self.path, file.path)
            guard let bytes = FileBytes.read(path) else { return (file.path, "missing") }
            guard SHA256.hex(bytes) == file.sha256 else { return (file.path, "digest differs from the manifest") }
            guard RecordSet(path: file.path) != nil else { return nil }
            let plain = file.path.hasSuffix(".gz") ? Gzip.decompress(bytes) : bytes
            guard let plain else { return (file.path, "not a complete gzip file") }
            let rows = plain.split(separator: UInt8(ascii: "\n")).count
            return rows == file.rows ? nil : (file.path, "\(rows) rows, the manifest says \(file.rows)")
        }
    }

    /// The snapshot's mention files, one a month, as they are on disk: nothing is read.
    func mentionFiles() -> [MentionFile] {
        files(of: .mentions).map { file in
            let name = FilePaths.lastComponent(of: file.path)
            return MentionFile(
                month: String(name.prefix(7)), path: FilePaths.join(path, file.path), rows: file.rows,
                sha256: file.sha256)
        }
    }

    /// A digest standing for the contents of a record set: it changes when any of its
    /// files does. Made from the manifest's digests, so nothing is read or hashed again.
    public func digest(of set: RecordSet) -> String {
        SHA256.hex(Array(files(of: set).map { "\($0.path) \($0.sha256)\n" }.joined().utf8))
    }

    /// The cache key a stage had when this snapshot was made, if it was recorded.
    func cacheKey(of stage: Stage) -> String? {
        entry(of: stage).map(\.cacheKey).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// How many records a stage put out when this snapshot was made, if it was recorded.
    func outputs(of stage: Stage) -> Int? {
        entry(of: stage)?.outputs
    }

    private func entry(of stage: Stage) -> Contents.StageEntry? {
        manifest.stages.first { $0.name == stage.rawValue }
    }
}

extension SourceRecord: Decodable {
    enum CodingKeys: String, CodingKey {
        case id, url, status, bytes, items, seconds, attempts, error
        case httpStatus = "http_status"
        case wireBytes = "wire_bytes"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id), url: try container.decode(String.self, forKey: .url),
            status: FetchStatus(rawValue: try container.decode(String.self, forKey: .status)) ?? .failed,
            httpStatus: try container.decodeIfPresent(Int.self, forKey: .httpStatus),
            bytes: try container.decode(Int.self, forKey: .bytes),
            wireBytes: try container.decode(Int.self, forKey: .wireBytes),
            items: try container.decode(Int.self, forKey: .items),
            seconds: try container.decode(Double.self, forKey: .seconds),
            attempts: try container.decode(Int.self, forKey: .attempts),
            error: try container.decodeIfPresent(String.self, forKey: .error))
    }
}

/// The snapshot files this run has read and found to have their digest, shared by the copies
/// of one ``PublishedSnapshot``, each with its stamp (``FileStamps``) as it was when read.
///
/// A file is hashed the first time the run reads it: a night reads the parent's deals file
/// twice, for the deals' outlines in dedupe and whole in aggregate, and hashing its 865 MB
/// again at a million articles took 0.8 s of the night on one core while the other waited. A
/// snapshot file is never written in place, and one changed since would have another stamp.
private final class VerifiedFiles: Sendable {
    private let stamps = Mutex<[String: FileStamps.Stamp?]>([:])

    func insert(_ path: String, stamp: FileStamps.Stamp?) {
        stamps.withLock { stamps in
            // A stamp seen once is kept: the file found unstamped later is still the one read.
            if case .some(.some) = stamps[path], stamp == nil { return }
            stamps[path] = stamp
        }
    }

    func contains(_ path: String) -> Bool { stamps.withLock { $0[path] != nil } }

    /// The digest to check the file at `path` against as it is read, `sha256`: none when this
    /// run has read and hashed it already and its stamp, `stamp`, is the one it had then.
    func digestToCheck(_ path: String, sha256: String, stamp: FileStamps.Stamp?) -> String? {
        guard let stamp, let known = stamps.withLock({ $0[path] }), known == stamp else { return sha256 }
        return nil
    }
}

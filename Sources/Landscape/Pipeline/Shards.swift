import FoundationEssentials

/// One part of a backfill split into shards: `--shard K/N` runs the K-th of N parts (K from 0),
/// each source going to the part its id hashes to, so a source stays in its part however the
/// list is ordered and whichever machine runs it.
public struct Shard: Sendable, Equatable {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1, index >= 0, index < count else {
            throw ShardError("--shard \(index)/\(count): K must be from 0 to N-1 and N at least 1")
        }
        self.index = index
        self.count = count
    }

    /// `K/N`, or `auto`: the scheduler's array index (Slurm's `SLURM_ARRAY_TASK_ID` with
    /// `SLURM_ARRAY_TASK_COUNT`, or a Kubernetes Indexed Job's `JOB_COMPLETION_INDEX` with the
    /// pipeline's `backfill.shards`).
    ///
    /// - Throws: ``ShardError`` for text that is neither, or `auto` outside a job array.
    public static func parse(
        _ text: String, environment: [String: String], configuredCount: Int?
    ) throws(ShardError) -> Shard {
        if text == "auto" {
            if let task = environment["SLURM_ARRAY_TASK_ID"].flatMap(Int.init) {
                guard let count = environment["SLURM_ARRAY_TASK_COUNT"].flatMap(Int.init) else {
                    throw ShardError("--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not")
                }
                // Arrays are written --array=0-3 or --array=1-4; the lowest id is shard 0.
                let minimum = environment["SLURM_ARRAY_TASK_MIN"].flatMap(Int.init) ?? 0
                return try Shard(index: task - minimum, count: count)
            }
            if let index = environment["JOB_COMPLETION_INDEX"].flatMap(Int.init) {
                guard let count = configuredCount else {
                    throw ShardError(
                        "--shard auto: JOB_COMPLETION_INDEX is set; the pipeline's backfill.shards must give the count")
                }
                return try Shard(index: index, count: count)
            }
            throw ShardError(
                "--shard auto: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set (not a job array task)")
        }
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw ShardError("--shard must be K/N (for example 0/4) or auto, got `\(text)`")
        }
        return try Shard(index: index, count: count)
    }

    /// The sources of this part.
    public func assigned(_ sources: [FeedSource]) -> [FeedSource] {
        sources.filter { Self.part(of: $0.id, count: count) == index }
    }

    /// The part a source id goes to: the first eight bytes of its SHA-256, modulo the count.
    static func part(of id: String, count: Int) -> Int {
        var hasher = SHA256()
        hasher.update(Array(id.utf8))
        let digest = hasher.finalize()
        let value = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int(value % UInt64(count))
    }

    /// The part's own folder under the run's output: `shards/K-of-N`.
    public func folder(in output: String) -> String {
        FilePaths.join(FilePaths.join(output, "shards"), "\(index)-of-\(count)")
    }
}

/// What a finished shard leaves beside its snapshot: the proof it is complete, and what it was
/// made from, so a relaunched array skips it and `landscape merge` checks the parts fit.
public struct ShardMarker: Sendable, Codable, Equatable {
    public var shard: Int
    public var of: Int
    public var pipelineSHA256: String
    /// Every source of the whole backfill, in the pipeline's order (the merge orders by it).
    public var allSources: [String]
    /// This part's sources, each with what it stood for (a WARC file's path, size and time).
    public var sources: [String: String]
    /// The snapshot the part published, under its folder; nil for a part with no source.
    public var snapshot: String?

    enum CodingKeys: String, CodingKey {
        case shard, of
        case pipelineSHA256 = "pipeline_sha256"
        case allSources = "all_sources"
        case sources, snapshot
    }

    static let fileName = "COMPLETE.json"

    /// The marker in a shard folder, if the part completed.
    static func read(in folder: String) -> ShardMarker? {
        guard let bytes = FileBytes.read(FilePaths.join(folder, fileName)) else { return nil }
        return try? JSONDecoder().decode(ShardMarker.self, from: Data(bytes))
    }

    /// Writes the marker durably: it is the last thing a part does.
    func write(in folder: String) throws(FileSystemError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        var bytes: [UInt8] = []
        if let data = try? encoder.encode(self) { bytes = [UInt8](data) + [0x0A] }
        let path = FilePaths.join(folder, Self.fileName)
        let temporary = path + ".tmp"
        unlink(temporary)
        try DurableFile.create(temporary, bytes: bytes)
        try DurableFile.rename(temporary, to: path)
        try DurableFile.syncDirectory(folder)
    }
}

/// A `--shard` value or a set of shard folders that cannot be used (exit 2).
public struct ShardError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// The finished parts of a backfill, read for `landscape merge`: every article they hold, in
/// the order a single run over all the sources would have met them.
public struct ShardSet: Sendable {
    public let articles: [Article]
    public let sources: [SourceRecord]
    public let count: Int

    /// Reads the shard folders (or folders holding a `shards/` folder of them).
    ///
    /// - Throws: ``RunError`` when a part is missing or unfinished, the parts do not come from
    ///   one backfill, or a part's snapshot cannot be read.
    public init(folders: [String], pipelineSHA256: String) throws {
        var found: [(folder: String, marker: ShardMarker)] = []
        for folder in folders.map(FilePaths.absolute) {
            if let marker = ShardMarker.read(in: folder) {
                found.append((folder, marker))
                continue
            }
            let nested = FilePaths.join(folder, "shards")
            let children = (try? FileManager.default.contentsOfDirectory(atPath: nested)) ?? []
            let parts = children.sorted().compactMap { child -> (String, ShardMarker)? in
                let path = FilePaths.join(nested, child)
                return ShardMarker.read(in: path).map { (path, $0) }
            }
            guard !parts.isEmpty else {
                throw RunError("\(folder): not a finished shard (no \(ShardMarker.fileName)) and holds no shards/")
            }
            found += parts
        }
        guard let first = found.first?.marker else { throw RunError("merge: no shard folders given") }
        for (folder, marker) in found {
            guard marker.of == first.of, marker.allSources == first.allSources else {
                throw RunError(
                    "\(folder): shard \(marker.shard)/\(marker.of) is from another backfill than \(found[0].folder)")
            }
            guard marker.pipelineSHA256 == pipelineSHA256 else {
                throw RunError("\(folder): made with another version of the pipeline file than the one merging")
            }
        }
        let present = Set(found.map(\.marker.shard))
        let missing = (0..<first.of).filter { !present.contains($0) }
        guard missing.isEmpty else {
            throw RunError(
                "merge: shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(first.of)" }.joined(separator: ", ")) missing or unfinished"
            )
        }
        // A single run meets articles source by source in the pipeline's order; a later
        // source's copy of an article wins, as it does there.
        let order = Dictionary(first.allSources.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var articles: [Article] = []
        var sources: [SourceRecord] = []
        var seenShards = Set<Int>()
        for (folder, marker) in found where seenShards.insert(marker.shard).inserted {
            guard let id = marker.snapshot else { continue }
            let snapshot = try PublishedSnapshot(path: FilePaths.join(FilePaths.join(folder, "snapshots"), id))
            articles += ArticleStore.ungrouped(try snapshot.records(Article.self, .articles))
            sources += snapshot.manifest.sources
        }
        let ordered = articles.enumerated().sorted { a, b in
            let left = order[a.element.sourceID] ?? Int.max
            let right = order[b.element.sourceID] ?? Int.max
            return left != right ? left < right : a.offset < b.offset
        }.map(\.element)
        self.articles = ordered
        self.sources = sources.sorted { (order[$0.id] ?? Int.max) < (order[$1.id] ?? Int.max) }
        self.count = first.of
    }
}

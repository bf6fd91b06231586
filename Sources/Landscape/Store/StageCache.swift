import FoundationEssentials
import Synchronization

/// Stage outputs under `Output/cache/`, kept by cache key.
///
/// A stage's key is the hash of its inputs, its config section and the code (``StageKey``),
/// so a run reuses any stage whose key it already holds, and a rerun from a later stage finds
/// the earlier ones' last output.
///
/// Layout: bodies once by SHA-256 under `bodies/`; each stage output in
/// `stages/<stage>/<key>/`, written in a hidden folder and renamed into place, so an entry is
/// whole or absent, with `SHA256SUMS` naming the digest of each of its files: a file read back
/// is checked against it, so a damaged entry is recomputed and replaced, never used; `stages/<stage>/latest-<pipeline>` names the key the pipeline stored
/// last. Entries are shared: equal keys mean equal output, whichever pipeline made it; the
/// pointers are not, so a rerun of one pipeline never starts from another's output.
struct StageCache {
    let directory: String
    /// The file name of this pipeline's pointers.
    private let pointerName: String
    /// Where the rows read and written through the cache are counted.
    let tally: RowTally
    /// Cores to decode a file's records on (`--jobs`).
    let jobs: Int
    /// Where stage outputs are written while the run goes on, when it does that (see
    /// ``StoresBehind``); nil when each is written before ``store(_:key:files:)`` returns.
    let storesBehind: StoresBehind?

    init(
        outputDirectory: String, pipeline: String, tally: RowTally = RowTally(), jobs: Int = availableCores,
        storesBehind: Bool = false
    ) {
        directory = FilePaths.join(outputDirectory, "cache")
        pointerName = "latest-" + FilePaths.fileSafe(pipeline)
        self.tally = tally
        self.jobs = jobs
        self.storesBehind = storesBehind ? StoresBehind() : nil
    }

    var bodiesDirectory: String { FilePaths.join(directory, "bodies") }
    private var stagesDirectory: String { FilePaths.join(directory, "stages") }

    private func stageDirectory(_ stage: Stage) -> String {
        FilePaths.join(stagesDirectory, stage.rawValue)
    }

    func entryPath(_ stage: Stage, key: String) -> String {
        FilePaths.join(stageDirectory(stage), key)
    }

    private func shelfDirectory(_ shelf: String) -> String {
        FilePaths.join(stagesDirectory, shelf)
    }

    /// The folder of an entry on a shelf other than a stage's.
    func entryPath(shelf: String, key: String) -> String {
        FilePaths.join(shelfDirectory(shelf), key)
    }

    func prepare() throws(FileSystemError) {
        try DurableFile.makeDirectory(directory)
        try DurableFile.makeDirectory(bodiesDirectory)
        try DurableFile.makeDirectory(stagesDirectory)
    }

    // MARK: bodies

    /// Bodies stored by this process so far: each store's temporary file is named by its number.
    private static let bodyStores = Atomic<Int>(0)

    /// Stores a body under its digest and returns the digest.
    ///
    /// Bodies are not fsynced: a body lost or cut short by a crash no longer matches its name,
    /// ``body(_:)`` then reads it as missing, and the source is simply fetched in full again.
    func storeBody(_ body: [UInt8]) throws(FileSystemError) -> String {
        let digest = SHA256.hex(body)
        let path = FilePaths.join(bodiesDirectory, digest)
        if !FileManager.default.fileExists(atPath: path) {
            // Bodies are stored on several threads, and two sources may send the same bytes:
            // each store writes a temporary file of its own.
            let temporary =
                path + ".tmp-\(DurableFile.processID)-\(Self.bodyStores.add(1, ordering: .relaxed).oldValue)"
            // A leftover of this name from a run that died; absent as a rule.
            try? FileManager.default.removeItem(atPath: temporary)
            try Self.removingOnFailure(temporary) { () throws(FileSystemError) in
                try DurableFile.create(temporary, bytes: body, sync: false)
                try DurableFile.rename(temporary, to: path)
            }
        }
        return digest
    }

    func hasBody(_ digest: String) -> Bool {
        FileManager.default.fileExists(atPath: FilePaths.join(bodiesDirectory, digest))
    }

    /// The body stored under `digest`, or nil when it is missing or does not match its digest.
    /// Reading it marks it used (its modification time), so pruning keeps what is still read.
    func body(_ digest: String) -> [UInt8]? {
        let path = FilePaths.join(bodiesDirectory, digest)
        guard let bytes = FileBytes.read(path), SHA256.hex(bytes) == digest else { return nil }
        _ = utimes(path, nil)
        return bytes
    }

    /// Removes bodies neither stored nor read for `days` days, and the temporary files of
    /// stores that died (older than an hour). A body removed while a validator still names it
    /// costs one full fetch: a 304 whose body is gone is fetched again unconditionally. Call it
    /// only while holding the ``RunLock``.
    ///
    /// - Returns: how many files were removed.
    @discardableResult
    func pruneBodies(unusedForDays days: Int, now: Timestamp) -> Int {
        // Pruning is housekeeping: a file it cannot list, stat or remove stays for the next run.
        let names = (try? FileManager.default.contentsOfDirectory(atPath: bodiesDirectory)) ?? []
        var removed = 0
        for name in names {
            let path = FilePaths.join(bodiesDirectory, name)
            // stat, not FileManager's attributes: those look up the owner's and group's names,
            // two reads of /etc/passwd and /etc/group a file (a third of a second at 200 feeds).
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            let age = now.secondsSinceEpoch - Int64(info.st_mtim.tv_sec)
            let limit: Int64 = name.contains(".tmp-") ? 3600 : Int64(days) * 86_400
            if age > limit, unlink(path) == 0 { removed += 1 }
        }
        return removed
    }

    // MARK: stage outputs

    func has(_ stage: Stage, key: String) -> Bool {
        has(shelf: stage.rawValue, key: key)
    }

    /// Whether an entry is in the cache; one still being written is waited for. Every read of
    /// an entry asks this first.
    func has(shelf: String, key: String) -> Bool {
        storesBehind?.waitFor(entry: shelf + "/" + key)
        return FileManager.default.fileExists(atPath: entryPath(shelf: shelf, key: key))
    }

    /// The key of the output `stage` stored last, if it is still in the cache.
    func latestKey(_ stage: Stage) -> String? {
        storesBehind?.waitFor(entry: stage.rawValue)
        return key(pointer: FilePaths.join(stageDirectory(stage), pointerName), stage)
    }

    /// Waits for the stage outputs still being written and throws the first failure to write
    /// one: the run calls it before it publishes.
    func finishStores() throws(FileSystemError) {
        try storesBehind?.finish()
    }

    private func key(pointer: String, _ stage: Stage) -> String? {
        guard let bytes = FileBytes.read(pointer) else { return nil }
        let key = String(decoding: bytes, as: UTF8.self)
        return has(stage, key: key) ? key : nil
    }

    /// Stores a stage's output under `key` and makes it the stage's latest; with
    /// ``storesBehind``, on another thread while the run goes on (the rows are counted now, in
    /// the stage that made them).
    ///
    /// The files are fsynced in a hidden folder that is renamed into place: a run killed here
    /// leaves no entry that looks whole. An entry already under `key` holds the same output (the
    /// key covers everything the output depends on) and is kept.
    func store(_ stage: Stage, key: String, files: [(name: String, bytes: [UInt8])]) throws(FileSystemError) {
        try store(stage, key: key, files: files.map { CacheFile($0.name, bytes: $0.bytes) })
    }

    /// Files written beside the entries before their entry is stored, numbered in this process.
    private static let stagedFiles = Atomic<Int>(0)

    /// Writes `file` now in the stage's folder, synced, for an entry stored later, and returns
    /// it as a file that storing moves into the entry: what only the file needs (dedupe's
    /// grouping state, 8 MB held at a million articles) is let go before the rest of the entry is
    /// made. One a run left behind goes when the stage's entries are trimmed.
    func staged(_ stage: Stage, _ file: CacheFile) throws(FileSystemError) -> CacheFile {
        let path = try stagingPath(stage, name: file.name)
        var sha256 = ""
        try Self.removingOnFailure(path) { () throws(FileSystemError) in sha256 = try file.write(to: path) }
        return CacheFile(file.name, staged: path, sha256: sha256, rows: file.rows)
    }

    /// Writes a file named `name` beside the stage's entries as `make` hands over its bytes,
    /// synced, and returns it as ``staged(_:_:)`` does, holding `rows` rows: for a file made by
    /// work that cannot be handed to another thread (a build's articles, parsed batch after
    /// batch into what the run keeps of them).
    func staged(
        _ stage: Stage, name: String, rows: () -> Int,
        _ make: (_ write: (ArraySlice<UInt8>) throws(FileSystemError) -> Void) throws(FileSystemError) -> Void
    ) throws(FileSystemError) -> CacheFile {
        let writer = try stagedWriter(stage, name: name)
        do {
            try make(writer.write)
            return try CacheFile(name, staged: writer, rows: rows())
        } catch {
            writer.discard()
            throw error
        }
    }

    /// A file named `name` to write beside the stage's entries piece by piece, for an entry
    /// stored later: for files made side by side (a month's mentions and deal reports, written
    /// a block of articles at a time).
    func stagedWriter(_ stage: Stage, name: String) throws(FileSystemError) -> HashingWriter {
        try HashingWriter(path: stagingPath(stage, name: name))
    }

    /// A new path beside the stage's entries for a staged file named `name`, its folder made.
    private func stagingPath(_ stage: Stage, name: String) throws(FileSystemError) -> String {
        let number = Self.stagedFiles.add(1, ordering: .relaxed).oldValue
        let path = FilePaths.join(stageDirectory(stage), ".staged-\(DurableFile.processID)-\(number)-\(name)")
        try DurableFile.makeDirectory(stageDirectory(stage))
        // A leftover of this name from a run that died; absent as a rule.
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    /// Stores `files` under `key`, as the `store` of named bytes above does.
    ///
    /// With `now`, the output is written here, beside the writes still queued (of other
    /// entries): held behind them, what only its files still hold (dedupe's grouping state,
    /// 8 MB held at a million articles) would sit beside the next stage's work.
    func store(_ stage: Stage, key: String, files: [CacheFile], now: Bool = false) throws(FileSystemError) {
        for file in files { tally.wrote(file.rows) }
        guard let storesBehind, !now else { return try write(stage, key: key, files: files) }
        let cache = self
        storesBehind.add(entry: stage.rawValue + "/" + key) { () throws(FileSystemError) in
            try cache.write(stage, key: key, files: files)
        }
    }

    private func write(_ stage: Stage, key: String, files: [CacheFile]) throws(FileSystemError) {
        try write(shelf: stage.rawValue, key: key, files: files)
        let pointer = FilePaths.join(stageDirectory(stage), pointerName)
        let temporaryPointer = FilePaths.join(stageDirectory(stage), ".latest-\(DurableFile.processID)")
        // A leftover of this process id from a run that died; absent as a rule.
        try? FileManager.default.removeItem(atPath: temporaryPointer)
        try Self.removingOnFailure(temporaryPointer) { () throws(FileSystemError) in
            try DurableFile.create(temporaryPointer, bytes: Array(key.utf8))
            try DurableFile.rename(temporaryPointer, to: pointer)
        }
        try DurableFile.syncDirectory(stageDirectory(stage))
    }

    /// Stores an entry under `key` on a shelf (a stage's folder, or another beside them), whole
    /// or not at all, as ``store(_:key:files:)`` does, without making it any stage's latest.
    func store(shelf: String, key: String, files: [(name: String, bytes: [UInt8])]) throws(FileSystemError) {
        try store(shelf: shelf, key: key, files: files.map { CacheFile($0.name, bytes: $0.bytes) })
    }

    /// Stores `files` as the entry `key` on `shelf`, unless a whole entry is there already.
    ///
    /// - Returns: the digest of each file by name, when they were written (nil when the entry
    ///   there was kept).
    @discardableResult
    func store(shelf: String, key: String, files: [CacheFile]) throws(FileSystemError) -> [String: String]? {
        for file in files { tally.wrote(file.rows) }
        return try write(shelf: shelf, key: key, files: files)
    }

    @discardableResult
    private func write(shelf: String, key: String, files: [CacheFile]) throws(FileSystemError) -> [String: String]? {
        let folder = shelfDirectory(shelf)
        let final = FilePaths.join(folder, key)
        try DurableFile.makeDirectory(folder)
        // An entry already under the key is kept only while it is whole: a damaged one is
        // replaced by the output just made, never left to break every later run. (This may be
        // the writer of stores behind: it must not wait for its own entry.)
        let exists = { FileManager.default.fileExists(atPath: final) }
        if exists(), !isWhole(shelf: shelf, key: key, files: files.map(\.name)) {
            remove(shelf: shelf, key: key)
        }
        guard !exists() else {
            // The entry there holds the same output: files written for this one are not needed.
            for file in files { file.discardStaged() }
            return nil
        }
        let temporary = FilePaths.join(folder, ".tmp-\(key)-\(DurableFile.processID)")
        // A leftover of this process id from a run that died; absent as a rule.
        try? FileManager.default.removeItem(atPath: temporary)
        var digests: [String: String] = [:]
        try Self.removingOnFailure(temporary) { () throws(FileSystemError) in
            try DurableFile.makeDirectory(temporary)
            var sums = ""
            for file in files {
                let digest = try file.write(to: FilePaths.join(temporary, file.name))
                digests[file.name] = digest
                sums += digest + "  " + file.name + "\n"
            }
            try DurableFile.create(FilePaths.join(temporary, Self.sumsFile), bytes: Array(sums.utf8))
            try DurableFile.syncDirectory(temporary)
            try DurableFile.rename(temporary, to: final)
        }
        return digests
    }

    /// Runs `write`, and when it fails (a full disk, most often) removes the half-written
    /// `temporary` before passing the error on, so that the failed run leaves nothing behind.
    private static func removingOnFailure(
        _ temporary: String, _ write: () throws(FileSystemError) -> Void
    ) throws(FileSystemError) {
        do {
            try write()
        } catch {
            // Removing what was just written can only fail where the write already did; the
            // next run clears such leftovers, and the write's error is the one to report.
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    private static let sumsFile = "SHA256SUMS"

    /// The bytes of one file of an entry, checked against the digest stored with it.
    ///
    /// - Throws: ``RunError`` when the entry is gone; ``DamagedDataError`` when the file or its
    ///   digest is missing or the bytes differ.
    func bytes(_ stage: Stage, key: String, file: String) throws -> [UInt8] {
        try bytes(shelf: stage.rawValue, key: key, file: file)
    }

    /// The bytes of one file of an entry on a shelf, checked against its stored digest unless
    /// `stamps` vouch for the file (one checked before, by this run or an earlier one, and not
    /// changed since); a file checked is recorded in `stamps`.
    func bytes(shelf: String, key: String, file: String, stamps: FileStamps? = nil) throws -> [UInt8] {
        try checkedBytes(in: storedEntry(shelf: shelf, key: key), file: file, stamps: stamps)
    }

    /// The folder of an entry that is in the cache (waited for if still being written).
    private func storedEntry(shelf: String, key: String) throws(RunError) -> String {
        guard has(shelf: shelf, key: key) else {
            throw RunError("the \(shelf) output \(key) is no longer in the cache")
        }
        return entryPath(shelf: shelf, key: key)
    }

    /// The bytes of `file` in the entry folder `folder`, checked against the digest its
    /// `SHA256SUMS` lists unless `stamps` vouch for them; a file checked is recorded in `stamps`.
    /// Reads what is on disk without waiting for stores behind.
    private func checkedBytes(in folder: String, file: String, stamps: FileStamps?) throws(DamagedDataError)
        -> [UInt8]
    {
        let digest = try listedDigest(in: folder, file: file)
        let path = FilePaths.join(folder, file)
        let isVouched = stamps?.vouches(for: path, digest: digest) == true
        guard let bytes = FileBytes.read(path) else {
            throw DamagedDataError(path: path, problem: "missing or unreadable")
        }
        if isVouched { return bytes }
        guard SHA256.hex(bytes) == digest else {
            throw DamagedDataError(path: path, problem: "its bytes no longer match the digest stored with the entry")
        }
        stamps?.record(path, digest: digest)
        return bytes
    }

    /// Reads one file of an entry front to back with `read`, which takes what it needs of it a
    /// block at a time (``FileBlockReader``); the bytes are checked against the entry's digest
    /// at the file's end, unless `stamps` vouch for them, and a file checked is recorded in
    /// `stamps`. A reader of a month's fingerprints or of a few of its reports holds a block of
    /// the file, not the file (14 and 25 MB at a million articles).
    ///
    /// - Throws: ``RunError`` when the entry is gone; ``DamagedDataError`` when the file or its
    ///   digest is missing or the bytes differ; what `read` throws.
    func read<Value>(
        shelf: String, key: String, file: String, stamps: FileStamps? = nil, _ read: (FileBlockReader) throws -> Value
    ) throws -> Value {
        let folder = try storedEntry(shelf: shelf, key: key)
        let digest = try listedDigest(in: folder, file: file)
        let path = FilePaths.join(folder, file)
        let isVouched = stamps?.vouches(for: path, digest: digest) == true
        let reader = try FileBlockReader(path: path)
        let value = try read(reader)
        if !isVouched {
            guard try reader.digest() == digest else {
                throw DamagedDataError(
                    path: path, problem: "its bytes no longer match the digest stored with the entry")
            }
            stamps?.record(path, digest: digest)
        }
        return value
    }

    /// The lines numbered `wanted` (ascending, from 0) of one file of an entry, each with its
    /// newline; how many lines the file holds (a last one without a newline counts); and whether
    /// it ends in a newline (an empty file does). Read as ``read(shelf:key:file:stamps:_:)``
    /// reads, the file's digest checked.
    func lines(shelf: String, key: String, file: String, numbered wanted: [Int]) throws -> (
        chosen: [UInt8], lineCount: Int, endsInNewline: Bool
    ) {
        try read(shelf: shelf, key: key, file: file) { reader in
            var chosen: [UInt8] = []
            var (line, next) = (0, 0)
            var endsInNewline = true
            while let hasNewline = try reader.takeLine({ bytes, hasNewline in
                if next < wanted.count, wanted[next] == line {
                    chosen += bytes
                    if !hasNewline { chosen.append(0x0A) }
                    next += 1
                }
                return hasNewline
            }) {
                line += 1
                endsInNewline = hasNewline
            }
            return (chosen, line, endsInNewline)
        }
    }

    /// The records on the lines numbered `wanted` (ascending, from 0) of one file of an entry,
    /// decoded and counted as read; nil when the file is not as its list says (not `lineCount`
    /// lines when that is given, fewer lines than wanted, a last line without its newline, a
    /// wanted line that does not decode): the caller then decodes the whole file, which names
    /// what is wrong. Only the wanted lines are held, a block of the file at a time.
    ///
    /// - Throws: as ``read(shelf:key:file:stamps:_:)``: a file changed since it was stored.
    func records<Record: Decodable & Sendable>(
        _ type: Record.Type, shelf: String, key: String, file: String, numbered wanted: [Int], lineCount: Int? = nil
    ) throws -> [Record]? {
        let read = try lines(shelf: shelf, key: key, file: file, numbered: wanted)
        guard read.endsInNewline, lineCount.map({ $0 == read.lineCount }) ?? true,
            (wanted.last ?? -1) < read.lineCount,
            let records = try? JSONLinesReader.decode(type, read.chosen, path: file, jobs: jobs),
            records.count == wanted.count
        else { return nil }
        tally.read(records.count)
        return records
    }

    /// The digest stored with one file of an entry, read without reading the file.
    ///
    /// - Throws: ``RunError`` when the entry is gone; ``DamagedDataError`` when the entry lists
    ///   no digest for the file.
    func storedDigest(shelf: String, key: String, file: String) throws -> String {
        try listedDigest(in: storedEntry(shelf: shelf, key: key), file: file)
    }

    /// The digest an entry's `SHA256SUMS` lists for `file`.
    private func listedDigest(in folder: String, file: String) throws(DamagedDataError) -> String {
        guard let sums = FileBytes.read(FilePaths.join(folder, Self.sumsFile)) else {
            throw DamagedDataError(path: folder, problem: "cache entry without \(Self.sumsFile)")
        }
        let suffix = Array(("  " + file).utf8)
        guard
            let line = sums.split(separator: 0x0A).first(where: {
                $0.count == 64 + suffix.count && $0.suffix(suffix.count).elementsEqual(suffix)
            })
        else {
            throw DamagedDataError(
                path: FilePaths.join(folder, file), problem: "not listed in the entry's \(Self.sumsFile)")
        }
        return String(decoding: line.prefix(64), as: UTF8.self)
    }

    /// The records of one file of an entry, checked against its digest.
    ///
    /// - Throws: ``RunError`` when the entry is gone; ``DamagedDataError`` when the file is
    ///   damaged; an error naming file and line for a bad record.
    func load<Record: Decodable & Sendable>(_ type: Record.Type, _ stage: Stage, key: String, file: String) throws
        -> [Record]
    {
        try load(type, shelf: stage.rawValue, key: key, file: file)
    }

    /// The records of one file of an entry on a shelf, checked against its digest, counted as read.
    ///
    /// The file is read and decoded a block at a time, not held whole beside its records: the
    /// reports of a month a night extracts again were 19 MB of JSON at a million articles,
    /// read beside the 25 MB decoded from them at extract's peak.
    func load<Record: Decodable & Sendable>(_ type: Record.Type, shelf: String, key: String, file: String) throws
        -> [Record]
    {
        let folder = try storedEntry(shelf: shelf, key: key)
        let digest = try listedDigest(in: folder, file: file)
        let records = try JSONLinesReader.read(type, from: FilePaths.join(folder, file), sha256: digest, jobs: jobs)
        tally.read(records.count)
        return records
    }

    /// Whether every one of `files` of the entry is there with the digest stored for it.
    private func isWhole(shelf: String, key: String, files: [String]) -> Bool {
        // Any failure to read one back is what "not whole" means here. Read without waiting for
        // stores behind: the writer of those asks this.
        // Each file is hashed a block at a time, not read whole: a rerun of dedupe that makes
        // the entry there again held its 800 MB of deals at a million articles.
        let folder = entryPath(shelf: shelf, key: key)
        return files.allSatisfy { file in
            guard let digest = try? listedDigest(in: folder, file: file),
                let reader = try? FileBlockReader(path: FilePaths.join(folder, file))
            else { return false }
            return (try? reader.digest()) == digest
        }
    }

    /// Removes one entry (a damaged one, to be recomputed and stored again).
    func remove(_ stage: Stage, key: String) {
        remove(shelf: stage.rawValue, key: key)
    }

    func remove(shelf: String, key: String) {
        // Renamed aside first, so no reader sees half an entry; an entry that cannot be moved
        // stays, and the next store over it tries again.
        let aside = FilePaths.join(shelfDirectory(shelf), ".damaged-\(key)-\(DurableFile.processID)")
        if (try? FileManager.default.moveItem(atPath: entryPath(shelf: shelf, key: key), toPath: aside)) != nil {
            try? FileManager.default.removeItem(atPath: aside)
        }
    }

    /// Removes every entry of a shelf that no entry of `stage` lists in its file `file` (one key
    /// a line, as `key` reads it from the line), and the hidden folders of stores that died.
    /// Call it after ``removeEntries(keeping:)``, while holding the ``RunLock``.
    ///
    /// - Returns: how many entries were removed.
    @discardableResult
    func removeUnlisted(shelf: String, listedBy stage: Stage, in file: String, key: (ArraySlice<UInt8>) -> String?)
        -> Int
    {
        // Housekeeping: a list that cannot be read keeps nothing; its entries are made again
        // if that output is ever used.
        let names = (try? FileManager.default.contentsOfDirectory(atPath: stageDirectory(stage))) ?? []
        var listed = Set<String>()
        for name in names where !name.hasPrefix(".") && !name.hasPrefix("latest") {
            for line in (try? bytes(stage, key: name, file: file))?.split(separator: 0x0A) ?? [] {
                if let key = key(line) { listed.insert(key) }
            }
        }
        return removeEntries(shelf: shelf, keeping: listed)
    }

    /// Removes every entry of a shelf whose key is not in `keep`, and the hidden folders of
    /// stores that died. Call it only while holding the ``RunLock``.
    ///
    /// - Returns: how many entries were removed.
    @discardableResult
    func removeEntries(shelf: String, keeping keep: Set<String>) -> Int {
        let folder = shelfDirectory(shelf)
        // Trimming is housekeeping: what cannot be listed or removed stays for the next run.
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var removed = 0
        for name in names where !keep.contains(name) {
            if (try? FileManager.default.removeItem(atPath: FilePaths.join(folder, name))) != nil, !name.hasPrefix(".")
            {
                removed += 1
            }
        }
        return removed
    }

    /// Removes every stage output except the keys in `keep` and each stage's latest of every
    /// pipeline, and the hidden folders of stores that died. Call it only while holding the
    /// ``RunLock``.
    ///
    /// - Returns: how many entries were removed.
    @discardableResult
    func removeEntries(keeping keep: [Stage: Set<String>]) -> Int {
        var removed = 0
        for stage in Stage.allCases {
            let folder = stageDirectory(stage)
            // Trimming is housekeeping: what cannot be listed or removed stays for the next run.
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            let pointers = names.filter { $0.hasPrefix("latest") }
            let latest = Set(pointers.compactMap { key(pointer: FilePaths.join(folder, $0), stage) })
            for name in names
            where !name.hasPrefix("latest") && !latest.contains(name) && !(keep[stage]?.contains(name) ?? false) {
                if (try? FileManager.default.removeItem(atPath: FilePaths.join(folder, name))) != nil,
                    !name.hasPrefix(".")
                {
                    removed += 1
                }
            }
        }
        return removed
    }
}

/// The cache key of a stage: a digest of the stage's name, the code, its options, the files
/// they name (by content) and the keys or digests of its inputs. Equal keys mean equal output.
///
/// The options go in as their whole `Encodable` form, so a field added to an options type
/// changes the key without anyone listing it here.
enum StageKey {
    /// The key: a digest of the stage, the code, the options, the files' digests and the
    /// inputs, each input hashed as it comes (a build's pages are a million inputs).
    static func make(
        _ stage: Stage, options: some Encodable = [String](), files: [String] = [], inputs: some Sequence<String>
    ) -> String {
        var text = KeyText(stage, options: options, files: files)
        for part in inputs {
            text.append("input ")
            text.append(part)
            text.append("\n")
        }
        return String(text.hex().prefix(32))
    }

    /// The key ``make(_:options:files:inputs:)`` gives for `count` inputs whose text `write`
    /// appends, the input at each place in turn, as bytes: for inputs held as bytes (a build's
    /// pages), which need not each be made a string to be hashed.
    static func make(
        _ stage: Stage, options: some Encodable, inputs count: Int, writing write: (Int, inout [UInt8]) -> Void
    ) -> String {
        var text = KeyText(stage, options: options, files: [])
        for place in 0..<count { text.appendInput { write(place, &$0) } }
        return String(text.hex().prefix(32))
    }

    /// The key's text, hashed a block at a time as it is written.
    private struct KeyText {
        private var hasher = SHA256()
        private var pending: [UInt8] = []

        /// The text's head: the stage, the code, the options and the files.
        init(_ stage: Stage, options: some Encodable, files: [String]) {
            append("landscape stage cache 2\n\(stage.rawValue)\n\(CodeFingerprint.current)\n")
            append("options \(encoding(of: options))\n")
            for digest in files { append("file \(digest)\n") }
        }

        mutating func append(_ text: String) {
            pending.append(contentsOf: text.utf8)
            hashIfFull()
        }

        /// Appends an input's line, its text written by `write`.
        mutating func appendInput(_ write: (inout [UInt8]) -> Void) {
            pending.append(contentsOf: "input ".utf8)
            write(&pending)
            pending.append(UInt8(ascii: "\n"))
            hashIfFull()
        }

        private mutating func hashIfFull() {
            if pending.count >= 1 << 16 {
                hasher.update(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }

        consuming func hex() -> String {
            hasher.update(pending)
            return hexString(hasher.finalize())
        }
    }

    /// Options as JSON with sorted keys: the same options always encode to the same text.
    static func encoding(of options: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(options) else {
            // Options are plain values; should one ever fail to encode, no key may match it.
            return "unencodable \(UUID().uuidString)"
        }
        return String(decoding: data, as: UTF8.self)
    }
}

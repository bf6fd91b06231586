/// Dedupe's article fingerprints (MinHash signatures and exact keys) in the ``StageCache``, one
/// entry a month of articles, under a key made of the dedupe settings and the id and digest of
/// every article of the month: a night signs only the articles of the months it changed.
struct FingerprintCache {
    let cache: StageCache

    /// Where the months are kept, beside the stages' folders: `cache/stages/dedupe-months/`.
    static let shelf = "dedupe-months"
    private static let file = "fingerprints.bin"

    /// What a month's key is made of besides its articles: the dedupe settings and the code.
    static func context(options: DedupeOptions) -> String {
        "landscape dedupe fingerprints 1\n\(CodeFingerprint.current)\n\(StageKey.encoding(of: options))"
    }

    /// Whether a month's fingerprints are stored.
    func has(key: String) -> Bool { cache.has(shelf: Self.shelf, key: key) }

    /// A month's fingerprints as stored, decoded as the file is read a block at a time
    /// (``ArticleFingerprints/init(reading:hasher:)``), or nil when they are not stored, not
    /// fingerprints for `hasher`, or damaged: the month is then signed again. They are checked
    /// against their digest unless `stamps` vouch for them: grouping reads each month several
    /// times a night.
    func month(key: String, stamps: FileStamps, hasher: MinHasher) -> ArticleFingerprints? {
        guard cache.has(shelf: Self.shelf, key: key) else { return nil }
        return
            (try? cache.read(shelf: Self.shelf, key: key, file: Self.file, stamps: stamps) { reader in
                ArticleFingerprints(reading: reader, hasher: hasher)
            }) ?? nil
    }

    /// A month's fingerprints as stored, handed to `body` a part at a time as the file is read
    /// (``ArticleFingerprints/parts(reading:hasher:count:rowsPerPart:_:)``), when they are
    /// `count` articles' for `hasher`. Unless `stamps` vouch for the file, its bytes are checked
    /// against their digest first, so that nothing of a damaged file is handed over.
    ///
    /// - Returns: how many articles were handed over: 0 when the month is not stored, not
    ///   fingerprints of `count` articles for `hasher`, or damaged; fewer than `count` when
    ///   the file stopped reading as fingerprints part of the way.
    func month(
        key: String, stamps: FileStamps, hasher: MinHasher, count: Int, rowsPerPart: Int,
        _ body: (_ first: Int, _ part: ArticleFingerprints) -> Void
    ) -> Int {
        guard cache.has(shelf: Self.shelf, key: key),
            (try? cache.read(shelf: Self.shelf, key: key, file: Self.file, stamps: stamps) { _ in }) != nil
        else { return 0 }
        // What was handed over counts, whatever the read ends with.
        var handed = 0
        _ = try? cache.read(shelf: Self.shelf, key: key, file: Self.file, stamps: stamps) { reader in
            handed = ArticleFingerprints.parts(
                reading: reader, hasher: hasher, count: count, rowsPerPart: rowsPerPart, body)
        }
        return handed
    }

    func store(key: String, _ fingerprints: ArticleFingerprints) throws {
        // Written as encoded: a month of a million articles' landscape is 14 MB.
        try cache.store(
            shelf: Self.shelf, key: key,
            files: [CacheFile(Self.file, rows: 0) { write throws(FileSystemError) in try fingerprints.write(write) }])
    }

    /// Stores a month written again from an earlier one as the earlier one is read, a part at
    /// a time (``ArticleFingerprints/write(merging:fresh:earlier:to:)``): `rows` gives each
    /// article's row in the earlier month, stored under `earlier.key` for `earlier.count`
    /// articles, or -1 for the next of `fresh`.
    ///
    /// - Returns: false, and nothing stored, when the earlier month is not stored as `earlier`
    ///   says or stops reading as fingerprints part of the way.
    /// - Throws: ``FileSystemError`` when the month cannot be written.
    func store(
        key: String, merging rows: [Int32], fresh: ArticleFingerprints, earlier: (key: String, count: Int),
        stamps: FileStamps
    ) throws(FileSystemError) -> Bool {
        guard has(key: earlier.key) else { return false }
        let months = self
        let file = CacheFile(Self.file, rows: 0) { write throws(FileSystemError) in
            let isWhole = try ArticleFingerprints.write(
                merging: rows, fresh: fresh,
                earlier: { body in
                    _ = months.month(
                        key: earlier.key, stamps: stamps, hasher: fresh.hasher, count: earlier.count,
                        rowsPerPart: Self.rowsPerPart, body)
                }, to: write)
            guard isWhole else {
                throw FileSystemError(
                    path: earlier.key, operation: Self.unmerged, message: "not the fingerprints listed")
            }
        }
        do {
            try cache.store(shelf: Self.shelf, key: key, files: [file])
            return true
        } catch  where error.operation == Self.unmerged {
            return false
        }
    }

    /// What a month whose earlier fingerprints could not be read throws, to leave nothing stored.
    private static let unmerged = "merge fingerprints"

    /// How many articles of a stored month are read at a time: a month of a million articles'
    /// landscape is 30,000 articles, 14 MB of fingerprints.
    static let rowsPerPart = 2048

    /// Stores a month over one whose bytes were whole but could not be read as its fingerprints,
    /// which ``store(key:_:)`` would keep.
    func replace(key: String, _ fingerprints: ArticleFingerprints) throws {
        cache.remove(shelf: Self.shelf, key: key)
        try store(key: key, fingerprints)
    }

    /// Removes the stored months no dedupe output still in the cache lists (``DedupeCache``
    /// lists the months it was made from).
    ///
    /// - Returns: how many were removed.
    @discardableResult
    func removeUnlistedMonths() -> Int {
        cache.removeUnlisted(shelf: Self.shelf, listedBy: .dedupe, in: DedupeCache.fingerprintsFile) { line in
            line.isEmpty ? nil : String(decoding: line, as: UTF8.self)
        }
    }
}

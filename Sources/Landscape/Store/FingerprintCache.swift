/// Dedupe's article fingerprints (MinHash signatures and exact keys) in the ``StageCache``, one
/// entry a month of articles, under a key made of the dedupe settings and the id and digest of
/// every article of the month: a night signs only the articles of the months it changed.
struct FingerprintCache {
    let cache: StageCache

    static let shelf = "dedupe-months"
    private static let file = "fingerprints.bin"

    static func monthKey(options: DedupeOptions, month: String, articleIDs: [String], digests: [String]) -> String {
        var hasher = SHA256()
        hasher.update(
            Array(
                "landscape dedupe fingerprints 1\n\(CodeFingerprint.current)\n\(StageKey.encoding(of: options))\n\(month)\n"
                    .utf8))
        for (id, digest) in zip(articleIDs, digests) { hasher.update(Array("\(id) \(digest)\n".utf8)) }
        return String(hexString(hasher.finalize()).prefix(32))
    }

    /// A month's fingerprints, or nil when they are not stored, damaged or of other settings:
    /// the month is then signed again.
    func month(key: String, hasher: MinHasher) -> ArticleFingerprints? {
        guard cache.has(shelf: Self.shelf, key: key),
            let bytes = try? cache.bytes(shelf: Self.shelf, key: key, file: Self.file)
        else { return nil }
        return ArticleFingerprints(decoding: bytes, hasher: hasher)
    }

    func store(key: String, _ fingerprints: ArticleFingerprints) throws {
        try cache.store(shelf: Self.shelf, key: key, files: [(Self.file, fingerprints.encoded())])
    }

    /// Removes every stored month but those in `keep`, the months of the landscape just deduped.
    @discardableResult
    func removeMonths(keeping keep: Set<String>) -> Int {
        cache.removeEntries(shelf: Self.shelf, keeping: keep)
    }
}

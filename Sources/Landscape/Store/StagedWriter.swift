/// A file of a stage cache entry written beside the entries as its pieces come, hashed on the
/// way, and moved into the entry when it is stored (``StageCache/stagedWriter(_:name:)``).
///
/// Several can be written at once, so that a month's mentions and deal reports go to disk a
/// block of articles at a time, neither held whole: a month of a million articles' landscape is
/// a hundred megabytes of mentions.
final class StagedWriter {
    let name: String
    private let file: DurableFile.NewFile
    private var hash = SHA256()
    private var isOpen = true

    init(name: String, path: String) throws(FileSystemError) {
        self.name = name
        file = try DurableFile.NewFile(path)
    }

    /// Appends `piece`.
    func write(_ piece: ArraySlice<UInt8>) throws(FileSystemError) {
        piece.withUnsafeBytes { hash.update($0) }
        try file.write(piece)
    }

    /// Syncs and closes the file, and returns it as a staged file of `rows` rows.
    func finish(rows: Int) throws(FileSystemError) -> CacheFile {
        isOpen = false
        try file.close()
        return CacheFile(name, staged: file.path, sha256: hexString(hash.finalize()), rows: rows)
    }

    /// Removes the file, written or not: the entry it was for is not stored.
    func discard() {
        if isOpen {
            isOpen = false
            try? file.close(sync: false)
        }
        unlink(file.path)
    }
}

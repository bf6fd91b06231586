/// A new file written piece by piece, hashed (SHA-256) as the pieces come: how every file of a
/// stage cache entry that is made rather than held is written, in the entry or staged beside
/// the entries (``StageCache/stagedWriter(_:name:)``).
///
/// Several can be written at once, so that a month's mentions and deal reports go to disk a
/// block of articles at a time, neither held whole: a month of a million articles' landscape is
/// a hundred megabytes of mentions.
final class HashingWriter {
    let path: String
    private let file: DurableFile.NewFile
    private var hash = SHA256()
    private var isOpen = true

    /// Creates `path`, which must not exist.
    init(path: String) throws(FileSystemError) {
        self.path = path
        file = try DurableFile.NewFile(path)
    }

    /// Appends `piece`.
    func write(_ piece: ArraySlice<UInt8>) throws(FileSystemError) {
        piece.withUnsafeBytes { hash.update($0) }
        try file.write(piece)
    }

    /// Syncs and closes the file, and returns its SHA-256 in hex.
    func close() throws(FileSystemError) -> String {
        isOpen = false
        try file.close()
        return hexString(hash.finalize())
    }

    /// Removes the file, closed or not: what it was written for is not stored.
    func discard() {
        if isOpen {
            isOpen = false
            try? file.close(sync: false)
        }
        unlink(path)
    }
}

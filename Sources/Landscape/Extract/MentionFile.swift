/// One month's mentions as a JSON-lines file on disk: a month of extract's output in the stage
/// cache, or a snapshot's mentions file. Publish copies or links it as it is, so a month that
/// did not change is never decoded, and never held in memory beside the others.
struct MentionFile: Sendable, Hashable {
    /// The month of the mentions' articles (`2025-05`).
    let month: String
    let path: String
    let rows: Int
    /// The digest of the file's bytes as they are on disk.
    let sha256: String

    var isGzip: Bool { path.hasSuffix(".gz") }

    /// Hands the file's bytes as they are on disk to `emit`, a few megabytes at a time, and
    /// checks them against its digest once all are read: a month of mentions is 100 MB at a
    /// million articles, and publish copies it without holding it whole.
    ///
    /// - Throws: ``DamagedDataError`` when the file is missing or its bytes changed, after
    ///   handing on what it read: the file written from them is to be discarded.
    func write(to emit: (_ piece: [UInt8]) throws -> Void) throws {
        var hasher = SHA256()
        let isRead = try FileBytes.read(path, inPiecesOf: Self.pieceBytes) { piece in
            hasher.update(piece)
            try emit(piece)
        }
        guard isRead else { throw missing }
        guard hexString(hasher.finalize()) == sha256 else { throw changed }
    }

    private static let pieceBytes = 4 << 20

    /// Reads the file through, a few megabytes at a time, to check it against its digest.
    ///
    /// - Throws: ``DamagedDataError`` when the file is missing or its bytes changed.
    func check() throws {
        try write { _ in }
    }

    /// The file's bytes as they are on disk, checked against its digest.
    ///
    /// - Throws: ``DamagedDataError`` when the file is missing or its bytes changed.
    func bytes() throws -> [UInt8] {
        guard let bytes = FileBytes.read(path) else { throw missing }
        guard SHA256.hex(bytes) == sha256 else { throw changed }
        return bytes
    }

    private var missing: DamagedDataError { DamagedDataError(path: path, problem: "missing or unreadable") }

    private var changed: DamagedDataError {
        DamagedDataError(path: path, problem: "its bytes no longer match the digest recorded when it was written")
    }
}

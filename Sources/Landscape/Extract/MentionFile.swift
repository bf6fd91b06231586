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

    /// The file's bytes as they are on disk, checked against its digest.
    ///
    /// - Throws: ``DamagedDataError`` when the file is missing or its bytes changed.
    func bytes() throws -> [UInt8] {
        guard let bytes = FileBytes.read(path) else {
            throw DamagedDataError(path: path, problem: "missing or unreadable")
        }
        guard SHA256.hex(bytes) == sha256 else {
            throw DamagedDataError(
                path: path, problem: "its bytes no longer match the digest recorded when it was written")
        }
        return bytes
    }
}

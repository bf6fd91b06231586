/// Where the records read from a plain JSON-lines file are in it: the file, as it was when read
/// (its stamp and digest), and each record's line. A writer copies the line of a record that did
/// not change instead of encoding it again.
struct RecordLines: Sendable {
    let path: String
    let sha256: String
    /// The file's stamp taken before it was read, whose bytes then had `sha256`.
    let stamp: FileStamps.Stamp
    /// Each record's bytes in the file, without the newline.
    let places: [Range<Int>]

    /// Calls `body` with a reader of the file's bytes, once the open file is known to be the
    /// one read: the same stamp (``FileStamps``).
    ///
    /// - Throws: ``DamagedDataError`` naming the file when it changed, cannot be read, or ends
    ///   before a range read; or what `body` throws.
    func reading<Result>(_ body: (_ read: (Range<Int>) throws -> [UInt8]) throws -> Result) throws -> Result {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw DamagedDataError(path: path, problem: "missing or unreadable") }
        defer { close(descriptor) }
        guard FileStamps.stamp(ofOpen: descriptor) == stamp else {
            throw DamagedDataError(path: path, problem: "changed since this run read it")
        }
        return try body { range in
            var bytes = [UInt8](repeating: 0, count: range.count)
            let got = bytes.withUnsafeMutableBytes { FileBytes.fill($0, from: descriptor, at: range.lowerBound) }
            guard got == range.count else {
                throw DamagedDataError(path: path, problem: "shorter than when this run read it")
            }
            return bytes
        }
    }
}

/// Where the records read from a plain JSON-lines file are in it: the file, as it was when read
/// (its stamp and digest), and each record's line. A writer copies the line of a record that did
/// not change instead of encoding it again.
struct RecordLines: Sendable {
    let path: String
    let sha256: String
    /// The file's stamp taken before it was read, whose bytes then had `sha256`.
    let stamp: FileStamps.Stamp
    /// Each record's bytes in the file, without the newline.
    let places: LinePlaces

    /// Calls `body` with a reader of the file's bytes, once the open file is known to be the
    /// one read: the same stamp (``FileStamps``).
    ///
    /// - Throws: ``DamagedDataError`` naming the file when it changed, cannot be read, or ends
    ///   before a range read; or what `body` throws.
    func reading<Result>(_ body: (_ read: (Range<Int>) throws -> [UInt8]) throws -> Result) throws -> Result {
        let file = try opened()
        return try body { try file.read($0) }
    }

    /// The file opened, once it is known to be the one read, for a reader that reads a line now
    /// and then for as long as it holds it.
    ///
    /// - Throws: ``DamagedDataError`` naming the file when it changed or cannot be read.
    func opened() throws(DamagedDataError) -> OpenedFile {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw DamagedDataError(path: path, problem: "missing or unreadable") }
        guard FileStamps.stamp(ofOpen: descriptor) == stamp else {
            close(descriptor)
            throw DamagedDataError(path: path, problem: "changed since this run read it")
        }
        return OpenedFile(path: path, descriptor: descriptor)
    }

    /// A file of records, open; closed when let go.
    final class OpenedFile: Sendable {
        let path: String
        private let descriptor: Int32

        fileprivate init(path: String, descriptor: Int32) {
            self.path = path
            self.descriptor = descriptor
        }

        deinit { close(descriptor) }

        /// The bytes at `range`.
        ///
        /// - Throws: ``DamagedDataError`` naming the file when it ends before the range does.
        func read(_ range: Range<Int>) throws(DamagedDataError) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: range.count)
            let got = bytes.withUnsafeMutableBytes { FileBytes.fill($0, from: descriptor, at: range.lowerBound) }
            guard got == range.count else {
                throw DamagedDataError(path: path, problem: "shorter than when this run read it")
            }
            return bytes
        }
    }
}

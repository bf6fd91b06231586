/// A file read front to back a block at a time, handing out its bytes in order as they are
/// asked for, and hashing every byte it reads: a reader of a file's records holds a block of
/// them, not the file (a month's fingerprints are 14 MB at a million articles, read two at a
/// time beside dedupe's grouping).
final class FileBlockReader {
    let path: String
    /// The file's size when it was opened.
    let size: Int
    private let descriptor: Int32
    private let blockBytes: Int
    /// Bytes read and not taken yet start at `offset`.
    private var pending: [UInt8] = []
    private var offset = 0
    private var isDrained = false
    private var hasher = SHA256()

    /// - Throws: ``DamagedDataError`` when the file cannot be opened.
    init(path: String, blockBytes: Int = 1 << 20) throws(DamagedDataError) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw DamagedDataError(path: path, problem: "missing or unreadable") }
        var status = stat()
        size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
        // A file smaller than a block is read in one block of its size, and a byte to see its
        // end: a small file is not given a block of its own.
        self.blockBytes = max(1, min(blockBytes, size + 1))
    }

    deinit { close(descriptor) }

    /// Hands the next `count` bytes to `body`, valid only while it runs; nil, with nothing
    /// taken, when the file ends before them.
    ///
    /// - Throws: ``DamagedDataError`` when a read fails.
    func take<Result>(_ count: Int, _ body: (UnsafeRawBufferPointer) -> Result) throws(DamagedDataError) -> Result? {
        while pending.count - offset < count, !isDrained { try readBlock() }
        guard pending.count - offset >= count else { return nil }
        defer { offset += count }
        return pending.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + count)])) }
    }

    /// Hands the next line to `body`, with its newline if it has one (only the file's last line
    /// may not), valid only while it runs; nil at the end of the file.
    ///
    /// - Throws: ``DamagedDataError`` when a read fails.
    func takeLine<Result>(_ body: (UnsafeRawBufferPointer, _ hasNewline: Bool) -> Result) throws(DamagedDataError)
        -> Result?
    {
        var searched = offset
        while true {
            // Lines are found with memchr, a word at a time, from where the last search stopped.
            let found = pending.withUnsafeBytes { buffer -> Int? in
                guard let base = buffer.baseAddress, searched < buffer.count,
                    let hit = memchr(base + searched, Int32(UInt8(ascii: "\n")), buffer.count - searched)
                else { return nil }
                return base.distance(to: UnsafeRawPointer(hit))
            }
            if let newline = found {
                defer { offset = newline + 1 }
                return pending.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[offset...newline]), true) }
            }
            guard !isDrained else { break }
            searched = pending.count - offset
            try readBlock()
        }
        guard offset < pending.count else { return nil }
        defer { offset = pending.count }
        return pending.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[offset...]), false) }
    }

    /// Whether every byte of the file has been taken.
    func isAtEnd() throws(DamagedDataError) -> Bool {
        if offset == pending.count, !isDrained { try readBlock() }
        return isDrained && offset == pending.count
    }

    /// The SHA-256 of the file's bytes, in hex, the rest of it read (and not kept) first.
    func digest() throws(DamagedDataError) -> String {
        while !isDrained {
            offset = pending.count
            try readBlock()
        }
        return hexString(hasher.finalize())
    }

    private func readBlock() throws(DamagedDataError) {
        pending.removeFirst(offset)
        offset = 0
        let start = pending.count
        guard let got = FileBytes.append(upTo: blockBytes, from: descriptor, to: &pending) else {
            throw DamagedDataError(path: path, problem: "unreadable")
        }
        pending.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        if got < blockBytes { isDrained = true }
    }
}

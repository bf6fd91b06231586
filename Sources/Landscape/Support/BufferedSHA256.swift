/// A SHA-256 of many small pieces (a line of a month's article list at a time), gathered into
/// a buffer hashed 64 KB at a time: a call of ``SHA256/update(_:)`` for each piece costs more
/// than the hashing, and the whole text made first is megabytes.
struct BufferedSHA256 {
    private var hasher = SHA256()
    private var buffer: [UInt8] = []
    private static let size = 1 << 16

    init() { buffer.reserveCapacity(Self.size + 256) }

    /// Adds what `write` appends to the buffer.
    mutating func append(_ write: (_ buffer: inout [UInt8]) -> Void) {
        write(&buffer)
        if buffer.count >= Self.size {
            hasher.update(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// The lower-case hex digest of everything added.
    consuming func hexDigest() -> String {
        hasher.update(buffer)
        return hexString(hasher.finalize())
    }
}

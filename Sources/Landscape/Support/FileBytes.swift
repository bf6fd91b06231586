/// Reads whole files straight into a byte array: one allocation and one copy, where
/// `FileManager.contents(atPath:)` followed by `Array(data)` makes two of each (and, as
/// LeakSanitizer sees it, leaks its buffer; the tests read files and pipes through here too).
package enum FileBytes {
    /// The file's bytes, or nil when it cannot be opened or read.
    package static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        return read(descriptor: descriptor)
    }

    /// Everything left to read from an open descriptor (a file, or a pipe to its end), or nil
    /// when a read fails.
    package static func read(descriptor: Int32) -> [UInt8]? {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        var result: [UInt8] = []
        // One byte more than the size, so that the end of a file that did not grow shows at once.
        var chunk = max(Int(status.st_size), 0) + 1
        while true {
            var failed = false
            var atEnd = false
            let piece = [UInt8](unsafeUninitializedCapacity: chunk) { buffer, initialized in
                let filled = fill(UnsafeMutableRawBufferPointer(buffer), from: descriptor)
                initialized = filled ?? 0
                failed = filled == nil
                atEnd = initialized < buffer.count
            }
            if failed { return nil }
            if result.isEmpty { result = piece } else { result.append(contentsOf: piece) }
            if atEnd { return result }
            chunk = max(chunk, 1 << 16)
        }
    }

    /// Hands the file's bytes to `body` in order, `pieceBytes` at a time (the last piece
    /// shorter, an empty file none), never holding the whole file.
    ///
    /// - Returns: false when the file cannot be opened or a read fails; `body` may have been
    ///   handed pieces before a read failed.
    package static func read(
        _ path: String, inPiecesOf pieceBytes: Int, _ body: (_ piece: [UInt8]) throws -> Void
    ) rethrows -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        while true {
            var filled: Int?
            let piece = [UInt8](unsafeUninitializedCapacity: pieceBytes) { buffer, initialized in
                filled = fill(UnsafeMutableRawBufferPointer(buffer), from: descriptor)
                initialized = filled ?? 0
            }
            guard filled != nil else { return false }
            if !piece.isEmpty { try body(piece) }
            if piece.count < pieceBytes { return true }
        }
    }

    /// Reads up to `count` more bytes from `descriptor` onto the end of `bytes`, straight into
    /// their storage (fewer only at the end of the input); returns how many, or nil when a read
    /// fails. For readers that keep the bytes not used yet and read the next block after them.
    package static func append(upTo count: Int, from descriptor: Int32, to bytes: inout [UInt8]) -> Int? {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: count))
        let got = bytes.withUnsafeMutableBytes {
            fill(UnsafeMutableRawBufferPointer(rebasing: $0[start...]), from: descriptor)
        }
        bytes.removeLast(count - (got ?? 0))
        return got
    }

    /// Reads from `descriptor` into `buffer` until it is full or the input ends; returns how
    /// many bytes were read (fewer than the buffer holds only at the end), or nil when a read
    /// fails. With `offset`, reads from there in the file, leaving its position alone.
    package static func fill(_ buffer: UnsafeMutableRawBufferPointer, from descriptor: Int32, at offset: Int? = nil)
        -> Int?
    {
        var filled = 0
        while filled < buffer.count, let base = buffer.baseAddress {
            let wanted = buffer.count - filled
            let got =
                offset.map { SystemLibrary.read(descriptor, base + filled, wanted, at: $0 + filled) }
                ?? SystemLibrary.read(descriptor, base + filled, wanted)
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if got == 0 { break }
            filled += got
        }
        return filled
    }
}

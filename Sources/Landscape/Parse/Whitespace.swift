/// Collapses every run of whitespace (ASCII, NBSP and the other Unicode spaces) into one space
/// and trims both ends; nil when nothing is left.
func collapseWhitespace(_ text: String) -> String? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    collapseWhitespace(Array(text.utf8), into: &bytes)
    return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
}

/// Byte-level worker for ``collapseWhitespace(_:)``; appends to `output`.
///
/// Text between spaces is copied a run at a time rather than byte by byte, and printable ASCII,
/// nearly all of it, is passed over with one comparison.
func collapseWhitespace(_ input: [UInt8], into output: inout [UInt8]) {
    output.reserveCapacity(output.count + input.count)
    let count = input.count
    input.withUnsafeBufferPointer { buffer in
        var index = 0
        var runStart = -1
        var pendingSpace = false
        while index < count {
            let byte = buffer[index]
            let spaceLength = byte &- 0x21 < 0x5F ? 0 : whitespaceLength(buffer, at: index, count: count)
            if spaceLength > 0 {
                if runStart >= 0 {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<index]))
                    runStart = -1
                }
                pendingSpace = !output.isEmpty
                index += spaceLength
                continue
            }
            if runStart < 0 {
                if pendingSpace {
                    output.append(0x20)
                    pendingSpace = false
                }
                runStart = index
            }
            index += 1
        }
        if runStart >= 0 { output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<count])) }
    }
}

/// Length in bytes of the whitespace character at `index`, or 0.
@inline(__always)
func whitespaceLength<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at index: Int, count: Int) -> Int
where Bytes.Index == Int {
    let byte = bytes[index]
    if byte < 0x80 {
        return (byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x1F)) ? 1 : 0
    }
    if byte == 0xC2, index + 1 < count {
        let next = bytes[index + 1]
        return next == 0xA0 || next == 0x85 ? 2 : 0
    }
    if byte == 0xE2, index + 2 < count {
        let b1 = bytes[index + 1]
        let b2 = bytes[index + 2]
        // U+2000...U+200A, U+2028, U+2029, U+202F, U+205F
        if b1 == 0x80, (b2 >= 0x80 && b2 <= 0x8A) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF { return 3 }
        if b1 == 0x81, b2 == 0x9F { return 3 }
        return 0
    }
    if byte == 0xE3, index + 2 < count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x80 { return 3 }  // U+3000
    if byte == 0xE1, index + 2 < count, bytes[index + 1] == 0x9A, bytes[index + 2] == 0x80 { return 3 }  // U+1680
    return 0
}

/// Whether the code point `value` is one of the spaces ``whitespaceLength(_:at:count:)``
/// recognises: asked of its UTF-8 bytes, so that there is one list of them.
func isCollapsedSpace(_ value: UInt32) -> Bool {
    guard let scalar = Unicode.Scalar(value), let utf8 = UTF8.encode(scalar) else { return false }
    let bytes = Array(utf8)
    return whitespaceLength(bytes, at: 0, count: bytes.count) == bytes.count
}

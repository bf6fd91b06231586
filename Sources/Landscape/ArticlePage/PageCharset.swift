/// The bytes of a page as UTF-8, read in the charset the server or the page declares.
///
/// As for feeds: a byte-order mark wins, then the HTTP `charset`, then the page's own `<meta
/// charset>` or `http-equiv` declaration in its first 4 KB. Pages that say ISO-8859-1 or say
/// nothing and are not UTF-8 are read as windows-1252 (what browsers do); other charsets
/// (Shift_JIS, GBK, EUC-KR, ...) through the C library's iconv.
enum PageCharset {
    static func utf8(_ bytes: [UInt8], httpCharset: String?) -> [UInt8] {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return Array(bytes.dropFirst(3)) }
        if let unicode = FeedEncoding.unicodeToUTF8(bytes) { return unicode }
        let declared = (httpCharset.flatMap { $0.isEmpty ? nil : $0 } ?? metaCharset(bytes))?.lowercased()
        switch declared {
        case nil, "utf-8", "utf8":
            return FeedEncoding.isValidUTF8(bytes) ? bytes : FeedEncoding.windows1252ToUTF8(bytes)
        case "iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "us-ascii", "ascii", "iso8859-1":
            if FeedEncoding.isValidUTF8(bytes) { return bytes }
            return FeedEncoding.windows1252ToUTF8(bytes)
        case let name?:
            return Iconv.utf8(bytes, from: name) ?? FeedEncoding.windows1252ToUTF8(bytes)
        }
    }

    /// The charset a page declares in a `meta` tag near its start.
    static func metaCharset(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(4096).map(foldASCII)
        let key = Array("charset".utf8)
        var index = 0
        while index + key.count < head.count {
            defer { index += 1 }
            guard head[index] == key[0], head[index..<index + key.count].elementsEqual(key) else { continue }
            // Only inside a meta tag: the nearest "<" before it opens one.
            guard let open = head[..<index].lastIndex(of: UInt8(ascii: "<")),
                head[open...].starts(with: Array("<meta".utf8))
            else { continue }
            var cursor = index + key.count
            while cursor < head.count, head[cursor] == 0x20 { cursor += 1 }
            guard cursor < head.count, head[cursor] == UInt8(ascii: "=") else { continue }
            cursor += 1
            while cursor < head.count, head[cursor] == 0x20 || head[cursor] == 0x22 || head[cursor] == 0x27 {
                cursor += 1
            }
            let start = cursor
            while cursor < head.count, isNameByte(head[cursor]) { cursor += 1 }
            if cursor > start { return String(decoding: head[start..<cursor], as: UTF8.self) }
        }
        return nil
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
    }
}

/// Charset conversion with the C library's iconv.
enum Iconv {
    /// `bytes` in the charset `name` as UTF-8; nil for a charset iconv does not know. Bytes that
    /// do not convert are skipped.
    static func utf8(_ bytes: [UInt8], from name: String) -> [UInt8]? {
        let converter = iconv_open("UTF-8", name)
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var output = [UInt8](repeating: 0, count: bytes.count * 3 + 16)
        var input = bytes
        let written = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer -> Int in
                var inPointer = UnsafeMutableRawPointer(inBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outPointer = UnsafeMutableRawPointer(outBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count
                while inLeft > 0 {
                    if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 {
                        // An invalid or cut-off sequence: skip one byte and go on.
                        guard errno == EILSEQ || errno == EINVAL, inLeft > 0 else { break }
                        inPointer = inPointer.map { $0 + 1 }
                        inLeft -= 1
                    }
                }
                return outBuffer.count - outLeft
            }
        }
        return Array(output.prefix(written))
    }
}

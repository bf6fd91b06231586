/// Which encoding to read a feed's bytes in, where feeds commonly lie about it.
///
/// libxml2 reads what the document declares (byte-order mark, XML declaration) and otherwise
/// the HTTP charset. We step in for the cases real feeds get wrong:
/// - ISO-8859-1 or US-ASCII declared, but the bytes are windows-1252 (curly quotes and dashes
///   in 0x80–0x9F) or UTF-8 (multi-byte sequences that all decode): read as what they are.
/// - Nothing declared, or UTF-8 declared, but the bytes are not UTF-8: read as windows-1252,
///   the encoding of almost every such feed (flagged bozo when UTF-8 was declared).
enum FeedEncoding {
    enum Decision: Equatable {
        /// Let libxml2 decide (declared encoding, else `httpCharset`).
        case native(httpCharset: String?)
        /// Parse these UTF-8 bytes, ignoring what the document declares.
        case transcoded([UInt8], isBozo: Bool)
    }

    static func decide(_ bytes: [UInt8], httpCharset: String?) -> Decision {
        if let utf8 = unicodeToUTF8(bytes) { return .transcoded(utf8, isBozo: false) }
        let declared = declaredEncoding(bytes)
        let effective = (declared ?? httpCharset)?.lowercased()
        if let effective, latin1Names.contains(effective) {
            if hasMultibyteUTF8(bytes) { return .transcoded(bytes, isBozo: false) }
            return .transcoded(windows1252ToUTF8(bytes), isBozo: false)
        }
        if effective == nil || effective == "utf-8" || effective == "utf8" {
            if isValidUTF8(bytes) { return .native(httpCharset: nil) }
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            return .transcoded(windows1252ToUTF8(body), isBozo: effective != nil)
        }
        return .native(httpCharset: declared == nil ? httpCharset : nil)
    }

    /// UTF-16 and UTF-32, told by their byte-order mark or by how `<?` is spelled, as UTF-8.
    /// Decoded here rather than by libxml2, which does not read UTF-32.
    static func unicodeToUTF8(_ bytes: [UInt8]) -> [UInt8]? {
        let width: Int
        let isBigEndian: Bool
        var skip = 0
        switch Array(bytes.prefix(4)) {
        case [0x00, 0x00, 0xFE, 0xFF]: (width, isBigEndian, skip) = (4, true, 4)
        case [0xFF, 0xFE, 0x00, 0x00]: (width, isBigEndian, skip) = (4, false, 4)
        case [0x00, 0x00, 0x00, 0x3C]: (width, isBigEndian) = (4, true)
        case [0x3C, 0x00, 0x00, 0x00]: (width, isBigEndian) = (4, false)
        default:
            let head = Array(bytes.prefix(4))
            if head.count == 4, head[0] == 0x00, head[1] == 0x3C, head[2] == 0x00, head[3] != 0x00 {
                (width, isBigEndian) = (2, true)  // "<" then an ASCII character, big-endian
            } else if head.count == 4, head[0] == 0x3C, head[1] == 0x00, head[2] != 0x00, head[3] == 0x00 {
                (width, isBigEndian) = (2, false)
            } else if bytes.starts(with: [0xFE, 0xFF]) {
                (width, isBigEndian, skip) = (2, true, 2)
            } else if bytes.starts(with: [0xFF, 0xFE]) {
                (width, isBigEndian, skip) = (2, false, 2)
            } else {
                return nil
            }
        }
        var units: [UInt32] = []
        units.reserveCapacity((bytes.count - skip) / width)
        var index = skip
        while index + width <= bytes.count {
            var unit: UInt32 = 0
            for offset in 0..<width {
                let byte = UInt32(bytes[index + (isBigEndian ? offset : width - 1 - offset)])
                unit = unit << 8 | byte
            }
            units.append(unit)
            index += width
        }
        if width == 4 {
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: units.map { Unicode.Scalar($0) ?? "\u{FFFD}" })
            return Array(String(scalars).utf8)
        }
        return Array(String(decoding: units.map { UInt16(truncatingIfNeeded: $0) }, as: UTF16.self).utf8)
    }

    private static let latin1Names: Set<String> = [
        "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252",
        "cp1252", "x-cp1252",
    ]

    /// The encoding the document itself states: a byte-order mark, or `encoding=` in the XML
    /// declaration; nil when it states none.
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return "utf-8" }
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) { return "utf-16" }
        if bytes.starts(with: [0x00, 0x3C, 0x00, 0x3F]) || bytes.starts(with: [0x3C, 0x00, 0x3F, 0x00]) {
            return "utf-16"
        }
        guard bytes.starts(with: Array("<?xml".utf8)) else { return nil }
        let head = bytes.prefix(256)
        guard let end = head.firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let declaration = String(decoding: head[..<end], as: UTF8.self)
        guard let key = declaration.range(of: "encoding") else { return nil }
        var rest = declaration[key.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        rest = rest.dropFirst()
        let name = rest.prefix { $0 != quote }
        return name.isEmpty ? nil : String(name).lowercased()
    }

    /// True when every byte sequence is well-formed UTF-8.
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        utf8Scan(bytes).isValid
    }

    /// Valid UTF-8 with at least one multi-byte character: text a latin-1 label would garble.
    static func hasMultibyteUTF8(_ bytes: [UInt8]) -> Bool {
        let scan = utf8Scan(bytes)
        return scan.isValid && scan.hasMultibyte
    }

    private static func utf8Scan(_ array: [UInt8]) -> (isValid: Bool, hasMultibyte: Bool) {
        array.withUnsafeBufferPointer { bytes in
            var index = 0
            var hasMultibyte = false
            let count = bytes.count
            while index < count {
                // Feeds are mostly ASCII: pass over eight bytes at a time while no high bit is set.
                if index + 8 <= count, let base = bytes.baseAddress {
                    let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 == 0 {
                        index += 8
                        continue
                    }
                }
                let lead = bytes[index]
                if lead < 0x80 {
                    index += 1
                    continue
                }
                let length: Int
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0...0xEF: length = 3
                case 0xF0...0xF4: length = 4
                default: return (false, hasMultibyte)
                }
                guard index + length <= count else { return (false, hasMultibyte) }
                for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 {
                    return (false, hasMultibyte)
                }
                // Overlong three- and four-byte forms, surrogates and values past U+10FFFF.
                let second = bytes[index + 1]
                if (lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F)
                    || (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)
                {
                    return (false, hasMultibyte)
                }
                hasMultibyte = true
                index += length
            }
            return (true, hasMultibyte)
        }
    }

    /// windows-1252 to UTF-8; the five bytes it leaves undefined map to the same C1 code points
    /// as in ISO-8859-1.
    static func windows1252ToUTF8(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                output.append(byte)
                continue
            }
            let scalar: UInt32 = byte < 0xA0 ? UInt32(c1Table[Int(byte - 0x80)]) : UInt32(byte)
            if scalar < 0x800 {
                output.append(UInt8(0xC0 | (scalar >> 6)))
                output.append(UInt8(0x80 | (scalar & 0x3F)))
            } else {
                output.append(UInt8(0xE0 | (scalar >> 12)))
                output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                output.append(UInt8(0x80 | (scalar & 0x3F)))
            }
        }
        return output
    }

    private static let c1Table: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D,
        0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x009D, 0x017E, 0x0178,
    ]
}

/// The link an article record may carry: a web page's address, safe to put in a report's `href`.
enum WebLink {
    /// `link` when it is an http(s) URL, with control characters and spaces percent-encoded
    /// (browsers do the same); nil for any other scheme (`javascript:`, `data:`, `file:`...),
    /// which no article page has and which a report must never link to.
    static func make(_ link: String) -> String? {
        let bytes = Array(link.utf8)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let scheme = String(decoding: bytes[..<colon], as: UTF8.self).lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        guard bytes.contains(where: needsEncoding) else { return link }
        var encoded: [UInt8] = []
        encoded.reserveCapacity(bytes.count + 16)
        for byte in bytes {
            if needsEncoding(byte) {
                encoded.append(UInt8(ascii: "%"))
                encoded.append(hexDigit(byte >> 4))
                encoded.append(hexDigit(byte & 0x0F))
            } else {
                encoded.append(byte)
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    private static func needsEncoding(_ byte: UInt8) -> Bool { byte <= 0x20 || byte == 0x7F }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }
}

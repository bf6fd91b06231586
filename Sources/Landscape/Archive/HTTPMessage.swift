/// The HTTP response a WARC `response` record holds: status, the headers that matter here,
/// and the body as the page's bytes (chunked transfer and gzip or deflate encoding undone, as
/// crawlers store what the server sent).
struct HTTPMessage {
    var status: Int
    var contentType: String?
    var body: [UInt8]

    /// Reads `block` as an HTTP response.
    ///
    /// - Returns: nil when it does not begin with a status line or its body cannot be decoded.
    static func response(_ block: [UInt8]) -> HTTPMessage? {
        guard ASCIIMatch.matches(block, at: 0, httpPrefix),
            let headerEnd = index(of: terminator, in: block, from: 0)
        else { return nil }
        var lines = block[0..<headerEnd].split(separator: 0x0A)
        guard let statusLine = lines.first else { return nil }
        lines.removeFirst()
        let statusWords = statusLine.split(separator: 0x20)
        guard statusWords.count >= 2, let status = Int(String(decoding: statusWords[1], as: UTF8.self)) else {
            return nil
        }
        var contentType: String?
        var isChunked = false
        var encoding: String?
        for line in lines {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
            let value = String(String(decoding: line[(colon + 1)...], as: UTF8.self)[...].trimmingSpaces)
            switch name {
            case "content-type": contentType = contentType ?? value
            case "transfer-encoding": isChunked = value.lowercased().contains("chunked")
            case "content-encoding": encoding = value.lowercased()
            default: break
            }
        }
        var body = Array(block[(headerEnd + terminator.count)...])
        if isChunked {
            guard let joined = dechunked(body) else { return nil }
            body = joined
        }
        if let encoding, encoding.contains("gzip") || encoding.contains("deflate") {
            // zlib reads gzip and zlib headers alike; a body the server did not really encode stays.
            if let inflated = Gzip.decompress(body) { body = inflated }
        }
        return HTTPMessage(status: status, contentType: contentType, body: body)
    }

    private static let httpPrefix = Array("http/".utf8)
    private static let terminator: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]

    private static func index(of needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        var index = from
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], ASCIIMatch.matches(bytes, at: index, needle) { return index }
            index += 1
        }
        return nil
    }

    /// The body of a chunked transfer: hex sizes, each followed by that many bytes.
    private static func dechunked(_ bytes: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard let lineEnd = self.index(of: [0x0D, 0x0A], in: bytes, from: index) else { return nil }
            let sizeText =
                String(decoding: bytes[index..<lineEnd], as: UTF8.self)
                .split(separator: ";").first.map { String($0.trimmingSpaces) } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else { return nil }
            index = lineEnd + 2
            if size == 0 { return output }
            guard index + size <= bytes.count else { return nil }
            output.append(contentsOf: bytes[index..<(index + size)])
            index += size + 2
        }
        return output
    }
}

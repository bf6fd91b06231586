/// The response headers fetch acts on, read line by line as curl delivers them.
///
/// A redirect delivers several responses to one transfer; a status line starts a new one, so
/// only the final response's headers are kept.
struct ResponseHeaders {
    var validators = Validators()
    /// `Retry-After` as sent: seconds, or an HTTP date.
    var retryAfter: String?

    /// Takes one raw header line, CRLF included.
    mutating func take(_ line: UnsafeBufferPointer<UInt8>) {
        if line.starts(with: Self.statusPrefix) {
            self = ResponseHeaders()
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = line[..<colon]
        if Self.equalsIgnoringCase(name, "etag") {
            validators.etag = Self.value(line[(colon + 1)...])
        } else if Self.equalsIgnoringCase(name, "last-modified") {
            validators.lastModified = Self.value(line[(colon + 1)...])
        } else if Self.equalsIgnoringCase(name, "retry-after") {
            retryAfter = Self.value(line[(colon + 1)...])
        }
    }

    /// `Retry-After` in seconds from `now`, or nil when absent or unreadable.
    func retryAfterSeconds(now: Timestamp) -> Double? {
        guard let retryAfter else { return nil }
        if let seconds = Int(retryAfter), seconds >= 0 { return Double(seconds) }
        guard let date = FeedDate.parse(retryAfter) else { return nil }
        return Double(max(0, date.secondsSinceEpoch - now.secondsSinceEpoch))
    }

    private static let statusPrefix = Array("HTTP/".utf8)

    private static func equalsIgnoringCase(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        return zip(bytes, expected).allSatisfy { ($0 | 0x20) == $1 || $0 == $1 }
    }

    /// The value with surrounding spaces and the line ending trimmed; nil when empty.
    private static func value(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, Self.isSpace(bytes[start]) { start += 1 }
        while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}

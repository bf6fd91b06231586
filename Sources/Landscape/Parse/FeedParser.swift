/// Limits that keep a hostile feed from exhausting memory or time.
public struct ParseLimits: Sendable, Hashable {
    public var maxBytes = 64 * 1024 * 1024
    public var maxDepth = 256

    public init() {}
}

/// Parses one feed body.
///
/// Safe to call from many threads at once: each call uses its own libxml2 parser context.
/// - Parameters:
///   - bytes: the body as fetched.
///   - origin: file path or URL, used in errors.
///   - httpContentType: the `Content-Type` the server sent, whose charset is used when the
///     document does not declare one.
///   - limits: size and depth caps.
/// - Returns: the feed, with `isBozo` set when it was read in recovery mode.
/// - Throws: ``ParseError`` when nothing feed-like can be read at all.
public func parseFeed(
    _ bytes: [UInt8], origin: String, httpContentType: String? = nil, limits: ParseLimits = ParseLimits()
) throws(ParseError) -> ParsedFeed {
    guard bytes.count <= limits.maxBytes else {
        throw ParseError(code: .tooLarge(limit: limits.maxBytes), origin: origin)
    }
    let charset = httpContentType.flatMap(charsetParameter(of:))
    return try XMLFeedReader.read(bytes, origin: origin, charset: charset, limits: limits)
}

/// The `charset=` parameter of a Content-Type value, lower-cased.
func charsetParameter(of contentType: String) -> String? {
    for part in contentType.split(separator: ";").dropFirst() {
        let pair = part.split(separator: "=", maxSplits: 1)
        guard pair.count == 2, pair[0].trimmingSpaces.lowercased() == "charset" else { continue }
        let value = pair[1].trimmingSpaces.trimmingCharacters(in: "\"'")
        return value.isEmpty ? nil : value.lowercased()
    }
    return nil
}

extension Substring {
    var trimmingSpaces: Substring {
        var slice = self
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return slice
    }
}

extension StringProtocol {
    /// Without the characters of `set` at either end. Compared scalar by scalar: "\r\n" is one
    /// Character, so a set written " \r\n" would otherwise hold neither a lone "\r" nor a lone "\n".
    func trimmingCharacters(in set: String) -> String {
        func isTrimmed(_ character: Character) -> Bool {
            character.unicodeScalars.allSatisfy { set.unicodeScalars.contains($0) }
        }
        var slice = Substring(self)
        while let first = slice.first, isTrimmed(first) { slice.removeFirst() }
        while let last = slice.last, isTrimmed(last) { slice.removeLast() }
        return String(slice)
    }
}

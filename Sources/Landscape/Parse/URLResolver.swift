/// Resolves a relative reference against a base URL (RFC 3986, section 5.2), for `xml:base`.
enum URLResolver {
    static func resolve(_ reference: String, against base: String?) -> String {
        guard let base, !hasScheme(reference) else { return reference }
        guard let schemeEnd = base.firstIndex(of: ":") else { return reference }
        let scheme = base[..<schemeEnd]
        var rest = base[base.index(after: schemeEnd)...]
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        var authority: Substring = ""
        if rest.hasPrefix("//") {
            let afterSlashes = rest.index(rest.startIndex, offsetBy: 2)
            let end = rest[afterSlashes...].firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            authority = rest[rest.startIndex..<end]
            rest = rest[end...]
        }
        let query = rest.firstIndex(of: "?")
        let path = query.map { rest[..<$0] } ?? rest
        let prefix = "\(scheme):\(authority)"

        if reference.isEmpty { return String(base.prefix { $0 != "#" }) }
        if reference.hasPrefix("//") { return "\(scheme):\(reference)" }
        if reference.hasPrefix("#") { return prefix + rest + reference }
        if reference.hasPrefix("?") { return prefix + path + reference }
        if reference.hasPrefix("/") { return prefix + removeDotSegments(reference) }
        let directory: Substring
        if let slash = path.lastIndex(of: "/") {
            directory = path[...slash]
        } else {
            directory = authority.isEmpty ? "" : "/"
        }
        return prefix + removeDotSegments(directory + reference)
    }

    /// A scheme is letters, digits, `+`, `-` or `.` before the first `:`, starting with a letter.
    static func hasScheme(_ text: String) -> Bool {
        var utf8 = text.utf8.makeIterator()
        guard let first = utf8.next(), isLetter(first) else { return false }
        while let byte = utf8.next() {
            if byte == UInt8(ascii: ":") { return true }
            guard
                isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            else { return false }
        }
        return false
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func removeDotSegments(_ path: String) -> String {
        // Nearly every path has no `.` or `..` segment: leave those as they are.
        if !hasDotSegment(path) { return path }
        let queryStart = path.firstIndex { $0 == "?" || $0 == "#" } ?? path.endIndex
        let segments = path[..<queryStart].split(separator: "/", omittingEmptySubsequences: false)
        var output: [Substring] = []
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            switch segment {
            case ".":
                if isLast { output.append("") }
            case "..":
                if output.count > 1 { output.removeLast() }
                if isLast { output.append("") }
            default:
                output.append(segment)
            }
        }
        return output.joined(separator: "/") + path[queryStart...]
    }

    /// Whether a segment of the path (before any query or fragment) is `.` or `..`.
    private static func hasDotSegment(_ path: String) -> Bool {
        var previous = UInt8(ascii: "/")
        var segmentStartsWithDot = false
        var segmentLength = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
            if byte == UInt8(ascii: "/") {
                if segmentStartsWithDot, segmentLength <= 2 { return true }
                segmentStartsWithDot = false
                segmentLength = 0
            } else {
                if previous == UInt8(ascii: "/") { segmentStartsWithDot = byte == UInt8(ascii: ".") }
                if segmentStartsWithDot, segmentLength == 1, byte != UInt8(ascii: ".") { segmentStartsWithDot = false }
                segmentLength += 1
            }
            previous = byte
        }
        return segmentStartsWithDot && segmentLength <= 2
    }
}

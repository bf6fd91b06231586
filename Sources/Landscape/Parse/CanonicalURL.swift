/// The form of a URL used to recognise one article across feeds and runs.
///
/// Lower-case scheme and host, no default port, no fragment, and no tracking parameters
/// (`utm_*`, `fbclid`, `gclid`, ...); the rest of the query keeps its order.
public enum CanonicalURL {
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_hsenc", "_hsmi", "mkt_tok",
        "cmpid", "ocid", "ncid", "sr_share",
    ]

    /// The canonical form of `url`; text that is not an absolute http(s) URL comes back trimmed.
    public static func make(_ url: String) -> String {
        let trimmed = url.trimmingCharacters(in: " \t\r\n")
        guard let schemeEnd = trimmed.range(of: "://"), isScheme(trimmed[..<schemeEnd.lowerBound]) else {
            return trimmed
        }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        var rest = trimmed[schemeEnd.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        // Spaces before a fragment would otherwise end the canonical form, which trimming changes.
        while let last = rest.last, last == " " || last == "\t" || last == "\r" || last == "\n" { rest.removeLast() }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var host = rest[..<authorityEnd].lowercased()
        // A loop, not an if: "host:80:80" is broken, and its canonical form must not change again.
        while scheme == "http", host.hasSuffix(":80") { host.removeLast(3) }
        while scheme == "https", host.hasSuffix(":443") { host.removeLast(4) }
        var path = String(rest[authorityEnd...])
        var query = ""
        if let question = path.firstIndex(of: "?") {
            query = String(path[path.index(after: question)...])
            path = String(path[..<question])
        }
        if path.isEmpty { path = "/" }
        // Parameters lose the spaces and line breaks around them, which are no part of a URL.
        let kept = query.split(separator: "&").map { $0.trimmingCharacters(in: " \t\r\n") }.filter { parameter in
            let name = parameter.split(separator: "=", maxSplits: 1).first.map { $0.lowercased() } ?? ""
            return !parameter.isEmpty && !name.hasPrefix("utm_") && !trackingParameters.contains(name)
        }
        let canonicalQuery = kept.isEmpty ? "" : "?" + kept.joined(separator: "&")
        // Removing parameters can leave spaces at the end, which the next reading would trim.
        return (scheme + "://" + host + path + canonicalQuery).trimmingCharacters(in: " \t\r\n")
    }

    /// RFC 3986: a letter, then letters, digits, `+`, `-` or `.`.
    private static func isScheme(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, (first | 0x20) >= 0x61, (first | 0x20) <= 0x7A else { return false }
        return text.utf8.allSatisfy { byte in
            let letter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
            return letter || (0x30...0x39).contains(byte) || byte == 0x2B || byte == 0x2D || byte == 0x2E
        }
    }
}

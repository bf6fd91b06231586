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
        guard let schemeEnd = trimmed.range(of: "://") else { return trimmed }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        var rest = trimmed[schemeEnd.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var host = rest[..<authorityEnd].lowercased()
        if scheme == "http", host.hasSuffix(":80") { host.removeLast(3) }
        if scheme == "https", host.hasSuffix(":443") { host.removeLast(4) }
        var path = String(rest[authorityEnd...])
        var query = ""
        if let question = path.firstIndex(of: "?") {
            query = String(path[path.index(after: question)...])
            path = String(path[..<question])
        }
        if path.isEmpty { path = "/" }
        let kept = query.split(separator: "&").filter { parameter in
            let name = parameter.split(separator: "=", maxSplits: 1).first.map { $0.lowercased() } ?? ""
            return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
        }
        let canonicalQuery = kept.isEmpty ? "" : "?" + kept.joined(separator: "&")
        return scheme + "://" + host + path + canonicalQuery
    }
}

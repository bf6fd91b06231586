/// Turns what a user wrote as a source (URL or path) into a URL libcurl can fetch.
package enum FeedURL {
    /// `http(s)://` and `file://` stay as written; anything else is a path made absolute.
    package static func resolve(_ written: String, relativeTo folder: String) -> String {
        let lower = written.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("file://") {
            return written
        }
        if lower.contains("://") { return written }  // refused by ``unsupportedScheme(_:)``
        return "file://" + FilePaths.resolve(written, in: folder)
    }

    /// The scheme of a resolved source URL when it is one no fetch can read (`ftp`, `gopher`),
    /// so a pipeline or `--source` naming it is refused before any request.
    package static func unsupportedScheme(_ url: String) -> String? {
        let lower = url.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("file://") { return nil }
        guard let colon = lower.range(of: "://") else { return nil }
        return String(lower[..<colon.lowerBound])
    }

    /// A readable id for a source given only as a URL: the file stem, or host plus path.
    package static func defaultID(for url: String) -> String {
        if url.lowercased().hasPrefix("file://") {
            return FilePaths.stem(of: String(url.dropFirst("file://".count)))
        }
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        let cleaned = rest.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(String(cleaned).split(separator: "-").joined(separator: "-").prefix(80)).lowercased()
    }
}

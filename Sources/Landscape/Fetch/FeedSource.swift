/// One feed to read: a stable id (used in records and the manifest) and where to get it.
public struct FeedSource: Sendable, Hashable {
    public let id: String
    /// `http(s)://...` or `file:///abs/path`; plain paths are made absolute `file://` URLs.
    public let url: String

    public init(id: String, url: String) {
        self.id = id
        self.url = url
    }

    /// The path of a local WARC file (`file://` or a path ending `.warc` or `.warc.gz`): the
    /// archive reader streams it in the parse stage; fetch never reads it whole.
    public var archivePath: String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("file://"), lower.hasSuffix(".warc") || lower.hasSuffix(".warc.gz") else { return nil }
        return String(url.dropFirst("file://".count))
    }
}

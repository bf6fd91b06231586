/// One feed to read: a stable id (used in records and the manifest) and where to get it.
public struct FeedSource: Sendable, Hashable {
    public let id: String
    /// `http(s)://...` or `file:///abs/path`; plain paths are made absolute `file://` URLs.
    public let url: String

    public init(id: String, url: String) {
        self.id = id
        self.url = url
    }
}

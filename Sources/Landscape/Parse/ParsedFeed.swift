/// A feed as read from its bytes: channel fields, entries, and how well-formed it was.
public struct ParsedFeed: Sendable, Hashable {
    /// Dialect in feedparser's vocabulary: rss20, rss10, rss090, rss091u, atom10, atom03, ... or "".
    public var version: String = ""
    /// True when the XML was not well-formed and was read in recovery mode.
    public var isBozo = false
    /// The first well-formedness error, when `isBozo`.
    public var bozoMessage: String?
    public var title: String?
    public var link: String?
    public var language: String?
    public var entries: [FeedEntry] = []

    public init() {}
}

/// One item or entry of a feed, with text fields already turned into plain text.
public struct FeedEntry: Sendable, Hashable {
    public var id: String?
    public var title: String?
    public var link: String?
    public var published: Timestamp?
    public var updated: Timestamp?
    /// Plain text of the summary (RSS description, Atom summary; else the content).
    public var summary: String?
    /// Plain text of the full content (content:encoded, Atom content), when the feed has it.
    public var content: String?
    public var authors: [String] = []
    public var categories: [String] = []
    /// Raw date strings that could not be read, kept for the log.
    public var unreadableDates: [String] = []

    public init() {}
}

/// One news item as the landscape keeps it (the `article` record of the output contract).
public struct Article: Sendable, Hashable, Codable {
    public let articleID: String
    public let url: String?
    public let canonicalURL: String?
    public let sourceID: String
    public let title: String?
    public var published: Timestamp?
    public var summary: String?
    public var content: String?
    public let language: String?
    public let authors: [String]
    public let categories: [String]
    public var firstSeen: Timestamp
    /// The last run that found the article in a feed; `first_seen` until it is seen again.
    public var lastSeen: Timestamp
    public var duplicateOf: String?
    public var clusterID: String

    public init(
        articleID: String, url: String?, canonicalURL: String?, sourceID: String, title: String?,
        published: Timestamp?, summary: String?, content: String?, language: String?, authors: [String],
        categories: [String], firstSeen: Timestamp, lastSeen: Timestamp? = nil, duplicateOf: String? = nil,
        clusterID: String? = nil
    ) {
        self.articleID = articleID
        self.url = url
        self.canonicalURL = canonicalURL
        self.sourceID = sourceID
        self.title = title
        self.published = published
        self.summary = summary
        self.content = content
        self.language = language
        self.authors = authors
        self.categories = categories
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen ?? firstSeen
        self.duplicateOf = duplicateOf
        self.clusterID = clusterID ?? articleID
    }

    /// Reads an article record; one from a snapshot older than `last_seen` (schema 1.0) was last
    /// seen when it was first seen, as far as anyone knows.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            articleID: try c.decode(String.self, forKey: .articleID),
            url: try c.decodeIfPresent(String.self, forKey: .url),
            canonicalURL: try c.decodeIfPresent(String.self, forKey: .canonicalURL),
            sourceID: try c.decode(String.self, forKey: .sourceID),
            title: try c.decodeIfPresent(String.self, forKey: .title),
            published: try c.decodeIfPresent(Timestamp.self, forKey: .published),
            summary: try c.decodeIfPresent(String.self, forKey: .summary),
            content: try c.decodeIfPresent(String.self, forKey: .content),
            language: try c.decodeIfPresent(String.self, forKey: .language),
            authors: try c.decode([String].self, forKey: .authors),
            categories: try c.decode([String].self, forKey: .categories),
            firstSeen: try c.decode(Timestamp.self, forKey: .firstSeen),
            lastSeen: try c.decodeIfPresent(Timestamp.self, forKey: .lastSeen),
            duplicateOf: try c.decodeIfPresent(String.self, forKey: .duplicateOf),
            clusterID: try c.decodeIfPresent(String.self, forKey: .clusterID))
    }

    enum CodingKeys: String, CodingKey {
        case articleID = "article_id"
        case url
        case canonicalURL = "canonical_url"
        case sourceID = "source_id"
        case title, published, summary, content, language, authors, categories
        case firstSeen = "first_seen"
        case lastSeen = "last_seen"
        case duplicateOf = "duplicate_of"
        case clusterID = "cluster_id"
    }

    /// The stable id: a hash of the canonical URL, or of source and guid when there is no link.
    public static func makeID(canonicalURL: String?, sourceID: String, guid: String?, title: String?) -> String {
        let key: String
        if let canonicalURL, !canonicalURL.isEmpty {
            key = canonicalURL
        } else {
            key = sourceID + "\u{1F}" + (guid ?? title ?? "")
        }
        return String(SHA256.hex(key).prefix(20))
    }

    /// The text fields that extraction reads, in the order mentions refer to them.
    public var textFields: [(field: TextField, text: String)] {
        var fields: [(TextField, String)] = []
        if let title { fields.append((.title, title)) }
        if let summary { fields.append((.summary, summary)) }
        if let content { fields.append((.content, content)) }
        return fields
    }
}

/// Which text of an article a mention points into.
public enum TextField: String, Sendable, Hashable, Codable {
    case title, summary, content
}

extension Article: JSONLineRecord {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("article_id", articleID)
        writer.field("url", url)
        writer.field("canonical_url", canonicalURL)
        writer.field("source_id", sourceID)
        writer.field("title", title)
        writer.field("published", published?.iso8601)
        writer.field("summary", summary)
        writer.field("content", content)
        writer.field("language", language)
        writer.field("authors", authors)
        writer.field("categories", categories)
        writer.field("first_seen", firstSeen.iso8601)
        writer.field("last_seen", lastSeen.iso8601)
        writer.field("duplicate_of", duplicateOf)
        writer.field("cluster_id", clusterID)
        writer.endObject()
    }
}

extension Timestamp: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = FeedDate.parse(text) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }
}

extension Article {
    /// Whether the summary or the content has more than `maxBytes` of UTF-8.
    func hasTextOver(_ maxBytes: Int) -> Bool {
        (summary?.utf8.count ?? 0) > maxBytes || (content?.utf8.count ?? 0) > maxBytes
    }

    /// Cuts the summary and the content each to at most `maxBytes` of UTF-8 (at a character
    /// boundary), and tells whether anything was cut: one giant item must not cost the run its
    /// memory or write a mentions file of hundreds of megabytes.
    @discardableResult
    mutating func capText(at maxBytes: Int) -> Bool {
        guard hasTextOver(maxBytes) else { return false }
        func cap(_ text: String?) -> String? {
            guard let text, text.utf8.count > maxBytes else { return text }
            // Back off continuation bytes, so the cut falls between two characters' bytes.
            var end = text.utf8.index(text.utf8.startIndex, offsetBy: maxBytes)
            while end > text.utf8.startIndex, text.utf8[end] & 0xC0 == 0x80 { end = text.utf8.index(before: end) }
            return String(decoding: text.utf8[..<end], as: UTF8.self)
        }
        summary = cap(summary)
        content = cap(content)
        return true
    }
}

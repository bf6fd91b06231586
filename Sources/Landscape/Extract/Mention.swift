/// What a mention names.
public enum MentionType: String, Sendable, Hashable, Codable {
    case organization, country, place
}

/// A name found in an article's text (the `mention` record of the output contract).
///
/// `start` and `end` count Unicode scalars, so Python's `text[start:end] == surface`.
public struct Mention: Sendable, Hashable, Codable {
    public let articleID: String
    public let field: TextField
    public let start: Int
    public let end: Int
    public let surface: String
    public let type: MentionType
    public let entityID: String
    public let name: String
    public let country: String?
    public let kind: OrganizationKind?

    public init(
        articleID: String, field: TextField, start: Int, end: Int, surface: String, type: MentionType,
        entityID: String, name: String, country: String?, kind: OrganizationKind?
    ) {
        self.articleID = articleID
        self.field = field
        self.start = start
        self.end = end
        self.surface = surface
        self.type = type
        self.entityID = entityID
        self.name = name
        self.country = country
        self.kind = kind
    }

    enum CodingKeys: String, CodingKey {
        case articleID = "article_id"
        case field, start, end, surface, type
        case entityID = "entity_id"
        case name, country, kind
    }
}

extension Mention: JSONLineRecord {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("article_id", articleID)
        writer.field("field", field.rawValue)
        writer.field("start", start)
        writer.field("end", end)
        writer.field("surface", surface)
        writer.field("type", type.rawValue)
        writer.field("entity_id", entityID)
        writer.field("name", name)
        writer.field("country", country)
        writer.field("kind", kind?.rawValue)
        writer.endObject()
    }
}

/// What the pages stage did for one new article, and what its page said.
public struct PageOutcome: Sendable, Codable, Equatable, JSONLineRecord {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Fetched tonight.
        case fetched
        /// Asked for again (the URL was read before) and not changed: read from the body cache.
        case notModified = "not_modified"
        /// Read from the pipeline's folder of saved pages, or from the body cache with `--offline`.
        case saved
        /// The site's robots.txt disallows it (or could not be read): never requested.
        case skippedRobots = "skipped_robots"
        /// Beyond `max_per_night`.
        case overBudget = "over_budget"
        /// Its host is not allowed by `allow_hosts` / `deny_hosts`, or it is not http(s).
        case skippedHost = "skipped_host"
        /// `--offline`, and no saved copy.
        case offline
        /// Requested, and no readable HTML page came back.
        case failed
    }

    public var articleID: String
    public var url: String
    public var status: Status
    public var httpStatus: Int?
    public var bodySHA256: String?
    public var error: String?
    /// The body text of the page, paragraphs as lines; nil when it was not read.
    public var text: String?
    /// The page's publication time, ISO-8601 UTC, when it states one.
    public var published: String?

    public init(
        articleID: String, url: String, status: Status, httpStatus: Int? = nil, bodySHA256: String? = nil,
        error: String? = nil, text: String? = nil, published: String? = nil
    ) {
        self.articleID = articleID
        self.url = url
        self.status = status
        self.httpStatus = httpStatus
        self.bodySHA256 = bodySHA256
        self.error = error
        self.text = text
        self.published = published
    }

    enum CodingKeys: String, CodingKey {
        case articleID = "article_id"
        case url, status
        case httpStatus = "http_status"
        case bodySHA256 = "body_sha256"
        case error, text, published
    }

    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("article_id", articleID)
        writer.field("url", url)
        writer.field("status", status.rawValue)
        writer.field("http_status", httpStatus)
        writer.field("body_sha256", bodySHA256)
        writer.field("error", error)
        writer.field("text", text)
        writer.field("published", published)
        writer.endObject()
    }
}

/// How a source fared in the fetch stage.
public enum FetchStatus: String, Sendable, Hashable {
    case fetched
    case notModified = "not_modified"
    case failed
}

/// What the fetch stage got for one source. Owned by the caller; safe to send across threads.
public struct FetchResult: Sendable {
    public let source: FeedSource
    public let status: FetchStatus
    /// HTTP status of the last response; nil for `file://` and for transfers that got no response.
    public let httpStatus: Int?
    public let body: [UInt8]
    /// `Content-Type` as the server sent it (charset included), if any.
    public let contentType: String?
    public let seconds: Double
    public let attempts: Int
    public let error: FetchError?

    public init(
        source: FeedSource, status: FetchStatus, httpStatus: Int?, body: [UInt8], contentType: String?,
        seconds: Double, attempts: Int, error: FetchError?
    ) {
        self.source = source
        self.status = status
        self.httpStatus = httpStatus
        self.body = body
        self.contentType = contentType
        self.seconds = seconds
        self.attempts = attempts
        self.error = error
    }
}

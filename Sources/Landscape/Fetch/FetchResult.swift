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
    /// The feed's bytes. Empty for a failure, and once the run has let them go (see
    /// ``letGoOfBody()``); for `not_modified`, the network sent none.
    public var body: [UInt8] {
        didSet { bytes = body.count }
    }
    /// The size of the body, kept when the body is let go.
    public var bytes: Int
    /// SHA-256 of `body` once the run has cached it.
    public var bodySHA256: String?
    /// `Content-Type` as the server sent it (charset included), if any.
    public var contentType: String?
    /// Validators of the response, to send back next time.
    public let validators: Validators
    /// Bytes received over the network in all attempts, headers included.
    public let wireBytes: Int
    /// Wall time from the first attempt to the last, waits between retries included.
    public let seconds: Double
    /// Requests made; 0 when the result came from the cache alone.
    public let attempts: Int
    public let error: FetchError?

    public init(
        source: FeedSource, status: FetchStatus, httpStatus: Int? = nil, body: [UInt8] = [],
        bodySHA256: String? = nil, contentType: String? = nil, validators: Validators = Validators(),
        wireBytes: Int = 0, seconds: Double = 0, attempts: Int = 0, error: FetchError? = nil
    ) {
        self.source = source
        self.status = status
        self.httpStatus = httpStatus
        self.body = body
        bytes = body.count
        self.bodySHA256 = bodySHA256
        self.contentType = contentType
        self.validators = validators
        self.wireBytes = wireBytes
        self.seconds = seconds
        self.attempts = attempts
        self.error = error
    }
}

extension FetchResult {
    /// Lets go of the body, which the run has stored under `bodySHA256`: parse reads it back
    /// when it parses it, one feed a core at a time. A build's feeds held in memory from fetch
    /// to the end of parse were 1.4 GB at a million articles.
    public mutating func letGoOfBody() {
        let size = body.count
        body = []
        bytes = size
    }

    /// Whether the body was let go, and is to be read from the body store.
    public var isBodyLetGo: Bool { body.isEmpty && bytes > 0 }
}

/// What a server said identifies the version of a body it sent: sent back on the next night's
/// request (`If-None-Match`, `If-Modified-Since`) so that an unchanged feed costs a 304.
public struct Validators: Sendable, Hashable {
    public var etag: String?
    public var lastModified: String?

    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }

    public var isEmpty: Bool { etag == nil && lastModified == nil }

    /// The request headers that make a GET conditional.
    var requestHeaders: [String] {
        var headers: [String] = []
        if let etag { headers.append("If-None-Match: \(etag)") }
        if let lastModified { headers.append("If-Modified-Since: \(lastModified)") }
        return headers
    }
}

/// One source to fetch, with what the last successful fetch left to make it conditional.
public struct FetchRequest: Sendable {
    public let source: FeedSource
    public let validators: Validators

    public init(source: FeedSource, validators: Validators = Validators()) {
        self.source = source
        self.validators = validators
    }
}

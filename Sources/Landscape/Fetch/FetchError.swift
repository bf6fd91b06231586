/// Why one source could not be fetched. The run goes on; the manifest lists the error.
public struct FetchError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        /// The server answered with a status that carries no feed.
        case httpStatus(Int)
        /// The body (after decompression) passed `max_body_bytes`.
        case bodyTooLarge(limit: Int)
        /// The URL's scheme is not http, https or file.
        case unsupportedScheme
        /// libcurl reported a transport error (timeout, reset, refused redirect, missing file...).
        case transport(code: Int)
        /// The body was empty.
        case emptyBody
        /// The run may not use the network and no body of this source is cached.
        case notCached
        /// A local archive (WARC file) is missing or is not a regular file.
        case missingArchive
    }

    public let code: Code
    public let source: String
    public let detail: String

    public init(code: Code, source: String, detail: String = "") {
        self.code = code
        self.source = source
        self.detail = detail
    }

    public var description: String {
        let what: String
        switch code {
        case .httpStatus(let status): what = "HTTP \(status)"
        case .bodyTooLarge(let limit): what = "body larger than \(limit) bytes"
        case .unsupportedScheme: what = "unsupported URL scheme (only http, https and file)"
        case .transport(let code): what = "transfer failed (curl \(code))"
        case .emptyBody: what = "empty body"
        case .notCached: what = "no cached body"
        case .missingArchive: what = "no such WARC file"
        }
        return detail.isEmpty ? "fetch \(source): \(what)" : "fetch \(source): \(what): \(detail)"
    }
}

/// Why a feed body yielded nothing: not XML at all, not a feed, or refused for safety.
public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        case notXML
        case notAFeed(root: String)
        case tooLarge(limit: Int)
        case tooDeep(limit: Int)
        /// A WARC file that could not be opened or read on (its damaged records are only counted).
        case unreadableArchive
        /// A body the run stored and let go that could no longer be read back whole.
        case bodyGone
    }

    public let code: Code
    /// The file or feed URL the bytes came from.
    public let origin: String
    public let detail: String

    /// True when the bytes were well-formed XML (or nothing at all), only not a feed: the
    /// conformance output then reports `bozo: false`, as feedparser does.
    public var isWellFormed = false

    public init(code: Code, origin: String, detail: String = "", isWellFormed: Bool = false) {
        self.code = code
        self.origin = origin
        self.detail = detail
        self.isWellFormed = isWellFormed
    }

    public var description: String {
        let what: String
        switch code {
        case .notXML: what = "not XML"
        case .notAFeed(let root): what = "not a feed (root element <\(root)>)"
        case .tooLarge(let limit): what = "larger than \(limit) bytes"
        case .tooDeep(let limit): what = "elements nested deeper than \(limit)"
        case .unreadableArchive: what = "WARC file unreadable"
        case .bodyGone: what = "the body stored for it is missing or damaged"
        }
        return detail.isEmpty ? "parse \(origin): \(what)" : "parse \(origin): \(what): \(detail)"
    }
}

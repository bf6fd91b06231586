/// An article page read: its metadata and the text of its body, paragraphs as lines.
public struct ArticlePage: Sendable, Equatable {
    /// The page's canonical URL when it names one, else the URL it was fetched from.
    public var url: String?
    public var title: String?
    public var published: Timestamp?
    public var authors: [String]
    public var language: String?
    /// The body's paragraphs joined by line breaks; empty when the page holds no prose.
    public var text: String
}

/// Reads article pages: charset, one parse, metadata, main text.
public enum PageReader {
    /// - Parameters:
    ///   - html: the page's bytes as the server sent them (decompressed).
    ///   - httpCharset: the `charset` of the response's `Content-Type`, if any.
    ///   - url: where the page was fetched from.
    /// - Returns: the page's metadata and body text; the text is empty when the page holds no prose.
    public static func read(_ html: [UInt8], httpCharset: String? = nil, url: String? = nil) -> ArticlePage {
        // Cutting scripts and styles out first leaves less to check and convert; it reads only
        // ASCII markup, the same in UTF-8 and every charset pages declare, once UTF-16 is gone.
        let stripped = RawTextStripper.strip(FeedEncoding.unicodeToUTF8(html) ?? html)
        let document = PageParser.parse(PageCharset.utf8(stripped, httpCharset: httpCharset))
        let metadata = PageMetadata(document)
        var text = MainText.paragraphs(of: document).joined(separator: "\n")
        // A page whose body is written by a script holds no prose of its own; its JSON-LD may.
        if let body = metadata.articleBody, body.utf8.count > text.utf8.count * 2 {
            text = body
        }
        return ArticlePage(
            url: metadata.canonicalURL ?? url, title: metadata.headline, published: metadata.published,
            authors: metadata.authors, language: metadata.language, text: text)
    }
}

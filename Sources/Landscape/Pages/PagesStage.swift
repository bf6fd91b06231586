/// The pages stage's decisions that need no network: which new articles to follow, what a
/// fetched body says, and how the outcomes change the articles.
public enum PagesStage {
    /// The pages to read tonight: those of the articles not in `known` (and not `skipped`),
    /// newest first, ties in the order given; an article listed twice is read once.
    public static func newPages(
        _ articles: [Article], isKnown: (String) -> Bool, skipping skipped: (Article) -> Bool = { _ in false }
    ) -> PageRequests {
        var pages = NewPages()
        for article in articles where !skipped(article) && !isKnown(article.articleID) { pages.add(article) }
        return pages.requests
    }

    /// The pages of new articles as they come, in any number of lists: what ``newPages(_:isKnown:skipping:)``
    /// gives of them all, without holding them (a build's, spooled batch after batch).
    struct NewPages {
        /// The pages' ids, in the order they came, and each one's date and address.
        private var ids = ArticleIDSet()
        private var dates: [Int64] = []
        private var addresses = PageRequests.Addresses()

        /// Adds the page of `article`, known to be new and not skipped, unless its id came before.
        mutating func add(_ article: Article) {
            guard ids.insert(article.articleID) else { return }
            dates.append((article.published ?? article.firstSeen).secondsSinceEpoch)
            addresses.append(article.url)
        }

        /// The pages, newest first, ties in the order they came.
        var requests: PageRequests {
            let order = (0..<Int32(dates.count)).sorted { a, b in
                let (left, right) = (dates[Int(a)], dates[Int(b)])
                return left != right ? left > right : a < b
            }
            return PageRequests(ids: ids.ids, addresses: addresses, order: order)
        }
    }

    /// Reads a page body into an outcome: its text and date, or why it is not an HTML page.
    ///
    /// - Parameters:
    ///   - body: the bytes as received.
    ///   - contentType: the response's `Content-Type`, if any.
    ///   - outcome: gets the text and date, or the status `failed` and why.
    public static func read(_ body: [UInt8], contentType: String?, into outcome: inout PageOutcome) {
        if let problem = notHTML(body, contentType: contentType) {
            outcome.status = .failed
            outcome.error = problem
            return
        }
        let page = PageReader.read(body, httpCharset: contentType.flatMap(charsetParameter), url: outcome.url)
        outcome.text = page.text.isEmpty ? nil : page.text
        outcome.published = page.published?.iso8601
    }

    /// Why a body is not an HTML page, if it is not: the server says another type, or the
    /// bytes begin as a PDF or an image does.
    static func notHTML(_ body: [UInt8], contentType: String?) -> String? {
        if let type = contentType?.split(separator: ";").first?.trimmingSpaces.lowercased(),
            !type.isEmpty, type != "text/html", type != "application/xhtml+xml", type != "text/plain"
        {
            return "not an HTML page: \(type)"
        }
        let signatures: [(String, [UInt8])] = [
            ("a PDF", Array("%PDF".utf8)), ("a PNG image", [0x89, 0x50, 0x4E, 0x47]),
            ("a JPEG image", [0xFF, 0xD8, 0xFF]),
            ("a GIF image", Array("GIF8".utf8)), ("a ZIP archive", [0x50, 0x4B, 0x03, 0x04]),
            ("a RIFF file (WebP, WAV)", Array("RIFF".utf8)),
        ]
        for (name, signature) in signatures where body.starts(with: signature) { return "not an HTML page: \(name)" }
        return nil
    }

    /// The articles with what their pages said: the page's text becomes `content` when it says
    /// more than the feed did, and its date fills `published` when the feed gave none.
    public static func apply(_ outcomes: [PageOutcome], to articles: [Article]) -> [Article] {
        // Most outcomes of a big night are pages not requested: only those with a text or a
        // date change an article.
        let telling = outcomes.filter { $0.text != nil || $0.published != nil }
        guard !telling.isEmpty else { return articles }
        let byID = Dictionary(telling.map { ($0.articleID, $0) }, uniquingKeysWith: { first, _ in first })
        return articles.map { article in
            guard let outcome = byID[article.articleID] else { return article }
            var article = article
            if let text = outcome.text, text.utf8.count > (article.content?.utf8.count ?? 0) { article.content = text }
            if article.published == nil, let published = outcome.published {
                article.published = FeedDate.parse(published)
            }
            return article
        }
    }
}

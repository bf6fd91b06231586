/// What reading one WARC file gave: its articles and how many records went where.
public struct ArchiveRead: Sendable {
    public var articles: [Article] = []
    /// Counts by what happened to each record: `pages` (HTML read into an article), `feeds`
    /// (and `bad_feeds`, feed-typed bodies the feed parser refused),
    /// `prefiltered` (pages the relevance filter kept out), `no_text`, `not_html`, `not_ok`
    /// (HTTP status other than 200), `other_records` (request, metadata, revisit, warcinfo),
    /// `damaged`, `oversize`.
    public var counts: [String: Int] = [:]
    /// One line per damaged or skipped record: the file, the offset and why.
    public var problems: [String] = []
}

/// Turns the records of a WARC file into articles: `response` (and `resource`) records holding
/// HTML are read by the article-page reader, records holding a feed by the feed parser. The
/// record's `WARC-Target-URI` is the article's url and `WARC-Date` its date when the page
/// gives none. Pages the relevance filter turns down never become articles: a news crawl is
/// mostly about other things.
public enum ArchiveArticles {
    /// Options of the archive reader (the pipeline's `backfill` section).
    public struct Options: Sendable, Equatable {
        /// Records with longer blocks are skipped unread.
        public var maxRecordBytes: Int
        public var jobs: Int

        public init(maxRecordBytes: Int = 20 << 20, jobs: Int = 1) {
            self.maxRecordBytes = maxRecordBytes
            self.jobs = jobs
        }
    }

    /// Reads one WARC file.
    ///
    /// - Parameters:
    ///   - path: the `.warc` or `.warc.gz` file.
    ///   - sourceID: the source the articles come from.
    ///   - seenAt: the articles' `first_seen`.
    ///   - options: the record cap and the threads pages are read on.
    ///   - isRelevant: the relevance filter, given text bytes: first a page's skimmed words
    ///     (``PageSkim``), which spare the full parse of most pages, then the title and main
    ///     text of those it passes.
    /// - Returns: the articles in record order (one per url) and the counts.
    /// - Throws: ``ArchiveError`` when the file cannot be opened or read on.
    public static func read(
        path: String, sourceID: String, seenAt: Timestamp, options: Options,
        isRelevant: @escaping @Sendable (_ text: [UInt8]) -> Bool
    ) throws(ArchiveError) -> ArchiveRead {
        let reader = try WARCReader(path: path, maxRecordBytes: options.maxRecordBytes)
        var result = ArchiveRead()
        var seen = Set<String>()
        var batch: [WARCRecord] = []
        var batchBytes = 0
        func flush() {
            let converted = parallelMap(batch, jobs: options.jobs) { record in
                convert(record, sourceID: sourceID, seenAt: seenAt, isRelevant: isRelevant)
            }
            for (outcome, articles) in converted {
                result.counts[outcome, default: 0] += 1
                for article in articles where seen.insert(article.articleID).inserted {
                    result.articles.append(article)
                }
            }
            batch.removeAll(keepingCapacity: true)
            batchBytes = 0
        }
        while let item = try reader.next() {
            switch item {
            case .record(let record):
                batch.append(record)
                batchBytes += record.block.count
                // Batches big enough to keep every thread busy, small enough to bound memory.
                if batch.count >= 256 || batchBytes >= 32 << 20 { flush() }
            case .skipped(let offset, let reason, let isOversize):
                result.counts[isOversize ? "oversize" : "damaged", default: 0] += 1
                result.problems.append("\(path): record at byte \(offset): \(reason)")
            }
        }
        flush()
        return result
    }

    /// One record's outcome (a key of ``ArchiveRead/counts``) and its articles.
    static func convert(
        _ record: WARCRecord, sourceID: String, seenAt: Timestamp,
        isRelevant: (_ text: [UInt8]) -> Bool
    ) -> (String, [Article]) {
        let body: [UInt8]
        let contentType: String?
        switch record.type.lowercased() {
        case "response":
            guard let message = HTTPMessage.response(record.block) else { return ("damaged", []) }
            guard message.status == 200 else { return ("not_ok", []) }
            body = message.body
            contentType = message.contentType
        case "resource":
            body = record.block
            contentType = record.contentType
        default:
            return ("other_records", [])
        }
        let url = record.targetURI ?? ""
        if isFeed(body, contentType: contentType) {
            guard let feed = try? parseFeed(body, origin: url, httpContentType: contentType) else {
                return ("bad_feeds", [])
            }
            return ("feeds", ParseStage.makeArticles(from: feed, sourceID: sourceID, seenAt: seenAt))
        }
        if PagesStage.notHTML(body, contentType: contentType) != nil { return ("not_html", []) }
        // Words no filter passes in the whole page will not be in its main text either.
        guard isRelevant(PageSkim.text(body)) else { return ("prefiltered", []) }
        let page = PageReader.read(body, httpCharset: contentType.flatMap(charsetParameter(of:)), url: url)
        guard !page.text.isEmpty else { return ("no_text", []) }
        var read = Array(page.text.utf8)
        if let title = page.title { read += [0x0A] + Array(title.utf8) }
        guard isRelevant(read) else { return ("prefiltered", []) }
        // The address the crawler fetched is the article's; the page's canonical one decides its id.
        let link = WebLink.make(url) ?? page.url.flatMap(WebLink.make)
        let canonical = (page.url.flatMap(WebLink.make) ?? link).map(CanonicalURL.make)
        let id = Article.makeID(canonicalURL: canonical, sourceID: sourceID, guid: nil, title: page.title)
        let article = Article(
            articleID: id, url: link, canonicalURL: canonical, sourceID: sourceID, title: page.title,
            published: page.published ?? record.date, summary: nil, content: page.text, language: page.language,
            authors: page.authors, categories: [], firstSeen: min(record.date ?? seenAt, seenAt))
        return ("pages", [article])
    }

    /// A feed, by the type the server gave or, without one, by how the body begins.
    private static func isFeed(_ body: [UInt8], contentType: String?) -> Bool {
        if let type = contentType?.split(separator: ";").first?.trimmingSpaces.lowercased(), !type.isEmpty {
            return type.contains("rss") || type.contains("atom") || type.hasSuffix("/xml") || type == "text/xml"
        }
        var index = 0
        while index < body.count, index < 512, body[index] != UInt8(ascii: "<") { index += 1 }
        return ASCIIMatch.matches(body, at: index, xmlDeclaration)
    }

    private static let xmlDeclaration = Array("<?xml".utf8)
}

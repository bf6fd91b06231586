/// What parsing one source gave: how many items, how well-formed, or why it gave nothing.
public struct FeedOutcome: Sendable {
    public let sourceID: String
    /// SHA-256 of the body that was parsed, when known.
    public let bodySHA256: String?
    public let items: Int
    public let isBozo: Bool
    /// The first well-formedness error, when `isBozo`.
    public let bozoMessage: String?
    /// Date texts that could not be read and were left null.
    public let unreadableDates: [String]
    public let error: ParseError?
    /// True when the body was the one parsed last time and its articles were reused unparsed.
    public let isReused: Bool

    public init(
        sourceID: String, bodySHA256: String?, items: Int = 0, isBozo: Bool = false, bozoMessage: String? = nil,
        unreadableDates: [String] = [], error: ParseError? = nil, isReused: Bool = false
    ) {
        self.sourceID = sourceID
        self.bodySHA256 = bodySHA256
        self.items = items
        self.isBozo = isBozo
        self.bozoMessage = bozoMessage
        self.unreadableDates = unreadableDates
        self.error = error
        self.isReused = isReused
    }
}

/// A source's parse from an earlier run: reused when tonight's body has the same digest.
public struct EarlierParse: Sendable {
    public let outcome: FeedOutcome
    public let articles: [Article]

    public init(outcome: FeedOutcome, articles: [Article]) {
        self.outcome = outcome
        self.articles = articles
    }
}

/// The parse stage: every fetched body into a feed, and every feed entry into an ``Article``.
public enum ParseStage {
    /// Parses the bodies of `fetched` on up to `jobs` threads.
    ///
    /// A source whose body has the digest of its earlier parse (a 304, or a server that sends
    /// the same bytes again) is not parsed again: its earlier articles are reused.
    ///
    /// - Parameters:
    ///   - fetched: the fetch stage's results; failed ones are skipped.
    ///   - jobs: threads to parse on.
    ///   - seenAt: the `first_seen` of new articles.
    ///   - earlier: earlier parses by source id.
    ///   - storedBody: the body stored under a digest, or nil when it is gone: for results whose
    ///     body was let go.
    /// - Returns: one outcome per input, in input order, and the articles of all feeds in a
    ///   deterministic order (by source, then feed order).
    public static func run(
        _ fetched: [FetchResult], jobs: Int, seenAt: Timestamp, earlier: [String: EarlierParse] = [:],
        storedBody: @Sendable (_ digest: String) -> [UInt8]? = { _ in nil }
    ) -> (outcomes: [FeedOutcome], articles: [Article]) {
        let parsed = parallelMap(fetched, jobs: jobs) { result -> EarlierParse in
            defer { StageProgress.shared.advance() }
            let id = result.source.id
            guard result.status != .failed else {
                return EarlierParse(outcome: FeedOutcome(sourceID: id, bodySHA256: nil), articles: [])
            }
            if let reused = reusable(result, earlier: earlier) { return reused }
            do throws(ParseError) {
                let body = try result.isBodyLetGo ? bodyFromStore(of: result, storedBody) : result.body
                let feed = try parseFeed(body, origin: result.source.url, httpContentType: result.contentType)
                let outcome = FeedOutcome(
                    sourceID: id, bodySHA256: result.bodySHA256, items: feed.entries.count, isBozo: feed.isBozo,
                    bozoMessage: feed.bozoMessage, unreadableDates: feed.entries.flatMap(\.unreadableDates))
                return EarlierParse(outcome: outcome, articles: makeArticles(from: feed, sourceID: id, seenAt: seenAt))
            } catch {
                return EarlierParse(
                    outcome: FeedOutcome(sourceID: id, bodySHA256: result.bodySHA256, error: error), articles: [])
            }
        }
        // Joined at their exact size: by doubling, up to 40 MB of records at 100,000 articles.
        return (parsed.map(\.outcome), parsed.map(\.articles).joinedExactly())
    }

    /// The earlier parse of a source whose body has not changed since (same digest, no error),
    /// marked reused; nil when the source must be parsed.
    public static func reusable(_ result: FetchResult, earlier: [String: EarlierParse]) -> EarlierParse? {
        guard let previous = earlier[result.source.id], isSameBody(result, as: previous.outcome) else { return nil }
        return EarlierParse(outcome: previous.outcome.reused(), articles: previous.articles)
    }

    private static func bodyFromStore(
        of result: FetchResult, _ storedBody: (_ digest: String) -> [UInt8]?
    ) throws(ParseError) -> [UInt8] {
        guard let digest = result.bodySHA256, let body = storedBody(digest) else {
            throw ParseError(code: .bodyGone, origin: result.source.url, detail: result.bodySHA256 ?? "no digest")
        }
        return body
    }

    /// Whether `result` brings the body `earlier` was parsed from, and that parse went well.
    static func isSameBody(_ result: FetchResult, as earlier: FeedOutcome) -> Bool {
        guard let digest = result.bodySHA256 else { return false }
        return earlier.bodySHA256 == digest && earlier.error == nil
    }

    /// The articles of one feed; entries with neither link, id nor title are skipped, and a link
    /// that is no web address (`javascript:`, `data:`) is left out of the article.
    public static func makeArticles(from feed: ParsedFeed, sourceID: String, seenAt: Timestamp) -> [Article] {
        var seen = Set<String>()
        var articles: [Article] = []
        for entry in feed.entries {
            guard entry.link != nil || entry.id != nil || entry.title != nil else { continue }
            let link = entry.link.flatMap(WebLink.make)
            let canonical = link.map(CanonicalURL.make)
            let id = Article.makeID(canonicalURL: canonical, sourceID: sourceID, guid: entry.id, title: entry.title)
            guard seen.insert(id).inserted else { continue }
            articles.append(
                Article(
                    articleID: id, url: link, canonicalURL: canonical, sourceID: sourceID, title: entry.title,
                    published: entry.published ?? entry.updated, summary: entry.summary ?? entry.content,
                    content: entry.content, language: feed.language, authors: entry.authors,
                    categories: entry.categories, firstSeen: seenAt))
        }
        return articles
    }
}

extension FeedOutcome {
    /// The same outcome, marked reused; its date problems were logged when it was parsed.
    func reused() -> FeedOutcome {
        FeedOutcome(
            sourceID: sourceID, bodySHA256: bodySHA256, items: items, isBozo: isBozo, bozoMessage: bozoMessage,
            isReused: true)
    }
}

/// What parsing one source gave: its feed, or why it gave nothing.
public struct FeedOutcome: Sendable {
    public let sourceID: String
    public let feed: ParsedFeed?
    public let error: ParseError?
}

/// The parse stage: every fetched body into a feed, and every feed entry into an ``Article``.
public enum ParseStage {
    /// Parses the bodies of `fetched` on up to `jobs` threads.
    ///
    /// - Returns: one outcome per input, in input order, and the articles of all feeds in a
    ///   deterministic order (by source, then feed order).
    public static func run(
        _ fetched: [FetchResult], jobs: Int, seenAt: Timestamp
    ) -> (outcomes: [FeedOutcome], articles: [Article]) {
        let outcomes = parallelMap(fetched, jobs: jobs) { result -> FeedOutcome in
            guard result.status != .failed else {
                return FeedOutcome(sourceID: result.source.id, feed: nil, error: nil)
            }
            do throws(ParseError) {
                let feed = try parseFeed(result.body, origin: result.source.url, httpContentType: result.contentType)
                return FeedOutcome(sourceID: result.source.id, feed: feed, error: nil)
            } catch {
                return FeedOutcome(sourceID: result.source.id, feed: nil, error: error)
            }
        }
        var articles: [Article] = []
        for outcome in outcomes {
            guard let feed = outcome.feed else { continue }
            articles.append(contentsOf: makeArticles(from: feed, sourceID: outcome.sourceID, seenAt: seenAt))
        }
        return (outcomes, articles)
    }

    /// The articles of one feed; entries with neither link, id nor title are skipped.
    public static func makeArticles(from feed: ParsedFeed, sourceID: String, seenAt: Timestamp) -> [Article] {
        var seen = Set<String>()
        var articles: [Article] = []
        for entry in feed.entries {
            guard entry.link != nil || entry.id != nil || entry.title != nil else { continue }
            let canonical = entry.link.map(CanonicalURL.make)
            let id = Article.makeID(canonicalURL: canonical, sourceID: sourceID, guid: entry.id, title: entry.title)
            guard seen.insert(id).inserted else { continue }
            articles.append(
                Article(
                    articleID: id, url: entry.link, canonicalURL: canonical, sourceID: sourceID, title: entry.title,
                    published: entry.published ?? entry.updated, summary: entry.summary ?? entry.content,
                    content: entry.content, language: feed.language, authors: entry.authors,
                    categories: entry.categories, firstSeen: seenAt))
        }
        return articles
    }
}

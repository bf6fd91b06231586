/// Every article in the landscape tonight: the parent snapshot's plus tonight's parse, or, for
/// `--only`, the base snapshot's as published. What extract and everything after it read.
struct ArticleLandscape {
    var articles: [Article]
    var newCount: Int
    /// The digest of each article, in order, and one for the whole set: extract's input is
    /// known by its content, not by how it was reached, so a night that brings nothing new
    /// finds extract and everything after it in the cache.
    var digests: [String]
    var identity: String

    init(parsed: [Article], previous: [Article], plan: RunPlan, now: Timestamp, jobs: Int) {
        var newCount = 0
        let articles: [Article]
        switch (plan[.parse], plan[.dedupe]) {
        case (.snapshot, .snapshot):
            // --only aggregate or publish: the base snapshot's articles, story groups and all.
            self.init(articles: previous, newCount: 0, digests: [], identity: "")
            return
        case (.snapshot, _):
            // In the order a night's run gives them, so that dedupe, whose grouping can depend
            // on the order it meets articles in, sees them as the base snapshot's run did.
            (articles, _) = ArticleStore.accumulate(previous, with: [])
        default:
            // Articles count as seen tonight only when tonight's feeds were read.
            let seenAt = plan[.fetch] == .latest ? nil : now
            (articles, newCount) = ArticleStore.accumulate(previous, with: parsed, seenAt: seenAt)
        }
        let digests = ArticleStore.digests(articles, jobs: jobs)
        self.init(
            articles: articles, newCount: newCount, digests: digests,
            identity: "articles \(ArticleStore.digest(of: digests))")
    }

    init(articles: [Article], newCount: Int, digests: [String], identity: String) {
        self.articles = articles
        self.newCount = newCount
        self.digests = digests
        self.identity = identity
    }

    /// The articles by month (``RecordSet/month(of:)``), each month's in landscape order;
    /// months in the order their first article comes. Extract and dedupe keep their work by
    /// month, so that a night redoes only the months it changed.
    func months() -> [(month: String, indices: [Int])] {
        var order: [String] = []
        var byMonth: [String: [Int]] = [:]
        for (index, article) in articles.enumerated() {
            let month = RecordSet.month(of: article)
            if byMonth[month] == nil { order.append(month) }
            byMonth[month, default: []].append(index)
        }
        return order.map { ($0, byMonth[$0] ?? []) }
    }
}

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

    /// The articles of one month (``RecordSet/month(of:)``), in landscape order: what extract
    /// and dedupe keep their work by, so that a night redoes only the months it changed.
    struct Month: Sendable {
        var month: String
        /// The articles' places in the landscape.
        var indices: [Int]
        var ids: [String]
        var digests: [String]

        /// A key for what is made from this month's articles in `context` (a stage's settings
        /// and code): it changes when any article of the month is added, removed or changed.
        func key(_ context: String) -> String {
            var hasher = SHA256()
            hasher.update(Array("\(context)\n\(month)\n".utf8))
            hasher.update(articleList)
            return String(hexString(hasher.finalize()).prefix(32))
        }

        /// "id digest" lines of the month's articles, as a month's cache entry records them.
        var articleList: [UInt8] {
            var lines: [UInt8] = []
            for (id, digest) in zip(ids, digests) { lines += Array("\(id) \(digest)\n".utf8) }
            return lines
        }
    }

    /// The articles by month, months in the order their first article comes.
    func months() -> [Month] {
        var order: [String] = []
        var byMonth: [String: [Int]] = [:]
        for (index, article) in articles.enumerated() {
            let month = RecordSet.month(of: article)
            if byMonth[month] == nil { order.append(month) }
            byMonth[month, default: []].append(index)
        }
        return order.map { month in
            let indices = byMonth[month] ?? []
            return Month(
                month: month, indices: indices, ids: indices.map { articles[$0].articleID },
                digests: indices.map { digests[$0] })
        }
    }
}

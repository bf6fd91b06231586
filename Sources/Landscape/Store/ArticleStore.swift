/// Keeps every article ever seen: each snapshot is the whole landscape, not one night's news.
enum ArticleStore {
    /// Merges tonight's articles into the previous snapshot's.
    ///
    /// An article seen before keeps its `first_seen` and takes tonight's text (feeds correct
    /// titles and summaries). Ordered newest first, then by id, so output is deterministic.
    /// - Returns: the merged articles and how many of tonight's were new.
    static func accumulate(_ previous: [Article], with fresh: [Article]) -> ([Article], Int) {
        var byID: [String: Article] = [:]
        byID.reserveCapacity(previous.count + fresh.count)
        for article in previous { byID[article.articleID] = article }
        var newCount = 0
        for article in fresh {
            if let old = byID[article.articleID] {
                var updated = article
                updated.firstSeen = min(old.firstSeen, article.firstSeen)
                byID[article.articleID] = updated
            } else {
                byID[article.articleID] = article
                newCount += 1
            }
        }
        let merged = byID.values.sorted { a, b in
            let dateA = a.published ?? a.firstSeen
            let dateB = b.published ?? b.firstSeen
            return dateA != dateB ? dateA > dateB : a.articleID < b.articleID
        }
        return (merged, newCount)
    }
}

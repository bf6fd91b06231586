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
        // Story groups are dedupe's to decide again over the whole set.
        for article in ungrouped(previous) { byID[article.articleID] = article }
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

    /// The articles without the story groups a dedupe gave them.
    static func ungrouped(_ articles: [Article]) -> [Article] {
        articles.map { article in
            guard article.duplicateOf != nil || article.clusterID != article.articleID else { return article }
            var plain = article
            plain.duplicateOf = nil
            plain.clusterID = article.articleID
            return plain
        }
    }

    /// The digest of each article's JSON line, in order: what extract keys its reuse on.
    static func digests(_ articles: [Article], jobs: Int) -> [String] {
        let chunk = 4096
        let starts = Array(stride(from: 0, to: articles.count, by: chunk))
        return parallelMap(starts, jobs: jobs) { start in
            articles[start..<min(start + chunk, articles.count)].map { article in
                var writer = JSONWriter()
                article.write(to: &writer)
                return SHA256.hex(writer.bytes)
            }
        }.flatMap { $0 }
    }

    /// One digest standing for a whole set of articles, from their ``digests(_:jobs:)``.
    static func digest(of digests: [String]) -> String {
        SHA256.hex(Array("\(digests.count)\n\(digests.joined(separator: "\n"))".utf8))
    }
}

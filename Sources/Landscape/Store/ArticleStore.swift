/// Keeps every article ever seen: each snapshot is the whole landscape, not one night's news.
enum ArticleStore {
    /// Merges tonight's articles into the previous snapshot's.
    ///
    /// An article seen before keeps its `first_seen` and takes tonight's text (feeds correct
    /// titles and summaries). Tonight's articles were seen at `seenAt` (nil when no feed was
    /// read, as in `--from extract`): `last_seen` moves to it, and never back. Ordered newest
    /// first, then by id, so output is deterministic.
    /// - Returns: the merged articles and how many of tonight's were new.
    static func accumulate(
        _ previous: [Article], with fresh: [Article], seenAt: Timestamp? = nil, jobs: Int = 1
    ) -> ([Article], Int) {
        // Articles stay in one array and the table holds their places: moving an article
        // in and out of a table copies every field, and a night's build is 100,000 of them.
        var articles: [Article] = []
        var place: [String: Int] = [:]
        articles.reserveCapacity(previous.count + fresh.count)
        place.reserveCapacity(previous.count + fresh.count)
        // Story groups are dedupe's to decide again over the whole set. An id twice among the
        // previous articles: the later one stands, in the earlier's place.
        for article in ungrouped(previous) {
            if let position = place[article.articleID] {
                articles[position] = article
            } else {
                place[article.articleID] = articles.count
                articles.append(article)
            }
        }
        var newCount = 0
        for article in fresh {
            guard let position = place[article.articleID] else {
                newCount += 1
                place[article.articleID] = articles.count
                articles.append(merged(article, over: nil, seenAt: seenAt))
                continue
            }
            articles[position] = merged(article, over: articles[position], seenAt: seenAt)
        }
        // Newest first, then by id. Small keys are sorted and the articles put in their places
        // once after: a sort moves its elements many times, and moving an article copies every
        // field.
        struct Key {
            let date: Int64
            let index: Int32
        }
        let ids = articles.map(\.articleID)
        let keys = articles.indices.map { index in Key(date: order(articles[index]), index: Int32(index)) }
        var source = keys.sorted(jobs: jobs) { a, b in
            a.date != b.date ? a.date > b.date : ids[Int(a.index)] < ids[Int(b.index)]
        }.map(\.index)
        // In place, one cycle of the order after another: gathered into a new array, a build's
        // articles were held twice (some 200 MB at a million).
        for start in source.indices where source[start] != Int32(start) {
            var current = start
            while true {
                let next = Int(source[current])
                source[current] = Int32(current)
                if next == start { break }
                articles.swapAt(current, next)
                current = next
            }
        }
        return (articles, newCount)
    }

    /// `fresh`, seen tonight (at `seenAt`), over `old`, the article as it stood before (nil
    /// for an article new tonight): what ``accumulate(_:with:seenAt:jobs:)`` keeps of the two.
    static func merged(_ fresh: Article, over old: Article?, seenAt: Timestamp?) -> Article {
        var seen = fresh
        if let seenAt { seen.lastSeen = max(seen.lastSeen, seenAt) }
        guard let old else { return seen }
        seen.firstSeen = min(old.firstSeen, seen.firstSeen)
        seen.lastSeen = max(old.lastSeen, seen.lastSeen)
        // The page was read the night the article was new; the feed's teaser that
        // comes back with it must not replace the page's text or date.
        if (seen.content?.utf8.count ?? 0) < (old.content?.utf8.count ?? 0) { seen.content = old.content }
        if seen.published == nil { seen.published = old.published }
        return seen
    }

    /// Where an article stands in landscape order (``accumulate(_:with:seenAt:jobs:)``): newest
    /// first, then by id.
    static func precedes(_ article: Article, _ other: Article) -> Bool {
        let (date, otherDate) = (order(article), order(other))
        return date != otherDate ? date > otherDate : article.articleID < other.articleID
    }

    /// The date an article is ordered and filed by: published, else first seen.
    static func order(_ article: Article) -> Int64 { (article.published ?? article.firstSeen).secondsSinceEpoch }

    /// The articles without the story groups a dedupe gave them.
    static func ungrouped(_ articles: [Article]) -> [Article] {
        articles.map(ungrouped)
    }

    /// The article without the story group a dedupe gave it.
    static func ungrouped(_ article: Article) -> Article {
        guard article.duplicateOf != nil || article.clusterID != article.articleID else { return article }
        var plain = article
        plain.duplicateOf = nil
        plain.clusterID = article.articleID
        return plain
    }

    /// The digest of each article's JSON line (less `last_seen`), in order: what extract keys
    /// its reuse on.
    static func digests(_ articles: [Article], jobs: Int) -> [ContentDigest] {
        articles.mapInChunks(jobs: jobs) { article in
            // When an article was last seen changes nothing extract or dedupe find in it.
            var content = article
            content.lastSeen = article.firstSeen
            var writer = JSONWriter()
            content.write(to: &writer)
            return ContentDigest(of: writer.bytes)
        }
    }
}

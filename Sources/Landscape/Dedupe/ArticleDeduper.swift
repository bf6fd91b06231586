/// Marks articles that repeat another: the same canonical URL, the same title on the same day,
/// or a near-duplicate text (MinHash over word shingles, LSH banding; see ``DuplicateGroups``).
///
/// The original of a group is the article seen first, and of those seen the same night the one
/// published first (then the smallest id): an original never changes when later nights add
/// copies. The others get `duplicateOf` set to it, and every member gets its id as `clusterID`.
public enum ArticleDeduper {
    /// Articles are signed this many at a time, so the texts of only one batch are held at once.
    static let batchSize = 8192

    public static func run(
        _ articles: [Article], options: DedupeOptions, jobs: Int
    ) -> (articles: [Article], counts: DuplicateGroups.Counts) {
        run(articles, fingerprints: fingerprints(articles, options: options, jobs: jobs), options: options)
    }

    /// The hasher of `options`.
    static func hasher(_ options: DedupeOptions) -> MinHasher {
        MinHasher(permutations: options.minhashPermutations, shingleWords: options.shingleWords)
    }

    /// The fingerprints of `articles`, in order, signed on up to `jobs` threads.
    static func fingerprints(_ articles: some Collection<Article>, options: DedupeOptions, jobs: Int)
        -> ArticleFingerprints
    {
        var fingerprints = ArticleFingerprints(hasher: hasher(options))
        fingerprints.reserveCapacity(articles.count)
        var rest = articles[...]
        while !rest.isEmpty {
            fingerprints.append(rest.prefix(batchSize).map(input), jobs: jobs)
            rest = rest.dropFirst(batchSize)
        }
        return fingerprints
    }

    /// Groups `articles` by their fingerprints, made earlier (one per article, in order).
    static func run(
        _ articles: [Article], fingerprints: ArticleFingerprints, options: DedupeOptions
    ) -> (articles: [Article], counts: DuplicateGroups.Counts) {
        let ids = ArticleIDs(articles.lazy.map(\.articleID))
        let order = order(
            firstSeen: Timestamps(articles.lazy.map(\.firstSeen)),
            published: OptionalTimestamps(articles.lazy.map(\.published)), ids: ids, jobs: 1)
        let (copies, counts, _) = groups(
            order: order,
            fingerprints: FingerprintBlocks(signatures: fingerprints.signatures, exactKeys: fingerprints.exactKeys),
            options: options)
        let groups = StoryGroups(
            listed: copies.lazy.map { copy in
                let id = ids[Int(copy.original)]
                return (Int(copy.record), StoryGroup(duplicateOf: id, clusterID: id))
            }, ids: ids)
        return (zip(articles, groups).map { $0.grouped($1) }, counts)
    }

    /// The articles that repeat another, with their originals, given each article's place in
    /// precedence (``order(firstSeen:published:ids:jobs:)``) and fingerprint (both in one
    /// order): what grouping reads of an article, so that articles at rest need not be read.
    /// Neither the sightings the order is made of nor the ids are needed beside it: the ids
    /// are put on the groups once they are made, for the few articles that repeat another.
    ///
    /// Grouping goes on from `state`, where an earlier grouping of some of these articles
    /// stopped: a night's new articles come after every article seen before, in precedence.
    /// Articles of the state that changed (seen again with another text, or another date) are
    /// grouped again with every article after the first of them, unless that is more than a
    /// tenth of the articles (and more than ``regroupedAtMost``): then, and when the state is
    /// of other settings, every article is grouped anew. The groups are the same either way.
    ///
    /// - Returns: the articles that are not their own original, ascending, with their
    ///   originals; what was compared, and where this grouping stopped.
    static func groups(
        order: PrecedenceOrder, fingerprints: FingerprintBlocks,
        options: DedupeOptions, continuing state: consuming GroupingState? = nil, jobs: Int = 1
    ) -> (copies: [DuplicateGroups.Copy], counts: DuplicateGroups.Counts, state: GroupingState?) {
        precondition(fingerprints.count == order.count)
        let groups = DuplicateGroups(
            threshold: options.nearDuplicateThreshold, permutations: options.minhashPermutations)
        // The state is handed on, not copied: grouping on from it replaces its last records in place.
        var continued: DuplicateGroups.Grouping?
        if let state = consume state {
            continued = groups.continued(
                from: state, fingerprints, order: order,
                regroupingAtMost: max(regroupedAtMost, order.count / 10), jobs: jobs)
        }
        let grouping = continued ?? groups.grouped(fingerprints, order: order, jobs: jobs)
        return (grouping.copies, grouping.counts, grouping.state)
    }

    /// How many articles of a ``GroupingState`` grouping may take again from the first changed
    /// one, whatever the landscape's size: each is held whole (its signature, 0.7 KB at 128
    /// permutations), while grouping every article holds only the halves of those sharing a
    /// bucket.
    static let regroupedAtMost = 50_000

    /// Each article's place when all are sorted by precedence: first seen, then published, then id.
    ///
    /// Without `ids`, articles whose sightings tie are taken to be in the order of their ids
    /// already, as a landscape's are: two articles that tie share a date (published, else
    /// first seen), so a month, and a month in landscape order lists the articles of a date by
    /// id. A million articles' ids are 10 MB not held for that.
    ///
    /// The articles' numbers are sorted, four bytes each, and their dates read as they are
    /// compared: ranks holding the dates beside the numbers (16 bytes an article), with the
    /// sort's scratch, were 24 MB of the million's 1,000-new night's peak, against 6.
    static func order(firstSeen: Timestamps, published: OptionalTimestamps, ids: ArticleIDs?, jobs: Int)
        -> PrecedenceOrder
    {
        let count = firstSeen.count
        precondition(published.count == count && (ids?.count ?? count) == count && count < Int32.max)
        @Sendable func sighting(_ index: Int32) -> (seen: Int64, published: Int64) {
            let seen = firstSeen[Int(index)]
            return (seen.secondsSinceEpoch, (published[Int(index)] ?? seen).secondsSinceEpoch)
        }
        var order = PrecedenceOrder.Builder(count: count)
        var precedence = Array(0..<Int32(count))
        precedence.sortInHalves(jobs: jobs) { a, b in
            let (left, right) = (sighting(a), sighting(b))
            if left.seen != right.seen { return left.seen < right.seen }
            if left.published != right.published { return left.published < right.published }
            return ids?.precedes(Int(a), Int(b)) ?? (a < b)
        } forEachInOrder: { index in
            order.append(index)
        }
        return order.order()
    }

    /// What dedupe reads of an article: the title and the body, summary or content.
    static func input(_ article: Article) -> ArticleFingerprints.Input {
        ArticleFingerprints.Input(
            canonicalURL: article.canonicalURL, title: article.title, day: article.published?.day,
            body: article.content ?? article.summary ?? "")
    }

    /// Whether `article` gives the fingerprints `other` gives: the same ``input(_:)``, told
    /// without making it.
    static func signsAlike(_ article: Article, _ other: Article) -> Bool {
        (article.content ?? article.summary ?? "") == (other.content ?? other.summary ?? "")
            && article.title == other.title && article.canonicalURL == other.canonicalURL
            && article.published?.day == other.published?.day
    }
}

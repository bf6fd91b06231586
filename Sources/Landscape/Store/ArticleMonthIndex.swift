import Synchronization

/// What a night needs of a published month of articles without reading it: each article's id,
/// content digest, the dates dedupe orders it by, and its story group, in file order.
///
/// Kept in the stage cache (`cache/stages/article-months/<sha256>/`) under the digest of the
/// month file it describes, so it is content-addressed: any snapshot's file with that digest
/// holds exactly these articles. A month whose index is missing or damaged is simply read.
struct ArticleMonthIndex: Sendable, Equatable {
    var ids = ArticleIDs()
    /// ``ArticleStore/digests(_:jobs:)`` of each article: its content less sighting and group.
    var digests: [ContentDigest] = []
    var firstSeen = Timestamps()
    var published = OptionalTimestamps()
    var groups = StoryGroups()

    var count: Int { ids.count }

    init() {}

    /// The index of articles in memory, each with its digest.
    init(articles: some Collection<Article>, digests: some Collection<ContentDigest>) {
        append(articles, digests: digests)
        groups = StoryGroups(articles.lazy.map(StoryGroup.init(of:)), ids: ids)
    }

    /// Room for `count` articles' ids, digests and dates.
    mutating func reserveCapacity(_ count: Int) {
        ids.reserveCapacity(ids: count, bytes: count * 20)
        digests.reserveCapacity(count)
        firstSeen.reserveCapacity(count)
        published.reserveCapacity(count)
    }

    /// Adds `articles`, each with its digest, but not their story groups, which are set once
    /// for the whole month.
    mutating func append(_ articles: some Collection<Article>, digests: some Collection<ContentDigest>) {
        for article in articles {
            ids.append(article.articleID)
            firstSeen.append(article.firstSeen)
            published.append(article.published)
        }
        self.digests += digests
    }

    /// One line an article, tab-separated: id, digest, first seen and published (seconds since
    /// the epoch, `-` for none), duplicate of (`-`) and cluster id (`-` when the article's own).
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 120)
        for row in 0..<count {
            let group = groups[row]
            let fields = [
                ids[row], digests[row].description, String(firstSeen[row].secondsSinceEpoch),
                published[row].map { String($0.secondsSinceEpoch) } ?? "-", group.duplicateOf ?? "-",
                group.clusterID == ids[row] ? "-" : group.clusterID,
            ]
            bytes += Array(fields.joined(separator: "\t").utf8)
            bytes.append(0x0A)
        }
        return bytes
    }

    /// Reads ``encoded()``; nil for anything else.
    init?(decoding bytes: [UInt8]) {
        // Sized once: grown line by line, a million articles' arrays held up to twice their
        // size (a third of the indexes' memory).
        let lines = bytes.split(separator: 0x0A)
        reserveCapacity(lines.count)
        // Read as an array of groups a month at a time, then held as ``StoryGroups``: nil for an
        // article alone in its story, so that no string is made for its id.
        var read: [StoryGroup?] = []
        read.reserveCapacity(lines.count)
        for line in lines {
            let fields = line.split(separator: 0x09, omittingEmptySubsequences: false)
            guard fields.count == 6, let first = Self.seconds(fields[2]), let digest = ContentDigest(hex: fields[1])
            else { return nil }
            let published: Timestamp?
            if fields[3].elementsEqual([0x2D]) {
                published = nil
            } else {
                guard let seconds = Self.seconds(fields[3]) else { return nil }
                published = seconds
            }
            ids.append(utf8: fields[0])
            digests.append(digest)
            firstSeen.append(first)
            self.published.append(published)
            let duplicateOf = fields[4].elementsEqual([0x2D]) ? nil : String(decoding: fields[4], as: UTF8.self)
            if fields[5].elementsEqual([0x2D]) {
                read.append(duplicateOf.map { StoryGroup(duplicateOf: $0, clusterID: ids[ids.count - 1]) })
            } else {
                read.append(StoryGroup(duplicateOf: duplicateOf, clusterID: String(decoding: fields[5], as: UTF8.self)))
            }
        }
        groups = StoryGroups(sparse: read, ids: ids)
    }

    private static func seconds(_ field: ArraySlice<UInt8>) -> Timestamp? {
        Int64(String(decoding: field, as: UTF8.self)).map { Timestamp(secondsSinceEpoch: $0) }
    }
}

/// The shelf of ``ArticleMonthIndex`` entries in the stage cache.
struct ArticleIndexCache: Sendable {
    let cache: StageCache
    /// How many whole indexes of the parent's months the run read: the incremental claim,
    /// checkable (a month a night does not touch is known by its ids alone).
    private let wholeReads = WholeIndexReads()

    init(cache: StageCache) { self.cache = cache }

    var wholeIndexesRead: Int { wholeReads.count.load(ordering: .relaxed) }

    /// Counts a parent month whose whole index the run asked for (``LandscapeMonth/withWholeIndex()``).
    func countWholeIndexRead() { wholeReads.count.wrappingAdd(1, ordering: .relaxed) }

    static let shelf = "article-months"
    private static let file = "index.tsv"

    /// The index of the month file whose digest is `sha256`, or nil when it is not kept.
    func index(of sha256: String) -> ArticleMonthIndex? {
        guard cache.has(shelf: Self.shelf, key: sha256),
            let bytes = try? cache.bytes(shelf: Self.shelf, key: sha256, file: Self.file)
        else { return nil }
        return ArticleMonthIndex(decoding: bytes)
    }

    /// The ids, list digest and duplicate count of the index of the month file whose digest is
    /// `sha256` and which holds about `rows` articles (``ArticleMonthIDs/read(from:expecting:)``),
    /// or nil when it is not kept or not readable. A month's index is 3 MB at a million
    /// articles, read two at a time while the night's feeds are fetched.
    func ids(of sha256: String, rows: Int) -> ArticleMonthIDs? {
        guard cache.has(shelf: Self.shelf, key: sha256) else { return nil }
        let read = try? cache.read(shelf: Self.shelf, key: sha256, file: Self.file) {
            try ArticleMonthIDs.read(from: $0, expecting: rows)
        }
        return read ?? nil
    }

    func has(_ sha256: String) -> Bool { cache.has(shelf: Self.shelf, key: sha256) }

    func store(_ index: ArticleMonthIndex, of sha256: String) throws {
        try cache.store(shelf: Self.shelf, key: sha256, files: [(Self.file, index.encoded())])
    }

    /// Stores `index` in place of whatever is kept for the file: one found not to match it.
    func replace(_ index: ArticleMonthIndex, of sha256: String) throws {
        cache.remove(shelf: Self.shelf, key: sha256)
        try store(index, of: sha256)
    }

    /// Removes the indexes of month files none of `kept` names.
    @discardableResult
    func removeAll(except kept: Set<String>) -> Int {
        cache.removeEntries(shelf: Self.shelf, keeping: kept)
    }
}

private final class WholeIndexReads: Sendable {
    let count = Atomic<Int>(0)
}

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
    func encoded() -> [UInt8] { encoded(0..<count) }

    /// The lines of the articles at `rows`, as ``encoded()`` writes them.
    private func encoded(_ rows: Range<Int>) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(rows.count * 120)
        for row in rows {
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

    /// Writes ``encoded()`` to `path`, which must not exist, synced, a thousand lines at a time
    /// (a month of a million articles' landscape is 3 MB of them).
    ///
    /// - Returns: the file's SHA-256 in hex.
    /// - Throws: ``FileSystemError`` when it cannot be written.
    func write(to path: String) throws(FileSystemError) -> String {
        let file = try DurableFile.NewFile(path)
        var hasher = SHA256()
        for start in stride(from: 0, to: count, by: 1024) {
            let lines = encoded(start..<min(start + 1024, count))
            hasher.update(lines)
            try file.write(lines)
        }
        try file.close()
        return hexString(hasher.finalize())
    }

    /// Reads ``encoded()``; nil for anything else.
    init?(decoding bytes: [UInt8]) {
        var decoder = Decoder(expecting: bytes.count { $0 == 0x0A })
        let isReadable = bytes.withUnsafeBytes { raw in
            var start = 0
            while start < raw.count {
                let end = raw[start...].firstIndex(of: 0x0A) ?? raw.count
                if end > start, !decoder.add(UnsafeRawBufferPointer(rebasing: raw[start..<end])) { return false }
                start = end + 1
            }
            return true
        }
        guard isReadable else { return nil }
        self = decoder.finish()
    }

    /// Reads ``encoded()`` from `reader` a line at a time, sized once for about `rows` articles;
    /// nil for anything else. A month of a million articles' landscape is 3 MB of lines, which
    /// were held whole, and split, beside the index made of them (dedupe reads two at a time).
    ///
    /// - Throws: ``DamagedDataError`` when a read fails.
    static func read(from reader: FileBlockReader, expecting rows: Int) throws(DamagedDataError)
        -> ArticleMonthIndex?
    {
        var decoder = Decoder(expecting: rows)
        return try forEachLine(of: reader) { decoder.add($0) } ? decoder.finish() : nil
    }

    /// Hands each non-empty line of an index file to `add`, without its newline, until `add`
    /// refuses one.
    ///
    /// - Returns: whether every line was taken.
    /// - Throws: ``DamagedDataError`` when a read fails.
    static func forEachLine(of reader: FileBlockReader, _ add: (UnsafeRawBufferPointer) -> Bool)
        throws(DamagedDataError) -> Bool
    {
        var isReadable = true
        while isReadable,
            try reader.takeLine({ (line, hasNewline) -> Void in
                let text = UnsafeRawBufferPointer(rebasing: line.dropLast(hasNewline ? 1 : 0))
                isReadable = text.isEmpty || add(text)
            }) != nil
        {}
        return isReadable
    }

    /// Where the five tabs of an index line are; nil for a line of other than six fields.
    static func tabs(in line: UnsafeRawBufferPointer) -> (Int, Int, Int, Int, Int)? {
        var tabs = (0, 0, 0, 0, 0)
        var found = 0
        for (offset, byte) in line.enumerated() where byte == 0x09 {
            switch found {
            case 0: tabs.0 = offset
            case 1: tabs.1 = offset
            case 2: tabs.2 = offset
            case 3: tabs.3 = offset
            case 4: tabs.4 = offset
            default: return nil
            }
            found += 1
        }
        return found == 5 ? tabs : nil
    }

    /// Makes an index of ``encoded()``'s lines, one at a time.
    private struct Decoder {
        private var index = ArticleMonthIndex()
        /// The story groups of the articles not alone in their story: no string is made for
        /// the others' ids.
        private var listed: [(row: Int, group: StoryGroup)] = []

        /// A decoder of about `rows` lines: the columns are sized once (grown line by line, a
        /// million articles' were held up to twice their size).
        init(expecting rows: Int) { index.reserveCapacity(rows) }

        /// Adds one line, without its newline; false for one that is not as written.
        mutating func add(_ line: UnsafeRawBufferPointer) -> Bool {
            guard let tabs = ArticleMonthIndex.tabs(in: line) else { return false }
            func field(_ start: Int, _ end: Int) -> UnsafeRawBufferPointer {
                UnsafeRawBufferPointer(rebasing: line[start..<end])
            }
            guard let digest = ContentDigest(hex: field(tabs.0 + 1, tabs.1)),
                let first = Self.seconds(field(tabs.1 + 1, tabs.2))
            else { return false }
            let publishedField = field(tabs.2 + 1, tabs.3)
            let published: Timestamp?
            if Self.isDash(publishedField) {
                published = nil
            } else {
                guard let seconds = Self.seconds(publishedField) else { return false }
                published = seconds
            }
            let row = index.ids.count
            index.ids.append(utf8: field(0, tabs.0))
            index.digests.append(digest)
            index.firstSeen.append(first)
            index.published.append(published)
            let (duplicateField, clusterField) = (field(tabs.3 + 1, tabs.4), field(tabs.4 + 1, line.count))
            let duplicateOf = Self.isDash(duplicateField) ? nil : String(decoding: duplicateField, as: UTF8.self)
            if !Self.isDash(clusterField) {
                let clusterID = String(decoding: clusterField, as: UTF8.self)
                listed.append((row, StoryGroup(duplicateOf: duplicateOf, clusterID: clusterID)))
            } else if let duplicateOf {
                listed.append((row, StoryGroup(duplicateOf: duplicateOf, clusterID: index.ids[row])))
            }
            return true
        }

        consuming func finish() -> ArticleMonthIndex {
            index.groups = StoryGroups(listed: listed, ids: index.ids)
            return index
        }

        private static func isDash(_ field: UnsafeRawBufferPointer) -> Bool { field.count == 1 && field[0] == 0x2D }

        private static func seconds(_ field: UnsafeRawBufferPointer) -> Timestamp? {
            Int64(String(decoding: field, as: UTF8.self)).map { Timestamp(secondsSinceEpoch: $0) }
        }
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

    /// The index of the month file whose digest is `sha256` and which holds about `rows`
    /// articles, read a line at a time (``ArticleMonthIndex/read(from:expecting:)``), or nil
    /// when it is not kept or not readable.
    func index(of sha256: String, rows: Int) -> ArticleMonthIndex? {
        guard cache.has(shelf: Self.shelf, key: sha256) else { return nil }
        let read = try? cache.read(shelf: Self.shelf, key: sha256, file: Self.file) {
            try ArticleMonthIndex.read(from: $0, expecting: rows)
        }
        return read ?? nil
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

    /// Stores the index written at `path` (``ArticleMonthIndex/write(to:)``), moved there, as
    /// the index of the month file whose digest is `sha256`.
    func store(written path: String, digest: String, of sha256: String) throws {
        try cache.store(
            shelf: Self.shelf, key: sha256, files: [CacheFile(Self.file, staged: path, sha256: digest, rows: 0)])
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

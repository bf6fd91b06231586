/// Every article in the landscape tonight, month by month, newest month first: what extract
/// and everything after it read.
///
/// A night reads only the months it touches: those holding an article tonight's feeds bring
/// again, and those tonight's articles land in. The others stay at rest in the parent snapshot's
/// files, known by their ids (the rest of their index, dates and story groups, is read when
/// dedupe groups the articles again), and are read only if a stage needs their text: a month
/// that was never extracted or signed with these settings, or whose story groups dedupe changed.
struct ArticleLandscape: Sendable {
    var months: [LandscapeMonth]
    var newCount: Int
    /// One digest standing for every article's content, in order: extract's input is known by
    /// its content, not by how it was reached, so a night that brings nothing new finds extract
    /// and everything after it in the cache.
    let identity: String
    let count: Int

    init(months: [LandscapeMonth], newCount: Int) {
        self.months = months
        self.newCount = newCount
        count = months.reduce(0) { $0 + $1.count }
        var lines = "\(count)\n"
        for month in months { lines += "\(month.month) \(month.count) \(month.listDigest)\n" }
        identity = "articles \(SHA256.hex(Array(lines.utf8)))"
    }

    /// The parent's articles with tonight's merged in (``ArticleStore/accumulate(_:with:seenAt:jobs:)``):
    /// the months tonight's articles were in or go to are read and made again, the rest stay at rest.
    ///
    /// - Parameters:
    ///   - parsed: tonight's articles.
    ///   - parent: the parent snapshot's articles (none on a first night).
    ///   - seenAt: when tonight's articles were seen; nil when no feed was read.
    ///   - jobs: threads to read months and digest articles on.
    /// - Returns: the landscape, with how many of tonight's articles were new.
    /// - Throws: what reading a parent month throws.
    static func night(parsed: [Article], parent: ParentArticles, seenAt: Timestamp?, jobs: Int) throws
        -> ArticleLandscape
    {
        let parent = try parent.locating(parsed, jobs: jobs)
        var touched = Set(parsed.compactMap { parent.month(holding: $0.articleID) })
        var read: [Int: [Article]] = [:]
        while true {
            let unread = touched.filter { read[$0] == nil }.sorted()
            let months = parallelMap(unread, jobs: jobs) { position in
                Result { try parent.months[position].articles() }
            }
            for (position, result) in zip(unread, months) { read[position] = try result.get() }
            let previous = touched.sorted().flatMap { read[$0] ?? [] }
            let (merged, newCount) = ArticleStore.accumulate(previous, with: parsed, seenAt: seenAt, jobs: jobs)
            let spans = monthSpans(merged, jobs: jobs)
            // An article may land in a month at rest (a new article about an old date, a date
            // corrected): that month is read and merged too.
            let landing = spans.compactMap { parent.position(ofMonth: $0.month) }
            let more = Set(landing).subtracting(touched)
            if more.isEmpty {
                var months = parent.months.indices.filter { !touched.contains($0) }.map {
                    parent.months[$0].lettingIDsGo()
                }
                // What the parent published of the articles made again, for a night whose
                // dedupe output turns out to be the parent's.
                var published: [String: StoryGroup] = [:]
                for article in read.values.joined() { published[article.articleID] = StoryGroup(of: article) }
                for var month in residentMonths(merged, spans: spans, jobs: jobs) {
                    month.parentGroups = StoryGroups(
                        zip(month.ids, month.index.groups).lazy.map { published[$0] ?? $1 }, ids: month.ids)
                    // A month the parent had: dedupe signs only its articles that do not sign alike there.
                    if let position = parent.position(ofMonth: month.month), let before = read[position],
                        case .resident(let articles) = month.storage
                    {
                        month.earlier = EarlierMonth(
                            articles, before: before, listDigest: parent.months[position].listDigest)
                    }
                    months.append(month)
                }
                months.sort { $0.month > $1.month }
                return ArticleLandscape(months: months, newCount: newCount)
            }
            touched.formUnion(more)
        }
    }

    /// The parent's articles as published, story groups and all (`--only`, `--from extract`).
    init(published parent: ParentArticles) {
        self.init(months: parent.months, newCount: 0)
    }

    /// Where each month's articles are among articles in landscape order (newest first, so a
    /// month's are together). The months are read on every core: a date is formatted for each.
    static func monthSpans(_ articles: [Article], jobs: Int) -> [(month: String, range: Range<Int>)] {
        let months = articles.mapInChunks(jobs: jobs, RecordSet.month(of:))
        var spans: [(month: String, range: Range<Int>)] = []
        var start = 0
        while start < months.count {
            var end = start + 1
            while end < months.count, months[end] == months[start] { end += 1 }
            spans.append((months[start], start..<end))
            start = end
        }
        return spans
    }

    /// Articles in landscape order split into months (their ``monthSpans(_:jobs:)``), each
    /// article with its digest.
    static func residentMonths(
        _ articles: [Article], spans: [(month: String, range: Range<Int>)], jobs: Int
    ) -> [LandscapeMonth] {
        let digests = ArticleStore.digests(articles, jobs: jobs)
        // A month's index and list digest are its own: a build's three years are made on every core.
        return parallelMap(spans, jobs: jobs) { span in
            LandscapeMonth(month: span.month, articles: articles[span.range], digests: digests[span.range])
        }
    }

    /// Every article in order, read from the parent where at rest.
    func articles() throws -> [Article] {
        try months.flatMap { try $0.articles() }
    }

    /// The landscape with every article in the story group the parent published for it (an
    /// article new tonight: its own), month by month as the months hold them: a million
    /// articles' groups made into one array were 32 MB, grown to 79, on a quiet night.
    func groupedAsParent() -> ArticleLandscape {
        var landscape = self
        landscape.months = months.map { $0.groupedAsParent() }
        return landscape
    }

    var duplicateCount: Int { months.reduce(0) { $0 + $1.duplicateCount } }

    /// The landscape with each month at rest as the parent published it settled
    /// (``LandscapeMonth/settled()``): what publish needs once dedupe has grouped the articles.
    func settled() -> ArticleLandscape {
        var landscape = self
        landscape.months = months.map { $0.settled() }
        return landscape
    }

    /// The landscape with each month tonight wrote settled in its file, where dedupe left its
    /// story groups as written (``LandscapeMonth/settledInFile()``), a month to a core.
    ///
    /// - Throws: ``FileSystemError`` for an index that cannot be written.
    func settledInFiles(jobs: Int) throws -> ArticleLandscape {
        try mappingMonths(jobs: jobs) { try $0.settledInFile() }
    }

    /// The landscape with `change` made to each month, a month to a core; the first month's
    /// error, in the landscape's order, is thrown.
    private func mappingMonths(
        jobs: Int, _ change: @Sendable (LandscapeMonth) throws -> LandscapeMonth
    ) throws -> ArticleLandscape {
        var landscape = self
        landscape.months = try parallelMap(months, jobs: jobs) { month in Result { try change(month) } }
            .map { try $0.get() }
        return landscape
    }

    /// The landscape with each month tonight wrote resting in its file
    /// (``LandscapeMonth/restingInFile()``), a month to a core: what dedupe needs of a
    /// landscape once extract is done.
    ///
    /// - Throws: ``FileSystemError`` for an index that cannot be written.
    func restingInFiles(jobs: Int) throws -> ArticleLandscape {
        guard months.contains(where: \.isSpilled) else { return self }
        return try mappingMonths(jobs: jobs) { try $0.restingInFile() }
    }

    /// The landscape with each month in memory written to a file in `folder` and let go
    /// (``LandscapeMonth/spilled(into:stamps:tally:)``), a month to a core.
    ///
    /// - Throws: ``FileSystemError`` for a file that cannot be written.
    func spilled(into folder: String, stamps: FileStamps, tally: RowTally, jobs: Int) throws -> ArticleLandscape {
        try mappingMonths(jobs: jobs) { try $0.spilled(into: folder, stamps: stamps, tally: tally) }
    }

    /// The landscape with every resting month holding its whole index
    /// (``LandscapeMonth/withWholeIndex()``): what grouping its articles again needs.
    ///
    /// - Throws: as ``LandscapeMonth/withWholeIndex()``.
    func withWholeIndexes(jobs: Int) throws -> ArticleLandscape {
        guard months.contains(where: \.isResting) else { return self }
        return try mappingMonths(jobs: jobs) { try $0.withWholeIndex() }
    }

    /// The landscape with `groups` (the articles', in order) as its story groups, settled
    /// (``settled()``, ``settledInFiles(jobs:)``), where `before` are digests of the months' groups as grouping read them
    /// (their whole indexes'): a month at rest whose groups are those settles without its
    /// index, and one whose groups changed reads its whole index again, for publish to write
    /// the month and keep its index.
    ///
    /// - Throws: as ``LandscapeMonth/withWholeIndex()``.
    func grouped(_ groups: CopyGroups, before: [StoryGroups.Digest], jobs: Int) throws -> ArticleLandscape {
        precondition(groups.count == count && before.count == months.count)
        let (months, ranges) = (months, monthRanges)
        // A resting month of the parent's whose groups did not change is settled as it rests;
        // one tonight wrote is read back, to settle in its file.
        let changed = months.indices.filter { position in
            !months[position].isResting || months[position].isSpilled
                || before[position] != groups.digest(ranges[position])
        }
        let read = try parallelMap(changed, jobs: jobs) { position in
            Result { try months[position].withWholeIndex() }
        }.map { try $0.get() }
        var landscape = self
        for (position, month) in zip(changed, read) {
            landscape.months[position] = month
            landscape.months[position].regroup(groups.sparse(ranges[position]))
        }
        return try landscape.settled().settledInFiles(jobs: jobs)
    }

    /// The landscape with `groups` (the articles', in order) as its story groups. A month at
    /// rest whose groups change stays at rest: it is read when it is published. No month may be
    /// resting (``withWholeIndexes(jobs:)``).
    func grouped(_ groups: StoryGroups) -> ArticleLandscape {
        precondition(groups.count == count && !months.contains(where: \.isResting))
        var landscape = self
        for (position, range) in monthRanges.enumerated() { landscape.months[position].regroup(groups.sparse(range)) }
        return landscape
    }

    /// Where each month's articles are among the landscape's, in order.
    /// The ids of the articles at `rows` (ascending), in order: each month's ids are read, a
    /// month a core at a time, and let go once its articles' are taken, so that a landscape's
    /// ids are not held to name a few of its articles (a million's are 10 MB).
    ///
    /// - Throws: as ``LandscapeMonth/withIDs()``.
    func ids(ofRows rows: [Int32], jobs: Int) throws -> [String] {
        precondition(zip(rows, rows.dropFirst()).allSatisfy { $0 < $1 } && (rows.last.map { Int($0) < count } ?? true))
        var ids: [String] = []
        ids.reserveCapacity(rows.count)
        let (months, ranges) = (months, monthRanges)
        // Only the months holding a row asked for are read.
        var holding: [Int] = []
        for row in rows {
            if let last = holding.last, ranges[last].contains(Int(row)) { continue }
            holding.append(ranges.partitionPoint { $0.upperBound <= Int(row) })
        }
        var next = 0
        let monthsAtATime = max(1, jobs)
        for start in stride(from: 0, to: holding.count, by: monthsAtATime) {
            let batch = Array(holding[start..<min(start + monthsAtATime, holding.count)])
            let read = parallelMap(batch, jobs: jobs) { position in Result { try months[position].withIDs().ids } }
            for (position, result) in zip(batch, read) {
                let (monthIDs, range) = (try result.get(), ranges[position])
                while next < rows.count, Int(rows[next]) < range.upperBound {
                    ids.append(monthIDs[Int(rows[next]) - range.lowerBound])
                    next += 1
                }
            }
        }
        return ids
    }

    private var monthRanges: [Range<Int>] {
        var start = 0
        return months.map { month in
            defer { start += month.count }
            return start..<start + month.count
        }
    }
}

extension LandscapeMonth {
    /// Whether the month's articles, as its index lists them, are in landscape order (newest
    /// first, then by id) and all dated in the month: then a night can keep them in their order
    /// and put tonight's among them, and a night in memory would file and order them the same;
    /// and articles that tie in precedence are listed in the order of their ids
    /// (``ArticleDeduper/order(firstSeen:published:ids:jobs:)``).
    var isInLandscapeOrder: Bool {
        guard index.count == count, index.ids.count == count else { return false }
        guard count > 0 else { return true }
        func date(_ row: Int) -> Timestamp { index.published[row] ?? index.firstSeen[row] }
        for row in 1..<count {
            let (before, after) = (date(row - 1), date(row))
            guard before > after || (before == after && index.ids.precedes(row - 1, row)) else { return false }
        }
        // Newest first: the month's articles are all of it when its first and last are.
        return RecordSet.month(of: date(0)) == month && RecordSet.month(of: date(count - 1)) == month
    }

    /// Takes `groups` (one an article, nil for one alone in its story) as the month's story
    /// groups. A month whose groups are those keeps its own, shared with the groups the parent
    /// published.
    fileprivate mutating func regroup(_ groups: [StoryGroup?]) {
        if !index.groups.holds(groups) { index.groups = StoryGroups(sparse: groups, ids: ids) }
    }
}

/// The parent snapshot's articles as a night meets them: every month at rest in the parent's
/// file, resting (``LandscapeMonth/resting(_:month:)``): known by its ids from the index in the
/// cache, or, when the cache has none, from an index made by reading the month once (and kept
/// for the next night). A night reads the whole index of the months it touches only.
struct ParentArticles: Sendable {
    var months: [LandscapeMonth] = []
    /// Where the articles asked about (``locating(_:jobs:)``) are.
    private var found = ArticlesFound()
    private var positionOfMonth: [String: Int] = [:]
    /// Whether some article is in two of the months (or twice in one).
    private(set) var hasRepeatedIDs = false

    init() {}

    /// - Throws: what reading a month without an index throws (``DamagedDataError``, a line
    ///   that does not decode).
    init(_ parent: PublishedSnapshot?, indexes: ArticleIndexCache, jobs: Int) throws {
        guard let parent else { return }
        let files = parent.files(of: .articles)
        let loaded = parallelMap(files, jobs: jobs) { file in
            Result { () throws -> LandscapeMonth in
                let parentFile = LandscapeMonth.ParentFile(
                    snapshot: parent, path: file.path, sha256: file.sha256, rows: file.rows, indexes: indexes)
                return try LandscapeMonth.resting(
                    parentFile, month: String(FilePaths.lastComponent(of: file.path).prefix(7)))
            }
        }
        months = try loaded.map { try $0.get() }.sorted { $0.month > $1.month }
        for (position, month) in months.enumerated() { positionOfMonth[month.month] = position }
        hasRepeatedIDs = ArticlesFound.hasRepeatedIDs(months.map(\.ids), jobs: jobs)
    }

    /// The parent with the months at `positions` holding their whole index
    /// (``LandscapeMonth/withWholeIndex()``), read on up to `jobs` cores.
    ///
    /// - Throws: as ``LandscapeMonth/withWholeIndex()``.
    func withWholeIndexes(of positions: some Collection<Int>, jobs: Int) throws -> ParentArticles {
        var parent = self
        let wanted = Set(positions).filter { months[$0].isResting }.sorted()
        let read = parallelMap(wanted, jobs: jobs) { position in Result { try months[position].withWholeIndex() } }
        for (position, month) in zip(wanted, read) { parent.months[position] = try month.get() }
        return parent
    }

    /// The parent with `ids` found in its months, for ``contains(_:)``, ``place(of:)`` and
    /// ``month(holding:)`` to answer of them: a night asks only of its own articles. A month
    /// that let its ids go (``lettingIDsGo()``) reads them again.
    ///
    /// - Throws: as ``LandscapeMonth/withIDs()``.
    func locating(_ ids: some Collection<String>, jobs: Int) throws -> ParentArticles {
        guard !months.isEmpty else { return self }
        var located = self
        let withIDs = parallelMap(months, jobs: jobs) { month in Result { try month.withIDs() } }
        located.months = try withIDs.map { try $0.get() }
        located.found = ArticlesFound(ids, in: located.months.map(\.ids), jobs: jobs)
        return located
    }

    /// The parent with `articles` located, unless they are already.
    ///
    /// - Throws: as ``locating(_:jobs:)-(some Collection<String>,_)``.
    func locating(_ articles: [Article], jobs: Int) throws -> ParentArticles {
        months.isEmpty || articles.allSatisfy { found.sought($0.articleID) }
            ? self : try locating(articles.lazy.map(\.articleID), jobs: jobs)
    }

    /// Lets every resting month's ids go (``LandscapeMonth/lettingIDsGo()``): once a night's
    /// articles are located, their places are known, and a month the night goes on to touch
    /// reads its whole index. A million articles' ids are 10 MB, held otherwise while the
    /// months the night changes are written.
    mutating func letIDsGo() {
        months = months.map { $0.lettingIDsGo() }
    }

    /// Whether the parent holds the article, one of those located.
    func contains(_ articleID: String) -> Bool { month(holding: articleID) != nil }

    /// The place in ``months`` of the month holding the article (one of those located), and
    /// its row there.
    func place(of articleID: String) -> (month: Int, row: Int)? {
        guard !months.isEmpty else { return nil }
        assert(found.sought(articleID), "\(articleID) asked of the parent's articles without being located")
        return found.place(of: articleID).map { ($0.list, $0.row) }
    }

    /// The place in ``months`` of the month holding the article, one of those located.
    func month(holding articleID: String) -> Int? { place(of: articleID)?.month }

    func position(ofMonth month: String) -> Int? { positionOfMonth[month] }
}

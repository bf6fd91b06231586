extension ArticleLandscape {
    /// The landscape ``night(parsed:parent:seenAt:jobs:)`` makes, with each month tonight
    /// changes written to a file in `folder` (``LandscapeMonth/spilled(into:stamps:tally:)``) as
    /// it is made, never held whole: at a million articles a month holds some 30,000 of them,
    /// 50 MB decoded, and a quiet night touches two.
    ///
    /// Each month touched is read once, a block at a time, to write it: the articles it keeps in
    /// their order, those tonight's feeds bring again with their dates as they were merged in
    /// their places, tonight's new ones put in theirs. An article whose merged dates are new
    /// may belong elsewhere, and comes before its place in its month is read: it is read from
    /// its month first, then filed under the month its dates give it, as a night in memory
    /// files it.
    ///
    /// A night that touches every month is made so too: nothing is left at rest, and no month
    /// is held whole (a night adding 50,000 articles over every month of a landscape of 50,000
    /// held all of them, 100 MB more than it holds now).
    ///
    /// - Returns: the landscape, with how many of tonight's articles were new; nil when it is
    ///   not made so, and the caller makes it in memory: a first night, which holds every
    ///   article from parse anyway (made so, it held each one's place in its month besides: a
    ///   million articles' build peaked at 2,271 MB against 2,204), or a parent whose months a
    ///   night cannot follow in order (an article out of landscape order or out of its month,
    ///   an id in two months).
    /// - Throws: what reading a parent month throws (``DamagedDataError``, ``RunError``), or
    ///   ``FileSystemError`` for a month that cannot be written.
    static func night(
        parsed: [Article], parent: ParentArticles, seenAt: Timestamp?, writingTo folder: String, stamps: FileStamps,
        tally: RowTally, jobs: Int
    ) throws -> ArticleLandscape? {
        guard !parent.months.isEmpty, !parent.hasRepeatedIDs else { return nil }
        var parent = try parent.locating(parsed, jobs: jobs)
        // Each article's sightings tonight, in the order the feeds gave them.
        var sightingsFound: [String: [Int]] = [:]
        var ids: [String] = []
        for (index, article) in parsed.enumerated() {
            if sightingsFound[article.articleID] == nil { ids.append(article.articleID) }
            sightingsFound[article.articleID, default: []].append(index)
        }
        let sightings = sightingsFound
        // An article tonight's sightings of which leave its date as it was stays where it stands,
        // and is merged when its month is written; the others (a new date, which may file it
        // elsewhere) are read from their months first.
        @Sendable func standing(_ id: String, over previous: Article?) -> Article? {
            var article = previous
            for index in sightings[id] ?? [] {
                article = ArticleStore.merged(parsed[index], over: article, seenAt: seenAt)
            }
            return article
        }
        // The months holding tonight's articles are read whole, their index first: the others rest.
        parent = try parent.withWholeIndexes(of: Set(ids.compactMap { parent.month(holding: $0) }), jobs: jobs)
        var rowsSeenAgain: [Int: [Int: String]] = [:]
        var rowsToRead: [Int: Set<Int>] = [:]
        for id in ids {
            guard let place = parent.place(of: id), let first = sightings[id]?.first else { continue }
            rowsSeenAgain[place.month, default: [:]][place.row] = id
            // The merged dates depend only on the dates before, which the index holds.
            let index = parent.months[place.month].index
            var dated = parsed[first]
            (dated.firstSeen, dated.published) = (index.firstSeen[place.row], index.published[place.row])
            let wasOrdered = ArticleStore.order(dated)
            if let merged = standing(id, over: dated), ArticleStore.order(merged) != wasOrdered {
                rowsToRead[place.month, default: []].insert(place.row)
            }
        }
        let holding = rowsSeenAgain.keys.sorted()
        let before = try previousVersions(rowsToRead, of: parent, jobs: jobs)

        // Tonight's new articles and those with a new date as they will stand, filed under
        // their months, in landscape order.
        var landing: [String: [Article]] = [:]
        var newCount = 0
        for id in ids {
            let previous = before[id].map(ArticleStore.ungrouped)
            if previous == nil {
                guard parent.place(of: id) == nil else { continue }
                newCount += 1
            }
            if let article = standing(id, over: previous) {
                landing[RecordSet.month(of: article), default: []].append(article)
            }
        }
        let touched = Set(holding.map { parent.months[$0].month }).union(landing.keys).sorted()
        let indexed = try parent.withWholeIndexes(of: touched.compactMap { parent.position(ofMonth: $0) }, jobs: jobs)
        let atRest = indexed.months.filter { !touched.contains($0.month) }.map { $0.lettingIDsGo() }
        let inOrder = touched.allSatisfy { month in
            indexed.position(ofMonth: month).map { indexed.months[$0].isInLandscapeOrder } ?? true
        }
        guard inOrder else { return nil }

        let (arrivals, seenAgain, moved) = (landing, rowsSeenAgain, rowsToRead)
        let written = parallelMap(touched, jobs: jobs) { month in
            Result { () throws -> LandscapeMonth? in
                let position = indexed.position(ofMonth: month)
                let arriving = (arrivals[month] ?? []).sorted(by: ArticleStore.precedes)
                let earlier = position.map { indexed.months[$0] }
                var writer = try WrittenMonth(
                    month: month, folder: folder, earlier: earlier, count: (earlier?.count ?? 0) + arriving.count)
                var next = 0
                if let position {
                    let (again, leaving) = (seenAgain[position] ?? [:], moved[position] ?? [])
                    var row = 0
                    try indexed.months[position].forEachArticleBlock { block in
                        for article in block {
                            defer { row += 1 }
                            guard !leaving.contains(row) else { continue }
                            let plain = ArticleStore.ungrouped(article)
                            let stays = again[row].flatMap { standing($0, over: plain) } ?? plain
                            while next < arriving.count, ArticleStore.precedes(arriving[next], stays) {
                                try writer.add(arriving[next], as: before[arriving[next].articleID])
                                next += 1
                            }
                            try writer.add(stays, as: article, from: (row, plain))
                        }
                    }
                }
                for article in arriving[next...] { try writer.add(article, as: before[article.articleID]) }
                return try writer.finish(stamps: stamps, tally: tally)
            }
        }
        var months = atRest
        for result in written {
            if let month = try result.get() { months.append(month) }
        }
        months.sort { $0.month > $1.month }
        return ArticleLandscape(months: months, newCount: newCount)
    }

    /// The articles at `rows` of the parent's months (by position), as published, by id: each
    /// month read a block at a time, on up to `jobs` cores.
    private static func previousVersions(_ rows: [Int: Set<Int>], of parent: ParentArticles, jobs: Int) throws
        -> [String: Article]
    {
        let positions = rows.keys.sorted()
        let read = parallelMap(positions, jobs: jobs) { position in
            Result { () throws -> [Article] in
                let wanted = rows[position] ?? []
                var found: [Article] = []
                var row = 0
                try parent.months[position].forEachArticleBlock { block in
                    for article in block {
                        if wanted.contains(row) { found.append(article) }
                        row += 1
                    }
                }
                return found
            }
        }
        var versions: [String: Article] = [:]
        for result in read {
            for article in try result.get() { versions[article.articleID] = article }
        }
        return versions
    }
}

/// A month of tonight's landscape written as it is made, a block of articles at a time: the
/// file in the story groups the parent published, and the month's index.
private struct WrittenMonth {
    let month: String
    private var writer: LandscapeMonth.SpilledFile.Writer
    private var index = ArticleMonthIndex()
    /// The story groups of the articles not alone in their story, by row, as the index holds
    /// them (their own, ungrouped, as dedupe has yet to group them) and as the parent published
    /// them: a group for every article, its id a string of its own, was 4 MB a month written.
    private var groups: [(row: Int, group: StoryGroup)] = []
    private var publishedGroups: [(row: Int, group: StoryGroup)] = []
    private var rows = 0
    /// Articles not yet written: each as it is, and in its published group.
    private var pending: [Article] = []
    private var pendingAsPublished: [Article] = []

    /// The parent's version of the month, and where each article written came from in it.
    private var earlier: EarlierMonth?

    /// A month of about `count` articles: its columns are sized once (grown article by article,
    /// a month of 25,000 held up to twice its 4 MB of them).
    init(month: String, folder: String, earlier: LandscapeMonth?, count: Int) throws {
        self.month = month
        writer = try LandscapeMonth.SpilledFile.Writer(month: month, folder: folder)
        self.earlier = earlier.map { EarlierMonth(listDigest: $0.listDigest, count: $0.count, rows: []) }
        self.earlier?.rows.reserveCapacity(count)
        index.reserveCapacity(count)
    }

    /// Adds `article` (ungrouped) to the month, in the story group `published` has, if any: the
    /// parent's version of it; an article new tonight keeps its own. `parent` is the article's
    /// row in the parent's month and its version there (ungrouped): dedupe's fingerprints of
    /// that row stand for the article while it signs alike (``ArticleDeduper/signsAlike(_:_:)``).
    mutating func add(_ article: Article, as published: Article?, from parent: (row: Int, article: Article)? = nil)
        throws
    {
        let kept = parent.flatMap { ArticleDeduper.signsAlike(article, $0.article) ? Int32($0.row) : nil }
        earlier?.rows.append(kept ?? -1)
        let group = StoryGroup(of: article)
        let publishedGroup = published.map(StoryGroup.init(of:)) ?? group
        // An article alone in its story is not listed.
        if !group.isAlone(as: article.articleID) { groups.append((rows, group)) }
        if !publishedGroup.isAlone(as: article.articleID) { publishedGroups.append((rows, publishedGroup)) }
        rows += 1
        pending.append(article)
        pendingAsPublished.append(publishedGroup == group ? article : article.grouped(publishedGroup))
        if pending.count >= 1024 { try flush() }
    }

    private mutating func flush() throws {
        guard !pending.isEmpty else { return }
        index.append(pending, digests: ArticleStore.digests(pending, jobs: 1))
        // Encoded a quarter at a time: a thousand articles' lines grown in one buffer took up to
        // 4 MB for each month being written.
        try pendingAsPublished.writeJSONLines(jobs: 1, chunk: 256) { try writer.write($0) }
        pending.removeAll(keepingCapacity: true)
        pendingAsPublished.removeAll(keepingCapacity: true)
    }

    /// The month written (``LandscapeMonth/SpilledFile/Writer/finish(rows:groups:stamps:tally:)``);
    /// nil, and no file, when no article is left in it.
    consuming func finish(stamps: FileStamps, tally: RowTally) throws -> LandscapeMonth? {
        try flush()
        guard index.count > 0 else {
            writer.discard()
            return nil
        }
        index.groups = StoryGroups(listed: groups, ids: index.ids)
        let asPublished = StoryGroups(listed: publishedGroups, ids: index.ids)
        let file = try writer.finish(rows: index.count, groups: asPublished, stamps: stamps, tally: tally)
        var written = LandscapeMonth(month: month, index: index, storage: .spilled(file), parentGroups: asPublished)
        written.earlier = earlier
        return written
    }
}

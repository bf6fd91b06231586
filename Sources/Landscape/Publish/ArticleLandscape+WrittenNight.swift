import Foundation

extension ArticleLandscape {
    /// The landscape ``night(parsed:parent:seenAt:jobs:)`` makes, with each month tonight
    /// changes written to a file in `folder` (``LandscapeMonth/spilled(into:stamps:tally:)``) as
    /// it is made, never held whole: at a million articles a month holds some 30,000 of them,
    /// 50 MB decoded, and a quiet night touches two.
    ///
    /// A month touched is read twice, a block at a time: once for the articles tonight's feeds
    /// bring again (their text and dates are merged with tonight's), then to write it, the
    /// articles it keeps as they are in their order, tonight's put in theirs. Each article seen
    /// tonight is filed under the month its merged dates give it, as a night in memory files it.
    ///
    /// - Returns: the landscape, with how many of tonight's articles were new; nil when it is
    ///   not made so, and the caller makes it in memory: a first night, a night that touches
    ///   every month (nothing is left at rest), or a parent whose months a night cannot follow
    ///   in order (an article out of landscape order or out of its month, an id in two months).
    /// - Throws: what reading a parent month throws (``DamagedDataError``, ``RunError``), or
    ///   ``FileSystemError`` for a month that cannot be written.
    static func night(
        parsed: [Article], parent: ParentArticles, seenAt: Timestamp?, writingTo folder: String, stamps: FileStamps,
        tally: RowTally, jobs: Int
    ) throws -> ArticleLandscape? {
        guard !parent.months.isEmpty, !parent.hasRepeatedIDs else { return nil }
        // Each article's sightings tonight, in the order the feeds gave them.
        var sightings: [String: [Int]] = [:]
        var ids: [String] = []
        for (index, article) in parsed.enumerated() {
            if sightings[article.articleID] == nil { ids.append(article.articleID) }
            sightings[article.articleID, default: []].append(index)
        }
        var rowsSeenAgain: [Int: Set<Int>] = [:]
        for id in ids {
            if let place = parent.place(of: id) { rowsSeenAgain[place.month, default: []].insert(place.row) }
        }
        let holding = rowsSeenAgain.keys.sorted()
        guard holding.count < parent.months.count, holding.allSatisfy({ isInOrder(parent.months[$0]) }) else {
            return nil
        }
        let before = try previousVersions(rowsSeenAgain, of: parent, jobs: jobs)

        // Tonight's articles as they will stand, filed under their months, in landscape order.
        var landing: [String: [Article]] = [:]
        var newCount = 0
        for id in ids {
            let previous = before[id].map(ArticleStore.ungrouped)
            if previous == nil { newCount += 1 }
            var article = previous
            for index in sightings[id] ?? [] {
                article = ArticleStore.merged(parsed[index], over: article, seenAt: seenAt)
            }
            if let article { landing[RecordSet.month(of: article), default: []].append(article) }
        }
        let touched = Set(holding.map { parent.months[$0].month }).union(landing.keys).sorted()
        let atRest = parent.months.filter { !touched.contains($0.month) }
        guard !atRest.isEmpty,
            touched.allSatisfy({ month in parent.position(ofMonth: month).map { isInOrder(parent.months[$0]) } ?? true }
            )
        else { return nil }

        let (arrivals, leavers) = (landing, rowsSeenAgain)
        let written = parallelMap(touched, jobs: jobs) { month in
            Result { () throws -> LandscapeMonth? in
                let position = parent.position(ofMonth: month)
                var writer = try WrittenMonth(month: month, folder: folder)
                let arriving = (arrivals[month] ?? []).sorted(by: ArticleStore.precedes)
                var next = 0
                if let position {
                    let leaving = leavers[position] ?? []
                    var row = 0
                    try parent.months[position].forEachArticleBlock { block in
                        for article in block {
                            defer { row += 1 }
                            guard !leaving.contains(row) else { continue }
                            let plain = ArticleStore.ungrouped(article)
                            while next < arriving.count, ArticleStore.precedes(arriving[next], plain) {
                                try writer.add(arriving[next], as: before[arriving[next].articleID])
                                next += 1
                            }
                            try writer.add(plain, as: article)
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

    /// Whether a month's articles, as its index lists them, are in landscape order (newest
    /// first, then by id) and all dated in the month: then a night can keep them in their order
    /// and put tonight's among them, and a night in memory would file and order them the same.
    private static func isInOrder(_ month: LandscapeMonth) -> Bool {
        let index = month.index
        guard let span = dates(of: month.month), index.count == month.count else { return false }
        var previous = Int64.max
        for row in 0..<index.count {
            let date = (index.published[row] ?? index.firstSeen[row]).secondsSinceEpoch
            guard span.contains(date) else { return false }
            guard row == 0 || date < previous || (date == previous && index.ids.precedes(row - 1, row)) else {
                return false
            }
            previous = date
        }
        return true
    }

    /// The seconds a month (`YYYY-MM`) spans, as ``RecordSet/month(of:)`` files dates.
    private static func dates(of month: String) -> Range<Int64>? {
        let parts = month.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]),
            let number = Int(parts[1]), (1...9999).contains(year), (1...12).contains(number)
        else { return nil }
        let (nextYear, nextMonth) = number == 12 ? (year + 1, 1) : (year, number + 1)
        let first = Timestamp.daysFromCivil(year: year, month: number, day: 1) * 86_400
        return first..<Timestamp.daysFromCivil(year: nextYear, month: nextMonth, day: 1) * 86_400
    }
}

/// A month of tonight's landscape written as it is made, a block of articles at a time: the
/// file in the story groups the parent published, and the month's index.
private struct WrittenMonth {
    let month: String
    private let file: DurableFile.NewFile
    private var hasher = SHA256()
    private var index = ArticleMonthIndex()
    /// Each article's story group as the index holds it (its own, ungrouped, as dedupe has yet
    /// to group it), and as the parent published it.
    private var groups: [StoryGroup?] = []
    private var publishedGroups: [StoryGroup?] = []
    /// Articles not yet written: each as it is, and in its published group.
    private var pending: [Article] = []
    private var pendingAsPublished: [Article] = []

    init(month: String, folder: String) throws {
        self.month = month
        file = try DurableFile.NewFile(FilePaths.join(folder, month + ".jsonl"))
    }

    /// Adds `article` (ungrouped) to the month, in the story group `published` has, if any: the
    /// parent's version of it; an article new tonight keeps its own.
    mutating func add(_ article: Article, as published: Article?) throws {
        let group = StoryGroup(of: article)
        let publishedGroup = published.map(StoryGroup.init(of:)) ?? group
        groups.append(group)
        publishedGroups.append(publishedGroup)
        pending.append(article)
        pendingAsPublished.append(
            publishedGroup == group ? article : article.grouped(publishedGroup))
        if pending.count >= 1024 { try flush() }
    }

    private mutating func flush() throws {
        guard !pending.isEmpty else { return }
        for article in pending {
            index.ids.append(article.articleID)
            index.firstSeen.append(article.firstSeen)
            index.published.append(article.published)
        }
        index.digests += ArticleStore.digests(pending, jobs: 1)
        let bytes = pendingAsPublished.jsonLines()
        hasher.update(bytes)
        try file.write(bytes)
        pending.removeAll(keepingCapacity: true)
        pendingAsPublished.removeAll(keepingCapacity: true)
    }

    /// The month written, synced, its digest recorded in `stamps` and its rows in `tally`; nil
    /// (and no file) when no article is left in it.
    consuming func finish(stamps: FileStamps, tally: RowTally) throws -> LandscapeMonth? {
        try flush()
        try file.close()
        guard index.count > 0 else {
            try? FileManager.default.removeItem(atPath: file.path)
            return nil
        }
        let sha256 = hexString(hasher.finalize())
        stamps.record(file.path, digest: sha256)
        tally.wrote(index.count)
        index.groups = StoryGroups(sparse: groups, ids: index.ids)
        let asPublished = StoryGroups(sparse: publishedGroups, ids: index.ids)
        return LandscapeMonth(
            month: month, index: index,
            storage: .spilled(
                LandscapeMonth.SpilledFile(path: file.path, sha256: sha256, groups: asPublished, tally: tally)),
            parentGroups: asPublished)
    }
}

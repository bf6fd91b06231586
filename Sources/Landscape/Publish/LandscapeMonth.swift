/// One month of the landscape's articles (``RecordSet/month(of:)``), in landscape order: in
/// memory when tonight changed it, else at rest in the parent snapshot's file and known by its
/// ``ArticleMonthIndex``, so that a night reads only the months it touches.
struct LandscapeMonth: Sendable {
    let month: String
    /// Each article's id, digest, dates and story group, in order. A month at rest holds no
    /// digests once its ``listDigest`` is made: a million articles' are 32 MB, and a night
    /// needs them only for a month extracted or written again (``forEachDigestedBlock(jobs:_:)``,
    /// ``indexToKeep(_:)``).
    var index: ArticleMonthIndex
    var storage: Storage
    /// The story groups the parent snapshot published for these articles, in order (an article
    /// new tonight: its own): a night whose dedupe output is the parent's takes them as they are.
    var parentGroups: StoryGroups
    /// A digest of the ids and digests in order: what every key made from the month stands on.
    let listDigest: String
    let count: Int
    /// For a month tonight wrote again from the parent's: that month, and where each of its
    /// articles came from, so that dedupe signs only the articles whose text changed.
    var earlier: EarlierMonth?
    /// Whether the month is settled (``settled()``, ``settledInFile()``): in a file that holds
    /// it as it stands, the parent's or tonight's, its index let go.
    private(set) var isSettled = false
    /// Whether the month rests (``resting(_:month:)``): at rest as the parent published it,
    /// holding only its ids, or not even those once the night has found its articles
    /// (``lettingIDsGo()``), until a stage asks for its whole index (``withWholeIndex()``).
    private(set) var isResting = false
    /// How many of the articles repeat another, for a month settled or resting.
    private var duplicatesAtRest = 0

    enum Storage: Sendable {
        /// The articles in memory, a stretch of the landscape's one array of them (a build's
        /// months are not copied out of it); their story groups are the index's, whatever
        /// they carry.
        case resident(ArraySlice<Article>)
        /// The parent's file, which holds these articles with their ``parentGroups``.
        case atRest(ParentFile)
        /// A file of tonight's that holds the articles as a month file, in the story groups
        /// they had when it was written (``spilled(into:stamps:tally:)``).
        case spilled(SpilledFile)
    }

    /// A month written out by ``spilled(into:stamps:tally:)``: its path and digest, the story
    /// groups its articles are written in, and the run's count of rows read, which its reads
    /// add to.
    struct SpilledFile: Sendable {
        let path: String
        let sha256: String
        var groups: StoryGroups
        let tally: RowTally
        /// The month's index, written beside the file once the month settled in it
        /// (``settledInFile()``), and its digest: publish keeps it for the next night.
        var index: (path: String, sha256: String)? = nil
        /// The month's index, written beside the file while the month rests in it
        /// (``restingInFile()``), and its digest.
        var resting: (path: String, sha256: String)? = nil
        /// Whether the month, while it rested, was put in the story groups the parent published
        /// (``groupedAsParent()``): the groups it is written in.
        var isGroupedAsWritten = false
        /// Once the month settled in the file, the rows whose story group dedupe changed from
        /// the one the file holds them in, with the group they have now: publish writes the
        /// month again with these, and links the file when there are none.
        var regrouped: [Int: StoryGroup] = [:]

        /// `month`, resting in this file, with its whole index read back.
        ///
        /// - Throws: ``DamagedDataError`` when the index is missing or no longer lists the
        ///   month's articles.
        fileprivate func restingIndex(of month: LandscapeMonth) throws -> LandscapeMonth {
            guard let resting else { throw DamagedDataError(path: path, problem: "its index was not written") }
            let reader = try FileBlockReader(path: resting.path)
            guard let index = try ArticleMonthIndex.read(from: reader, expecting: month.count),
                LandscapeMonth.listDigest(ids: index.ids, digests: index.digests) == month.listDigest
            else {
                throw DamagedDataError(path: resting.path, problem: "no longer lists the month's articles")
            }
            var whole = month
            whole.index = index
            if isGroupedAsWritten { whole.index.groups = groups }
            whole.parentGroups = groups
            whole.isResting = false
            return whole
        }

        /// A month's file being written into tonight's folder, a piece at a time, digested on
        /// the way.
        struct Writer {
            private let file: DurableFile.NewFile
            private var hasher = SHA256()

            /// Creates `<month>.jsonl` in `folder`, which must not hold it.
            init(month: String, folder: String) throws {
                file = try DurableFile.NewFile(FilePaths.join(folder, month + ".jsonl"))
            }

            mutating func write(_ piece: [UInt8]) throws {
                hasher.update(piece)
                try file.write(piece)
            }

            /// The file synced, its digest recorded in `stamps` (so that the snapshot can link
            /// it) and its `rows` counted in `tally` as written: it holds them in `groups`.
            consuming func finish(rows: Int, groups: StoryGroups, stamps: FileStamps, tally: RowTally) throws
                -> SpilledFile
            {
                try file.close()
                let sha256 = hexString(hasher.finalize())
                stamps.record(file.path, digest: sha256)
                tally.wrote(rows)
                return SpilledFile(path: file.path, sha256: sha256, groups: groups, tally: tally)
            }

            /// Closes and removes the file: nothing was to be written in it.
            consuming func discard() {
                try? file.close(sync: false)
                unlink(file.path)
            }
        }
    }

    init(month: String, index: ArticleMonthIndex, storage: Storage, parentGroups: StoryGroups? = nil) {
        self.month = month
        self.index = index
        self.storage = storage
        self.parentGroups = parentGroups ?? index.groups
        listDigest = Self.listDigest(ids: index.ids, digests: index.digests)
        count = index.count
        if case .atRest = storage { self.index.digests = [] }
    }

    /// A month of the parent's that a night has not touched (yet): at rest in `file`, holding
    /// only its ids, list digest and duplicate count, read from the index kept for the file
    /// without decoding the rest; the file is read to make one when none is kept. A million
    /// articles' whole indexes are some 35 MB, their ids 10.
    ///
    /// - Throws: as ``ParentFile/wholeIndex()``.
    static func resting(_ file: ParentFile, month: String) throws -> LandscapeMonth {
        if let kept = file.indexes.ids(of: file.sha256, rows: file.rows), kept.ids.count == file.rows {
            var index = ArticleMonthIndex()
            index.ids = kept.ids
            return LandscapeMonth(
                month: month, index: index, storage: .atRest(file), listDigest: kept.listDigest,
                restingWith: kept.duplicateCount)
        }
        return LandscapeMonth(month: month, index: try file.wholeIndex(), storage: .atRest(file)).keepingOnlyIDs()
    }

    private init(
        month: String, index: ArticleMonthIndex, storage: Storage, listDigest: String, restingWith duplicates: Int?
    ) {
        self.month = month
        self.index = index
        self.storage = storage
        parentGroups = duplicates == nil ? index.groups : StoryGroups()
        self.listDigest = listDigest
        count = index.count
        if let duplicates {
            isResting = true
            duplicatesAtRest = duplicates
        }
        if case .atRest = storage { self.index.digests = [] }
    }

    /// The month, if at rest as the parent published it, holding only its ids.
    private func keepingOnlyIDs() -> LandscapeMonth {
        guard !isSettled, !isResting, case .atRest = storage, parentGroups == index.groups else { return self }
        var month = self
        month.duplicatesAtRest = duplicateCount
        month.index = ArticleMonthIndex()
        month.index.ids = index.ids
        month.parentGroups = StoryGroups()
        month.isResting = true
        return month
    }

    /// The month with its whole index (dates, story groups), read again from the cache or the
    /// file, if it rests; else the month as it is.
    ///
    /// - Throws: as ``ParentFile/wholeIndex()``, or ``RunError`` when the index read lists
    ///   other articles than the month held.
    func withWholeIndex() throws -> LandscapeMonth {
        if isResting, case .spilled(let file) = storage { return try file.restingIndex(of: self) }
        guard isResting, case .atRest(let file) = storage else { return self }
        file.indexes.countWholeIndexRead()
        let index = try file.wholeIndex()
        guard index.count == count, !holdsIDs || index.ids == ids else {
            throw Self.otherArticles(in: file)
        }
        return LandscapeMonth(month: month, index: index, storage: storage, listDigest: listDigest, restingWith: nil)
    }

    /// The month without its ids, if it rests: a night needs a month's ids to find its own
    /// articles among them, and not once it has (a million articles' ids are 10 MB); a stage
    /// that needs them again asks for the whole index.
    func lettingIDsGo() -> LandscapeMonth {
        guard isResting else { return self }
        var month = self
        month.index.ids = ArticleIDs()
        return month
    }

    /// The month holding its ids again, if it rests and let them go: read from the index kept
    /// for its file, or from its whole index.
    ///
    /// - Throws: as ``ParentFile/wholeIndex()``, or ``RunError`` when the ids read are not the
    ///   ones the month rested with.
    func withIDs() throws -> LandscapeMonth {
        if isResting, !holdsIDs, case .spilled = storage {
            var month = self
            month.index.ids = try withWholeIndex().ids
            return month
        }
        guard isResting, !holdsIDs, case .atRest(let file) = storage else { return self }
        var month = self
        if let kept = file.indexes.ids(of: file.sha256, rows: count), kept.ids.count == count,
            kept.listDigest == listDigest
        {
            month.index.ids = kept.ids
            return month
        }
        let whole = try file.wholeIndex()
        guard whole.count == count else {
            throw Self.otherArticles(in: file)
        }
        month.index.ids = whole.ids
        return month
    }

    /// The error of an index read again that lists other articles than the month rested with.
    private static func otherArticles(in file: ParentFile) -> RunError {
        RunError(
            "\(FilePaths.join(file.snapshot.path, file.path)): its index lists other articles than when the night began; remove Output/cache/stages/\(ArticleIndexCache.shelf) and run again"
        )
    }

    /// Whether the index lists the month's articles' ids: all but a resting month that let them go.
    private var holdsIDs: Bool { index.ids.count == count }

    /// A month made of articles in memory, in order, each with its digest.
    init(month: String, articles: ArraySlice<Article>, digests: ArraySlice<ContentDigest>) {
        self.init(
            month: month, index: ArticleMonthIndex(articles: articles, digests: digests), storage: .resident(articles))
    }

    var ids: ArticleIDs { index.ids }

    /// Whether the index holds the articles' digests: a month at rest lets them go.
    private var holdsDigests: Bool { index.digests.count == count }

    /// The month's articles with their digests, handed to `body` a block at a time as
    /// ``forEachArticleBlock(_:)`` reads them: the index's digests, or, for a month at rest whose
    /// index let them go (every month of `--from extract`), each block's made as it is read, on
    /// `jobs` threads.
    ///
    /// - Throws: as ``forEachArticleBlock(_:)``, or what `body` throws.
    func forEachDigestedBlock(
        jobs: Int, _ body: (_ articles: ArraySlice<Article>, _ digests: ArraySlice<ContentDigest>) throws -> Void
    ) throws {
        var first = 0
        try forEachArticleBlock { block in
            defer { first += block.count }
            let digests =
                holdsDigests
                ? index.digests[first..<(first + block.count)]
                : ArticleStore.digests(ArticleStore.ungrouped(block), jobs: jobs)[...]
            try body(block[...], digests)
        }
    }

    /// The month's articles at `rows` (ascending), as ``articles()`` gives them, read a block
    /// at a time and only those held.
    ///
    /// - Throws: as ``forEachArticleBlock(_:)``.
    func articles(rows: [Int]) throws -> [Article] {
        guard rows.count < count else { return try articles() }
        var chosen: [Article] = []
        chosen.reserveCapacity(rows.count)
        var (first, next) = (0, 0)
        try forEachArticleBlock { block in
            defer { first += block.count }
            while next < rows.count, rows[next] < first + block.count {
                chosen.append(block[rows[next] - first])
                next += 1
            }
        }
        return chosen
    }

    /// The index to keep for the month's file as tonight writes it: a month at rest takes its
    /// digests from the index kept for the parent's file, which its story groups alone leave
    /// the same; nil when that index is not kept (the next night reads the month to make one),
    /// or the month rests, its file and index the parent's.
    func indexToKeep(_ indexes: ArticleIndexCache) -> ArticleMonthIndex? {
        guard !isResting else { return nil }
        guard !holdsDigests else { return index }
        guard case .atRest(let file) = storage, let kept = indexes.index(of: file.sha256, rows: count),
            kept.ids == index.ids
        else { return nil }
        var whole = index
        whole.digests = kept.digests
        return whole
    }

    /// Whether the parent's file holds the month as it is now, story groups and all: then it is
    /// linked into the snapshot unread.
    var parentFile: ParentFile? {
        guard case .atRest(let file) = storage, isResting || parentGroups == index.groups else { return nil }
        return file
    }

    /// How many of the month's articles repeat another.
    var duplicateCount: Int { isSettled || isResting ? duplicatesAtRest : index.groups.duplicateCount }

    /// The month with its index let go, if it is at rest and its story groups are the ones the
    /// parent published: publish links its file unread, or reads it as it is, so nothing after
    /// dedupe needs the index. A million articles' indexes hold a third of a gigabyte; a night
    /// keeps those of the months it changed.
    func settled() -> LandscapeMonth {
        guard !isSettled, case .atRest = storage, isResting || parentGroups == index.groups else { return self }
        var month = lettingIndexGo()
        month.isResting = false
        return month
    }

    /// The month settled: its duplicates counted, its index and the parent's groups let go.
    private func lettingIndexGo() -> LandscapeMonth {
        var month = self
        month.duplicatesAtRest = duplicateCount
        month.index = ArticleMonthIndex()
        month.parentGroups = StoryGroups()
        month.isSettled = true
        return month
    }

    /// The month, if tonight wrote it, settled in its file: its index written beside it
    /// (``SpilledFile/index``), for publish to keep for the next night, and let go with its
    /// groups; only the rows whose story group dedupe changed from the file's keep theirs
    /// (``SpilledFile/regrouped``). Publish links the file, or reads it and gives those rows
    /// their groups, and nothing after dedupe needs the index: a month of a million articles'
    /// landscape holds 3 MB of it, through aggregate and publish, for a night that changed the
    /// groups of a few dozen articles.
    ///
    /// - Throws: ``FileSystemError`` when the index cannot be written.
    func settledInFile() throws -> LandscapeMonth {
        guard !isSettled, case .spilled = storage else { return self }
        let whole = try withWholeIndex()
        guard case .spilled(var file) = whole.storage else { return self }
        file.regrouped = whole.index.groups.changes(from: file.groups)
        let path = file.path + ".index.tsv"
        file.index = (path, try whole.index.write(to: path))
        file.groups = StoryGroups()
        var month = whole.lettingIndexGo()
        month.storage = .spilled(file)
        month.earlier = nil
        return month
    }

    /// The month with every article in the story group the parent published for it (an article
    /// new tonight: its own); a month resting in tonight's file takes them when it is read back.
    func groupedAsParent() -> LandscapeMonth {
        guard !isSettled else { return self }
        var month = self
        if isResting {
            if case .spilled(var file) = storage {
                file.isGroupedAsWritten = true
                month.storage = .spilled(file)
            }
        } else if index.groups != parentGroups {
            month.index.groups = parentGroups
        }
        return month
    }

    /// The month, if tonight wrote it, at rest in its file, its index written beside it and let go (``SpilledFile/resting``) until a stage asks
    /// for it (``withWholeIndex()``, ``withIDs()``): between extract and the end of dedupe a
    /// night needs the index of the month it added to only to list the articles' dates, to name
    /// a few copies and to regroup it, and it was 3 MB of dedupe's peak at a million articles.
    /// Its articles are read as the file holds them.
    ///
    /// - Throws: ``FileSystemError`` when the index cannot be written.
    func restingInFile() throws -> LandscapeMonth {
        guard !isSettled, !isResting, case .spilled(var file) = storage else { return self }
        let path = file.path + ".resting.tsv"
        file.resting = (path, try index.write(to: path))
        var month = self
        month.duplicatesAtRest = duplicateCount
        month.index = ArticleMonthIndex()
        month.parentGroups = StoryGroups()
        month.isResting = true
        month.storage = .spilled(file)
        return month
    }

    var isSpilled: Bool {
        if case .spilled = storage { return true }
        return false
    }

    var isResident: Bool {
        if case .resident = storage { return true }
        return false
    }

    /// The month written to a file in `folder` as a month file, if it is in memory, and let
    /// go: extract and dedupe read it a month at a time when they need its articles, and
    /// publish links it when the story groups are still the ones it was written in. The two
    /// months a night touches are 90 MB of articles at a million, held through every stage.
    ///
    /// The file is synced and its digest recorded in `stamps`, so that the snapshot can link it;
    /// its rows are counted in `tally` as written, and as read each time they are.
    ///
    /// - Throws: ``FileSystemError`` for a file that cannot be written.
    func spilled(into folder: String, stamps: FileStamps, tally: RowTally) throws -> LandscapeMonth {
        guard case .resident = storage else { return self }
        var writer = try SpilledFile.Writer(month: month, folder: folder)
        // Written in the groups the parent published, which dedupe gives the articles again
        // unless tonight's articles join or split a story: then publish writes the month anew.
        var asPublished = self
        asPublished.index.groups = parentGroups
        try asPublished.writeJSONLines { try writer.write($0) }
        var month = self
        month.storage = .spilled(try writer.finish(rows: count, groups: parentGroups, stamps: stamps, tally: tally))
        return month
    }

    /// The month's articles as JSON lines, as its snapshot file holds them, handed to `emit` a
    /// hundred and twenty-eight at a time: a thousand, a block's worth, were encoded into 2 MB
    /// while the block itself was held, for each of the two months publish writes side by side.
    ///
    /// - Throws: as ``forEachArticleBlock(_:)``, or what `emit` throws.
    func writeJSONLines(to emit: (_ piece: [UInt8]) throws -> Void) throws {
        try forEachArticleBlock { try $0.writeJSONLines(jobs: 1, chunk: 128, to: emit) }
    }

    /// The month's articles in order, each in its story group: read from the parent's file when
    /// the month is at rest.
    ///
    /// - Throws: ``DamagedDataError`` for a parent file missing or changed since it was
    ///   published, ``RunError`` when it no longer holds the articles its index lists.
    func articles() throws -> [Article] {
        var articles: [Article] = []
        articles.reserveCapacity(count)
        try forEachArticleBlock { articles += $0 }
        return articles
    }

    /// The month's articles as ``articles()`` gives them, handed to `body` a block at a time: a
    /// month at rest is read from the parent's file a block at a time, so that writing it again
    /// (its story groups changed) holds one block of it, not the month (a hundred megabytes of
    /// articles at a million).
    ///
    /// - Throws: as ``articles()``, or what `body` throws.
    func forEachArticleBlock(_ body: (_ articles: [Article]) throws -> Void) throws {
        // The parent's file or tonight's, read a block at a time, the same way.
        let path: String
        let advice: String
        let readBlocks: (_ block: ([Article]) throws -> Void) throws -> Void
        switch storage {
        case .resident(let held): return try body(grouped(held, from: 0))
        case .atRest(let file):
            path = FilePaths.join(file.snapshot.path, file.path)
            advice = "remove Output/cache/stages/\(ArticleIndexCache.shelf) and run again"
            readBlocks = { block in
                try file.snapshot.forEachRecordBlock(
                    Article.self, file: file.path, sha256: file.sha256, blockBytes: Self.blockBytes, block)
            }
        case .spilled(let file):
            path = file.path
            advice = "it was written by this night, and changed since"
            readBlocks = { block in
                try JSONLinesReader.forEachBlock(
                    Article.self, from: file.path, sha256: file.sha256, blockBytes: Self.blockBytes
                ) { articles, _ in
                    file.tally.read(articles.count)
                    try block(articles)
                }
            }
        }
        var row = 0
        // Other articles than the index lists are reported once the whole file is known to be
        // the one written: a damaged file is reported as damaged.
        var isOther = false
        try readBlocks { block in
            defer { row += block.count }
            // A settled month's articles are in the groups its file holds them in, but for
            // those dedupe regrouped in a month settled in tonight's file.
            if isSettled { return try body(regrouped(block, from: row)) }
            isOther =
                isOther || row + block.count > count
                || (holdsIDs
                    && !block.indices.allSatisfy({ index.ids.isID(at: row + $0, equalTo: block[$0].articleID) }))
            // A resting month's articles, too, are in the groups the parent's file holds them in.
            if !isOther { try body(isResting ? block : grouped(block[...], from: row)) }
        }
        guard isSettled || (!isOther && row == count) else {
            throw RunError("\(path): holds other articles than its index in the cache lists; \(advice)")
        }
    }

    /// Articles of a settled month from its `first` row on, each in the story group dedupe
    /// gave it where that is not the one its file holds (``SpilledFile/regrouped``).
    private func regrouped(_ articles: [Article], from first: Int) -> [Article] {
        guard case .spilled(let file) = storage, !file.regrouped.isEmpty else { return articles }
        var articles = articles
        for offset in articles.indices {
            if let group = file.regrouped[first + offset] { articles[offset] = articles[offset].grouped(group) }
        }
        return articles
    }

    /// Articles of the month from its `first` row on, each in the story group the index gives it.
    private func grouped(_ articles: ArraySlice<Article>, from first: Int) -> [Article] {
        zip(articles, index.groups[first...]).map { article, group in
            article.duplicateOf == group.duplicateOf && article.clusterID == group.clusterID
                ? article : article.grouped(group)
        }
    }

    /// The lines of articles a month is read in at a time: a block's articles, text and all,
    /// take twice its bytes, and a night reads and writes two months side by side while it
    /// holds every month's index (4 MB blocks were 35 MB of a million articles' quiet night).
    static let blockBytes = 1 << 20

    /// A key for what is made from this month's articles in `context` (a stage's settings and
    /// code): it changes when any article of the month is added, removed or changed.
    func key(_ context: String) -> String { Self.key(context, month: month, listDigest: listDigest) }

    /// The key ``key(_:)`` gave the parent's version of the month, if tonight wrote it from one.
    func earlierKey(_ context: String) -> String? {
        earlier.map { Self.key(context, month: month, listDigest: $0.listDigest) }
    }

    private static func key(_ context: String, month: String, listDigest: String) -> String {
        String(SHA256.hex(Array("\(context)\n\(month)\n\(listDigest)\n".utf8)).prefix(32))
    }

    /// "id digest" lines of the month's articles, as a month's cache entry records them, for
    /// their `digests` (``forEachDigestedBlock(jobs:_:)``).
    func articleList(digests: [ContentDigest]) -> [UInt8] { Self.articleList(ids: index.ids, digests: digests) }

    /// The digest of ``articleList(digests:)``, hashed 64 KB at a time rather than made whole
    /// (2 MB for a month of 25,000 articles, one for each month a night writes).
    private static func listDigest(ids: ArticleIDs, digests: [ContentDigest]) -> String {
        var list = BufferedSHA256()
        for (row, digest) in zip(ids.indices, digests) {
            list.append { appendLine(ids: ids, row: row, digest: digest, to: &$0) }
        }
        return list.hexDigest()
    }

    private static func articleList(ids: ArticleIDs, digests: [ContentDigest]) -> [UInt8] {
        var lines: [UInt8] = []
        lines.reserveCapacity(ids.count * 84)
        for (row, digest) in zip(ids.indices, digests) { appendLine(ids: ids, row: row, digest: digest, to: &lines) }
        return lines
    }

    /// One "id digest" line of the article list.
    private static func appendLine(ids: ArticleIDs, row: Int, digest: ContentDigest, to lines: inout [UInt8]) {
        ids.appendUTF8(at: row, to: &lines)
        lines.append(0x20)
        digest.appendHex(to: &lines)
        lines.append(0x0A)
    }
}

/// The parent's version of a month tonight wrote again: its ``LandscapeMonth/listDigest``, and
/// for each article of tonight's month the parent's row of the same article signing alike
/// (``ArticleDeduper/signsAlike(_:_:)``), or -1 (new tonight, or changed).
struct EarlierMonth: Sendable {
    let listDigest: String
    /// How many articles the parent's month holds.
    let count: Int
    var rows: [Int32]

    init(listDigest: String, count: Int, rows: [Int32]) {
        self.listDigest = listDigest
        self.count = count
        self.rows = rows
    }

    /// The parent's version of a month made again in memory as `articles`: `before`, its
    /// articles in the parent's order, whose ``LandscapeMonth/listDigest`` is `listDigest`.
    init(_ articles: some Collection<Article>, before: [Article], listDigest: String) {
        var rowOf: [String: Int] = [:]
        rowOf.reserveCapacity(before.count)
        for (row, article) in before.enumerated() { rowOf[article.articleID] = row }
        self.init(
            listDigest: listDigest, count: before.count,
            rows: articles.map { article in
                rowOf[article.articleID].flatMap { ArticleDeduper.signsAlike(article, before[$0]) ? Int32($0) : nil }
                    ?? -1
            })
    }
}

import FoundationEssentials

/// The extract stage's outputs in the ``StageCache``, kept by month of the articles.
///
/// Each month is an entry of its own on the ``shelf``, under a key made
/// of the extract settings (options, gazetteers, code) and the id and digest of every article of
/// the month, in order. It holds the month's mentions as published, its deal reports, and the
/// articles it came from. A stage entry (`stages/extract/<key>`) lists the months of one
/// landscape and their keys. A night that adds articles to one month makes one month entry; the
/// other months' entries are found by key and never read, and publish links or copies their
/// mention files as they are.
struct ExtractCache {
    let cache: StageCache

    /// Where the months are kept, beside the stages' folders: `cache/stages/extract-months/`.
    static let shelf = "extract-months"
    private static let monthsFile = "months.txt"
    private static let settingsFile = "settings.txt"
    /// The party set of each deal report of a month, a line each, in the order of its reports.
    static let partySetsFile = "report-party-sets.txt"

    /// What a month's key is made of besides its articles: the settings (options, gazetteers,
    /// code) and the layout of a month's entry.
    static func context(settings: String) -> String {
        "landscape extract month 1\n\(settings)"
    }

    func hasMonth(_ key: String) -> Bool {
        cache.has(shelf: Self.shelf, key: key)
    }

    /// The mentions file of a stored month, its bytes checked against the digest stored with
    /// them, a few megabytes at a time, unless `stamps` vouch for them: what publish copies
    /// from the cache must be what extract wrote.
    ///
    /// - Throws: ``RunError`` when the month is gone, ``DamagedDataError`` when it is damaged.
    func mentionFile(month: String, key: String, stamps: FileStamps) throws -> MentionFile {
        let file = try listedMentionFile(month: month, key: key)
        if !stamps.vouches(for: file.path, digest: file.sha256) {
            try file.check()
            stamps.record(file.path, digest: file.sha256)
        }
        return file
    }

    /// The mentions file of a stored month as its entry lists it, unread.
    private func listedMentionFile(month: String, key: String) throws -> MentionFile {
        let rowsText = String(decoding: try cache.bytes(shelf: Self.shelf, key: key, file: "rows.txt"), as: UTF8.self)
        let folder = cache.entryPath(shelf: Self.shelf, key: key)
        guard let rows = Int(rowsText.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw DamagedDataError(path: FilePaths.join(folder, "rows.txt"), problem: "no row count")
        }
        return MentionFile(
            month: month, path: FilePaths.join(folder, "mentions.jsonl"), rows: rows,
            sha256: try cache.storedDigest(shelf: Self.shelf, key: key, file: "mentions.jsonl"))
    }

    /// A stored month as an earlier output its articles can be taken from.
    ///
    /// - Parameters:
    ///   - key: the month's key.
    ///   - stamps: what vouches for the month's mentions file without hashing it.
    /// - Returns: the month's digests, and its mention and report lines by article, or nil
    ///   when it is gone or damaged: its articles are then simply extracted again.
    func earlierMonth(key: String, stamps: FileStamps) -> EarlierExtract? {
        // The month's articles are listed first: its mentions and reports are found by their
        // rows there. The mentions and reports files are read a block at a time to find each
        // article's lines, which the month made of them copies from the files when it is
        // stored: its reports decoded and encoded again were 30 MB at a million articles.
        guard let inputs = try? cache.bytes(shelf: Self.shelf, key: key, file: "articles.txt"),
            let articles = Self.articleDigests(inputs)
        else { return nil }
        guard
            let mentions = try? cache.read(
                shelf: Self.shelf, key: key, file: "mentions.jsonl", stamps: stamps,
                { try ArticleLines(reading: $0, origin: $0.path, rows: articles.rows) }),
            let reports = try? cache.read(
                shelf: Self.shelf, key: key, file: "deals.jsonl",
                { try ArticleLines(reading: $0, origin: $0.path, articleIn: .firstSource, rows: articles.rows) }),
            let partySets = (try? cache.bytes(shelf: Self.shelf, key: key, file: Self.partySetsFile))
                .flatMap(PartySetList.init), partySets.count == reports.count
        else { return nil }
        cache.tally.read(mentions.count)
        return EarlierExtract(digests: articles, mentions: mentions, reports: reports, reportPartySets: partySets)
    }

    /// The ids and digests of a stored month's `articles.txt` (an id and a digest a line); nil
    /// for a list that does not read so.
    private static func articleDigests(_ inputs: [UInt8]) -> ArticleDigests? {
        // Sized once: grown line by line, a month of a million articles' landscape held its
        // 28,000 ids and digests up to twice over at extract's peak.
        let lineCount = inputs.count { $0 == 0x0A } + 1
        var (ids, digests) = (ArticleIDs(), [ContentDigest]())
        ids.reserveCapacity(ids: lineCount, bytes: lineCount * 20)
        digests.reserveCapacity(lineCount)
        var start = 0
        while start < inputs.count {
            let end = inputs[start...].firstIndex(of: 0x0A) ?? inputs.count
            defer { start = end + 1 }
            guard end > start else { continue }
            let line = inputs[start..<end]
            guard let space = line.firstIndex(of: 0x20), space > start, !line[(space + 1)...].contains(0x20),
                let digest = ContentDigest(hex: line[(space + 1)...])
            else { return nil }
            ids.append(utf8: line[..<space])
            digests.append(digest)
        }
        return ArticleDigests(ids: ids, digests: digests)
    }

    /// The deal reports of one stored month.
    func monthDeals(key: String) throws -> [Deal] {
        try cache.load(Deal.self, shelf: Self.shelf, key: key, file: "deals.jsonl")
    }

    /// The deal reports of one stored month whose party sets are in `partySets`, in order, and
    /// how many reports the month holds. Only their lines are decoded, found by the month's list
    /// of party sets; a month stored without one, or whose list does not match its reports, is
    /// decoded whole.
    func monthDeals(key: String, partySets: Set<String>) throws -> (deals: [Deal], count: Int) {
        try monthDeals(key: key, partySetsWhere: partySets.contains)
    }

    /// The deal reports of one stored month whose party sets pass `isWanted`, in order, and how
    /// many reports the month holds, read as ``monthDeals(key:partySets:)`` reads them.
    func monthDeals(key: String, partySetsWhere isWanted: (String) -> Bool) throws -> (deals: [Deal], count: Int) {
        func decodedWhole() throws -> (deals: [Deal], count: Int) {
            let deals = try monthDeals(key: key)
            return (deals.filter { isWanted($0.partyKey) }, deals.count)
        }
        guard let (wanted, count) = reportRows(key: key, where: isWanted) else { return try decodedWhole() }
        guard !wanted.isEmpty else { return ([], count) }
        // Read a block at a time, keeping only the wanted lines: a night's party sets have
        // reports in most months, read two at a time. A file not as its list says, or a line
        // that does not decode, is named by decoding the whole month.
        guard
            let deals = try cache.records(
                Deal.self, shelf: Self.shelf, key: key, file: "deals.jsonl", numbered: wanted, lineCount: count)
        else { return try decodedWhole() }
        return (deals, count)
    }

    /// The lines of a stored month's reports, each with its party set, read once: nil when the
    /// month has no list of party sets, or its list and its reports differ in number.
    private func monthReportLines(key: String, stamps: FileStamps) throws -> (
        bytes: [UInt8], lines: [Range<Int>], partySets: PartySetList
    )? {
        guard let listed = try? cache.bytes(shelf: Self.shelf, key: key, file: Self.partySetsFile),
            let partySets = PartySetList(listed)
        else { return nil }
        let bytes = try cache.bytes(shelf: Self.shelf, key: key, file: "deals.jsonl", stamps: stamps)
        let lines = JSONLinesReader.lineRanges(bytes)
        guard lines.count == partySets.count else { return nil }
        cache.tally.read(lines.count)
        return (bytes, lines, partySets)
    }

    /// Files the line of every report of the stored months `keys`, in order, in the file of its
    /// party set's part (``DealRuns/part(of:parts:)``, one part a path of `paths`): what a
    /// merge of every report made a part at a time reads (``DedupeStep/mergeInParts(_:)``).
    /// Months are read `jobs` at a time, each once.
    ///
    /// - Returns: how many reports there were; nil when a month has no list of party sets.
    /// - Throws: ``DamagedDataError`` for a month that does not read; ``FileSystemError`` for
    ///   a file that cannot be written.
    func fileReports(months keys: [String], into paths: [String], stamps: FileStamps, jobs: Int) throws -> Int? {
        let files = try paths.map { path in
            unlink(path)
            return try DurableFile.NewFile(path, durable: false)
        }
        let parts = paths.count
        var count = 0
        for start in stride(from: 0, to: keys.count, by: max(1, jobs)) {
            let batch = Array(keys[start..<min(start + max(1, jobs), keys.count)])
            let split = parallelMap(batch, jobs: jobs) { key in
                Result { () throws -> (pieces: [[UInt8]], count: Int)? in
                    guard let read = try monthReportLines(key: key, stamps: stamps) else { return nil }
                    var pieces = [[UInt8]](repeating: [], count: parts)
                    for (row, line) in read.lines.enumerated() {
                        let part = DealRuns.part(of: read.partySets[row], parts: parts)
                        pieces[part].append(contentsOf: read.bytes[line])
                        pieces[part].append(UInt8(ascii: "\n"))
                    }
                    return (pieces, read.lines.count)
                }
            }
            for result in split {
                guard let (pieces, rows) = try result.get() else { return nil }
                for (file, piece) in zip(files, pieces) where !piece.isEmpty { try file.write(piece) }
                count += rows
            }
        }
        for file in files { try file.close(sync: false) }
        return count
    }

    /// The party sets whose reports differ between two stored months (a month not stored: no
    /// reports), compared line by line: an article's reports count as changed unless its lines
    /// are the same bytes in the same order, as ``DealMerger/partySets(changedFrom:to:)``
    /// compares the reports decoded. Nil when a month has no list of party sets, or a line
    /// does not name its article where this code writes it; the caller then decodes them.
    ///
    /// A month of a million articles' reports, evidence and all, is some 25 MB decoded; two
    /// versions of the two months a night changes were held side by side at dedupe's peak.
    func partySets(changedFrom oldKey: String?, to newKey: String?) throws -> Set<String>? {
        guard let old = try reportLines(oldKey), let new = try reportLines(newKey) else { return nil }
        let (before, after) = (old.byArticle(), new.byArticle())
        var changed = Set<String>()
        for (article, lines) in after {
            let earlier = before[article] ?? []
            guard !lines.elementsEqual(earlier, by: { new.lines[$0] == old.lines[$1] }) else { continue }
            for line in lines { changed.insert(new.partySets[line]) }
            for line in earlier { changed.insert(old.partySets[line]) }
        }
        for (article, lines) in before where after[article] == nil {
            for line in lines { changed.insert(old.partySets[line]) }
        }
        return changed
    }

    /// A stored month's reports as lines: each line's digest, its article (the first source's)
    /// and its party set. The file's bytes are never held whole: the two versions of a month a
    /// night compares were held side by side (50 MB at a million articles), beside dedupe's
    /// grouping, and then one at a time (25 MB).
    private struct ReportLines {
        var lines: [LineDigest] = []
        var articles: [String] = []
        var partySets: [String] = []

        /// The lines of each article, in order.
        func byArticle() -> [String: [Int]] {
            var lines: [String: [Int]] = [:]
            for (line, article) in articles.enumerated() { lines[article, default: []].append(line) }
            return lines
        }
    }

    /// The reports of the month stored under `key` as lines (none without a key); nil when
    /// they cannot be compared so: the file is not a line for each party set its list holds,
    /// ending in a newline, or a line does not name its article where this code writes it.
    /// The file is read a block at a time, each line digested as it comes, and checked
    /// against its digest at its end.
    private func reportLines(_ key: String?) throws -> ReportLines? {
        guard let key else { return ReportLines() }
        guard let listed = reportPartySets(key: key) else { return nil }
        return try cache.read(shelf: Self.shelf, key: key, file: "deals.jsonl") { reader -> ReportLines? in
            var read = ReportLines(partySets: listed)
            read.lines.reserveCapacity(listed.count)
            read.articles.reserveCapacity(listed.count)
            // A line that cannot be compared ends the reading; the rest of the file is read for
            // its digest, checked on the way out.
            while let line = try reader.takeLine({ line, hasNewline -> (LineDigest, String)? in
                guard hasNewline else { return nil }
                let bytes = UnsafeRawBufferPointer(rebasing: line[..<(line.count - 1)])
                return ArticleLines.firstSourceArticle(bytes).map { (LineDigest(bytes), $0) }
            }) {
                guard let (digest, article) = line, read.lines.count < listed.count else { return nil }
                read.lines.append(digest)
                read.articles.append(article)
            }
            return read.lines.count == listed.count ? read : nil
        }
    }

    /// A line told from another by its length and a hash of its bytes keyed for this process
    /// (`Hasher`): two different lines of one article pass for the same once in 2^64 times.
    private struct LineDigest: Equatable {
        let count: Int
        let hash: Int

        init(_ line: UnsafeRawBufferPointer) {
            var hasher = Hasher()
            hasher.combine(bytes: line)
            count = line.count
            hash = hasher.finalize()
        }
    }

    /// How many deal reports a stored month holds: the lines of its list of party sets, counted
    /// without reading them, when it has one.
    func monthDealCount(key: String) throws -> Int {
        guard let listed = try? cache.bytes(shelf: Self.shelf, key: key, file: Self.partySetsFile) else {
            return try monthDeals(key: key).count
        }
        return RowTally.rows(listed)
    }

    /// The rows of a stored month's reports whose party set passes `isWanted`, and how many
    /// reports the month holds; nil when the month has no list of party sets. Each line is let
    /// go once looked up: a night reads every month's list, two at a time beside grouping, and
    /// a month's list held as strings was some 4 MB at a million articles.
    private func reportRows(key: String, where isWanted: (String) -> Bool) -> (rows: [Int], count: Int)? {
        var rows: [Int] = []
        guard
            let count = forEachListedPartySet(
                key: key,
                { row, partySet in
                    if isWanted(partySet) { rows.append(row) }
                })
        else { return nil }
        return (rows, count)
    }

    /// The party set of each report of a stored month, or nil when the month has no such list.
    private func reportPartySets(key: String) -> [String]? {
        var listed: [String] = []
        guard forEachListedPartySet(key: key, { _, partySet in listed.append(partySet) }) != nil else { return nil }
        return listed
    }

    /// Hands each line of a stored month's list of party sets to `body` with its row, in
    /// order; how many lines it holds, or nil when the month has no such list (or its last line
    /// has no newline).
    private func forEachListedPartySet(key: String, _ body: (_ row: Int, _ partySet: String) -> Void) -> Int? {
        guard let bytes = try? cache.bytes(shelf: Self.shelf, key: key, file: Self.partySetsFile),
            let listed = PartySetList(bytes)
        else { return nil }
        for row in 0..<listed.count { body(row, listed[row]) }
        return listed.count
    }

    /// Stores a landscape's extract output: the keys of its months, in the landscape's order.
    func store(key: String, settings: String, months: [(month: String, key: String)]) throws {
        let list = months.map { "\($0.month) \($0.key)\n" }.joined()
        try cache.store(
            .extract, key: key,
            files: [(Self.monthsFile, Array(list.utf8)), (Self.settingsFile, Array(settings.utf8))])
    }

    /// The months of the output stored under `key` and their keys, in the landscape's order.
    func months(key: String) throws -> [(month: String, key: String)] {
        let bytes = try cache.bytes(.extract, key: key, file: Self.monthsFile)
        return try bytes.split(separator: 0x0A).map { line in
            let parts = line.split(separator: 0x20)
            guard parts.count == 2 else {
                throw DamagedDataError(path: cache.entryPath(.extract, key: key), problem: "a bad line in months.txt")
            }
            return (String(decoding: parts[0], as: UTF8.self), String(decoding: parts[1], as: UTF8.self))
        }
    }

    /// The deal reports stored under `key`, one or more per article that states a deal, in the
    /// landscape's order.
    func deals(key: String, jobs: Int) throws -> [Deal] {
        let months = try months(key: key)
        return try parallelMap(months, jobs: jobs) { month in Result { try monthDeals(key: month.key) } }
            .flatMap { try $0.get() }
    }

    /// The mention files of the output stored under `key`, months without mentions left out.
    /// Each is checked whole, on `jobs` cores, unless `stamps` vouch for it.
    func mentions(key: String, jobs: Int, stamps: FileStamps) throws -> [MentionFile] {
        try parallelMap(try months(key: key), jobs: jobs) { month in
            Result { try mentionFile(month: month.month, key: month.key, stamps: stamps) }
        }.map { try $0.get() }.filter { $0.rows > 0 }
    }

    /// The months of the latest extract output, if it was made with `settings` (the digest of
    /// the extract config and the code), by month: their articles need not be extracted again.
    /// Anything unreadable counts as no earlier output; extract then simply does all the work.
    func earlierMonths(settings: String) -> [String: String] {
        guard let key = cache.latestKey(.extract),
            (try? cache.bytes(.extract, key: key, file: Self.settingsFile)) == Array(settings.utf8),
            let months = try? months(key: key)
        else { return [:] }
        return Dictionary(months.map { ($0.month, $0.key) }, uniquingKeysWith: { first, _ in first })
    }

    /// Removes the stored months no extract output still in the cache lists.
    ///
    /// - Returns: how many were removed.
    @discardableResult
    func removeUnlistedMonths() -> Int {
        cache.removeUnlisted(shelf: Self.shelf, listedBy: .extract, in: Self.monthsFile) { line in
            line.split(separator: 0x20).last.map { String(decoding: $0, as: UTF8.self) }
        }
    }
}

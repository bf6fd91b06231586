/// The dedupe stage's outputs in the ``StageCache``: the story group of every article that
/// copies another (`groups.jsonl`; an article not listed is its own story's original),
/// where grouping stopped (`grouping-state.bin`), and the merged deals: every one (`deals.jsonl`), or, when the merge built
/// on the parent snapshot's deals, only the party sets merged again and their deals
/// (`deals-base.txt`, `deals-replaced.jsonl`).
///
/// Only the grouping is kept, not the articles: they are the stage's input, which a run has
/// already, and the grouping is a small part of their size. Likewise a night's deals are mostly
/// the parent's, which a rerun has already: a million deals are not written again for a
/// thousand new articles.
struct DedupeCache {
    let cache: StageCache

    /// The file listing the keys of the fingerprint months an output was made from.
    static let fingerprintsFile = "fingerprint-months.txt"

    /// Stores an output with what it was made from besides the previous deals (settings,
    /// articles and reports, as ``DedupeStep`` words them) and the keys of the fingerprint
    /// months it used, which stay in the cache as long as it does.
    ///
    /// - Parameters:
    ///   - key: the output's key.
    ///   - copies: the articles that repeat another, with their groups.
    ///   - deals: every deal, or, when the merge built on the parent snapshot's deals, only the
    ///     party sets merged again and their deals.
    ///   - madeFrom: the settings, articles and reports, as ``DedupeStep`` words them.
    ///   - mergeBasis: what the deals were merged from, for the next night.
    ///   - fingerprintMonths: the keys of the fingerprint months used.
    ///   - groupingState: where grouping stopped, for the next night to go on from, written
    ///     already (``staged(_:)``).
    ///   - jobs: cores to encode on.
    /// - Throws: ``FileSystemError`` when the entry cannot be written.
    func store(
        key: String, copies: CopyGroups, deals: StoredDeals, madeFrom: String,
        mergeBasis: MergeBasis, fingerprintMonths: [String], groupingState: CacheFile?, jobs: Int
    ) throws {
        // An article that is its own story's original (alone, or the first of its copies) is
        // what ``groups(key:ids:)`` makes of an article not listed: only the copies are written,
        // a twentieth of a landscape's articles.
        let groups = copies.listed.map { _, articleID, story in
            ArticleGroup(articleID: articleID, duplicateOf: story.duplicateOf, clusterID: story.clusterID)
        }
        // Each large file is encoded in chunks on every core.
        var files = [
            CacheFile("groups.jsonl", lines: groups, jobs: jobs),
            CacheFile("made-from.txt", bytes: Array(madeFrom.utf8)),
            CacheFile(Self.fingerprintsFile, bytes: Array(fingerprintMonths.map { $0 + "\n" }.joined().utf8)),
            CacheFile(Self.mergeBasisFile, bytes: mergeBasis.encoded()),
        ]
        if let groupingState { files.append(groupingState) }
        switch deals {
        case .patch(let parentDeals, let partySets, let merged):
            let base = DealsBase(parentDeals: parentDeals, partySets: partySets)
            files += [CacheFile(Self.baseFile, bytes: base.encoded()), merged]
        case .all(let deals):
            files.append(CacheFile(Self.dealsFile, lines: deals, jobs: jobs))
        case .woven(let file, _):
            files.append(file)
        }
        // An entry whose deals are written already (a night's patch, a build's woven deals) is
        // stored now: it is mostly the grouping state (8 MB held at a million articles), which
        // the files alone would hold beside the next stage's work, and later stages read the
        // woven deals from the entry. An entry of deals held is written behind, while the run
        // goes on.
        try cache.store(.dedupe, key: key, files: files, now: deals.isWritten)
    }

    /// The deals an output is stored with.
    enum StoredDeals {
        /// Every deal.
        case all([Deal])
        /// The party sets merged again on the deals whose digest is `parentDeals`, and their
        /// deals, written already (``stagedMerged(_:jobs:)``).
        case patch(parentDeals: String, partySets: Set<String>, merged: CacheFile)
        /// Every deal, merged a part of the party sets at a time and woven into the entry's
        /// file (``stagedWoven(_:)``), with where each deal's line is there.
        case woven(CacheFile, places: LinePlaces)

        /// Whether the deals were written before the entry is stored.
        var isWritten: Bool {
            if case .all = self { false } else { true }
        }

        /// Removes the deals written for an entry never stored.
        func discardStaged() {
            switch self {
            case .all: break
            case .patch(_, _, let merged): merged.discardStaged()
            case .woven(let file, _): file.discardStaged()
            }
        }
    }

    /// Writes one part's deals of a merge of every report beside the entries, in their listed
    /// order, for ``DealRuns`` to weave; returns where.
    func stagedPart(_ deals: [Deal], jobs: Int) throws(FileSystemError) -> String {
        let file = try cache.staged(.dedupe, CacheFile("deals-part.jsonl", lines: deals, jobs: jobs))
        return file.staged?.path ?? ""
    }

    /// Where the reports of each of `parts` parts of a merge of every report are filed beside
    /// the entries (``DedupeStep/mergeInParts(_:)``), for this process; the folder is made.
    func reportsPartPaths(_ parts: Int) throws(FileSystemError) -> [String] {
        try DurableFile.makeDirectories(cache.entryPath(.dedupe, key: ""))
        return (0..<parts).map {
            cache.entryPath(.dedupe, key: ".staged-\(DurableFile.processID)-reports-part-\($0).jsonl")
        }
    }

    /// Weaves the parts of `runs` into the deals file of the entry stored next
    /// (``StoredDeals/woven(_:places:)``), and removes them.
    func stagedWoven(_ runs: DealRuns) throws(FileSystemError) -> StoredDeals {
        defer { runs.discard() }
        var places = LinePlaces()
        let file = try cache.staged(.dedupe, name: Self.dealsFile, rows: { runs.count }) {
            write throws(FileSystemError) in places = try runs.weave(write)
        }
        return .woven(file, places: places)
    }

    /// The deals woven into the entry stored under `key` (``StoredDeals/woven(_:places:)``),
    /// read from its file: handed over a block at a time as a stream to the steps that fold
    /// them, decoded whole, once, for one that holds them.
    ///
    /// - Throws: ``DamagedDataError`` when the entry's file is gone.
    func wovenDeals(key: String, stored: StoredDeals, jobs: Int) throws -> DealRecords? {
        guard case .woven(let file, let places) = stored, let sha256 = file.staged?.sha256 else { return nil }
        let path = FilePaths.join(cache.entryPath(.dedupe, key: key), Self.dealsFile)
        guard let stamp = FileStamps.stamp(of: path) else {
            throw DamagedDataError(path: path, problem: "missing once stored")
        }
        return DealRecords(
            file: DealLines(RecordLines(path: path, sha256: sha256, stamp: stamp, places: places), flaggedUnder: nil),
            jobs: jobs)
    }

    /// Writes the deals a night merged again for the entry stored next.
    func staged(merged deals: [Deal], jobs: Int) throws(FileSystemError) -> CacheFile {
        try cache.staged(.dedupe, CacheFile(Self.replacedFile, lines: deals, jobs: jobs))
    }

    /// Writes the deals a night merged again for the entry stored next, and returns the file
    /// to store (``StoredDeals/patch(parentDeals:partySets:merged:)``) with the deals, each
    /// with its sources left on its line there (``DealSourcesFile``): the deals are held through
    /// aggregate and publish, which read a few deals' sources (their evidence, to flag them;
    /// the quarters they change), and their sources were 1.5 MB at a million articles. A deal
    /// whose line does not read back as it keeps its sources.
    ///
    /// - Throws: ``FileSystemError`` when the file cannot be written, ``DamagedDataError`` when
    ///   it cannot be read back.
    func stagedMerged(_ deals: [Deal], jobs: Int) throws -> (
        file: CacheFile, deals: [Deal], sourcesFile: DealSourcesFile?
    ) {
        let file = try staged(merged: deals, jobs: jobs)
        guard let (path, sha256) = file.staged, let stamp = FileStamps.stamp(of: path) else {
            return (file, deals, nil)
        }
        var places = LinePlaces()
        places.reserveCapacity(deals.count)
        var readBack = 0
        var isSame = true
        try JSONLinesReader.forEachBlock(
            DealLeavingSources.self, from: path, sha256: sha256, blockBytes: 1 << 20, jobs: 1
        ) { records, lines in
            for record in records {
                isSame = isSame && readBack < deals.count && record.deal.id == deals[readBack].id
                readBack += 1
            }
            places.append(contentsOf: lines)
        }
        let lines = RecordLines(path: path, sha256: sha256, stamp: stamp, places: places)
        guard isSame, readBack == deals.count, let sourcesFile = DealSourcesFile(lines, flaggedUnder: nil) else {
            return (file, deals, nil)
        }
        var leaving = deals
        for index in leaving.indices {
            if let disk = DealSourcesOnDisk(file: sourcesFile, line: index) { leaving[index].leaveSources(on: disk) }
        }
        return (file, leaving, sourcesFile)
    }

    private static let dealsFile = "deals.jsonl"
    private static let baseFile = "deals-base.txt"
    private static let replacedFile = "deals-replaced.jsonl"

    /// Writes where grouping stopped for the entry stored next, and returns it as the file
    /// ``store(key:copies:deals:madeFrom:mergeBasis:fingerprintMonths:groupingState:jobs:)``
    /// moves into the entry: the state (8 MB held at a million articles) is not held while the
    /// deals are merged.
    func staged(_ state: GroupingState) throws(FileSystemError) -> CacheFile {
        try cache.staged(
            .dedupe,
            CacheFile(Self.groupingStateFile, rows: 0) { write throws(FileSystemError) in try state.write(write) })
    }

    private static let mergeBasisFile = "merge-basis.txt"
    private static let groupingStateFile = "grouping-state.bin"

    /// Where the grouping of the output under `key` stopped, or nil when it is gone, unreadable
    /// or was not kept.
    func groupingState(key: String) -> GroupingState? {
        (try? cache.read(shelf: Stage.dedupe.rawValue, key: key, file: Self.groupingStateFile) {
            try GroupingState(reading: $0)
        }) ?? nil
    }

    /// What the deals stored under `key` were merged from, or nil when it is gone or unreadable.
    func mergeBasis(key: String) -> MergeBasis? {
        (try? cache.bytes(.dedupe, key: key, file: Self.mergeBasisFile)).flatMap(MergeBasis.init(decoding:))
    }

    /// What the output under `key` was made from, or nil when it is gone or says nothing.
    func madeFrom(key: String) -> String? {
        (try? cache.bytes(.dedupe, key: key, file: "made-from.txt")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The story group stored under `key` of each of `ids`, in order, and the deals.
    ///
    /// - Parameters:
    ///   - key: the output's key.
    ///   - ids: the articles, in the landscape's order.
    ///   - parentDeals: the parent snapshot's deals and their digest, which deals stored as
    ///     the party sets merged again are patched into.
    ///   - jobs: cores to patch on.
    /// - Returns: the story groups, in the order of `ids`, and the deals, newest first.
    /// - Throws: ``DamagedDataError`` when a file is damaged, or the deals were stored as a
    ///   patch of other deals than the parent's.
    func load(key: String, ids: ArticleIDs, parentDeals: (deals: DealRecords, digest: String), jobs: Int) throws -> (
        groups: StoryGroups, deals: [Deal]
    ) {
        let groups = try groups(key: key, ids: ids)
        // An entry lists the digest of each of its files: a patch is one that lists a base.
        guard (try? cache.storedDigest(shelf: Stage.dedupe.rawValue, key: key, file: Self.baseFile)) != nil else {
            return (groups, try cache.load(Deal.self, .dedupe, key: key, file: Self.dealsFile))
        }
        let path = FilePaths.join(cache.entryPath(.dedupe, key: key), Self.baseFile)
        guard let base = DealsBase(decoding: try cache.bytes(.dedupe, key: key, file: Self.baseFile)) else {
            throw DamagedDataError(path: path, problem: "not a list of party sets merged again")
        }
        guard base.parentDeals == parentDeals.digest else {
            throw DamagedDataError(
                path: path,
                problem: "patches the deals \(base.parentDeals), but the parent snapshot's are \(parentDeals.digest)")
        }
        let replaced = try cache.load(Deal.self, .dedupe, key: key, file: Self.replacedFile)
        let deals = DealMerger.patched(
            try parentDeals.deals.all(), replacing: base.partySets, with: replaced, jobs: jobs)
        return (groups, deals)
    }

    /// The story groups stored under `key` of `ids`, in order: an article not listed is alone
    /// in its story or its original.
    func groups(key: String, ids: ArticleIDs) throws -> StoryGroups {
        let stored = try cache.load(ArticleGroup.self, .dedupe, key: key, file: "groups.jsonl")
        var byRow: [Int: StoryGroup] = [:]
        let places = ArticlesFound(stored.lazy.map(\.articleID), in: [ids], jobs: 1)
        // The first entry of an article listed twice is the one taken.
        for group in stored.reversed() {
            guard let row = places.place(of: group.articleID)?.row else { continue }
            byRow[row] = StoryGroup(duplicateOf: group.duplicateOf, clusterID: group.clusterID)
        }
        return StoryGroups(sparse: ids.indices.lazy.map { byRow[$0] }, ids: ids)
    }
}

/// Which story an article belongs to, as dedupe decided.
struct ArticleGroup: Sendable, Codable, JSONLineRecord {
    let articleID: String
    let duplicateOf: String?
    let clusterID: String

    enum CodingKeys: String, CodingKey {
        case articleID = "article_id"
        case duplicateOf = "duplicate_of"
        case clusterID = "cluster_id"
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("article_id", articleID)
        writer.field("duplicate_of", duplicateOf)
        writer.field("cluster_id", clusterID)
        writer.endObject()
    }
}

/// Which deals a dedupe output's deals patch: the parent snapshot's (by digest), with the deals
/// of the listed party sets replaced.
struct DealsBase: Equatable {
    var parentDeals: String
    var partySets: Set<String>

    private static let header = "landscape deals patch 1"

    func encoded() -> [UInt8] { HeadedLines.encode(header: Self.header, [parentDeals] + partySets.sorted()) }

    init(parentDeals: String, partySets: Set<String>) {
        self.parentDeals = parentDeals
        self.partySets = partySets
    }

    init?(decoding bytes: [UInt8]) {
        guard let lines = HeadedLines.decode(bytes, header: Self.header), let parentDeals = lines.first else {
            return nil
        }
        self.init(parentDeals: parentDeals, partySets: Set(lines.dropFirst()))
    }
}

/// What a dedupe output's deals were merged from, so that the next night can merge only the
/// party sets whose reports changed since (``DealMerger/merge(_:touching:partySetsSharingSources:windowDays:previous:jobs:)``).
struct MergeBasis: Equatable {
    /// The code that merged, the deal window, and the extract output whose reports were merged.
    var code: String
    var windowDays: Int
    var extractKey: String
    var partySetsSharingSources: Set<String>

    private static let header = "landscape deal merge 1"

    func encoded() -> [UInt8] {
        HeadedLines.encode(
            header: Self.header, [code, String(windowDays), extractKey] + partySetsSharingSources.sorted())
    }

    init(code: String, windowDays: Int, extractKey: String, partySetsSharingSources: Set<String>) {
        self.code = code
        self.windowDays = windowDays
        self.extractKey = extractKey
        self.partySetsSharingSources = partySetsSharingSources
    }

    init?(decoding bytes: [UInt8]) {
        guard let lines = HeadedLines.decode(bytes, header: Self.header), lines.count >= 3,
            let window = Int(lines[1])
        else { return nil }
        self.init(
            code: lines[0], windowDays: window, extractKey: lines[2], partySetsSharingSources: Set(lines.dropFirst(3)))
    }
}

/// The small text files of dedupe's cache entries: a header naming the format, then one value
/// a line, each line ended by a newline (a file cut short lacks the last one).
private enum HeadedLines {
    static func encode(header: String, _ lines: [String]) -> [UInt8] {
        Array(([header] + lines).map { $0 + "\n" }.joined().utf8)
    }

    /// The lines after the header, or nil when the header is another or the file is cut short.
    static func decode(_ bytes: [UInt8], header: String) -> [String]? {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        guard lines.count >= 2, lines[0] == header, lines.last == "" else { return nil }
        return Array(lines[1..<(lines.count - 1)])
    }
}

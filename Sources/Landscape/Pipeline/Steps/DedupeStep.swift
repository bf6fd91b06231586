import Synchronization

/// Dedupe: articles grouped into stories, and the per-article deal reports merged into deals.
/// Deals that continue one of the parent snapshot's keep its id.
struct DedupeStep: StageStep {
    static let stage = Stage.dedupe
    static let unit = "articles"
    let cache: DedupeCache
    let fingerprintCache: FingerprintCache
    /// Where the reports the parent's deals were merged from are found.
    let extractCache: ExtractCache
    let options: DedupeOptions
    /// The parent snapshot's deals, read only if dedupe runs, and the digest standing for them.
    let parentDeals: DealRecords
    let parentDealsDigest: String
    /// The parent snapshot's dedupe key, on a night's run (nil for reruns).
    let parentKey: String?
    /// Whether the work of earlier runs is built on (a night's run): fingerprints of unchanged
    /// months taken from the cache, and deals merged again only in the party sets whose reports
    /// changed since the parent's. `--from dedupe` and earlier sign every article and merge
    /// every report again.
    let reusesEarlierWork: Bool
    /// What vouches for the months' stored fingerprints without hashing them again.
    let stamps: FileStamps
    let jobs: Int

    struct Input {
        var landscape: ArticleLandscape
        var extracted: Keyed<ExtractStep.Extracted>
    }

    /// The landscape after dedupe: articles grouped into stories, mentions, merged deals.
    struct Deduped {
        var landscape: ArticleLandscape
        var mentions: [MentionFile]
        var deals: DealRecords
    }

    func count(_ input: Input) -> Int { input.landscape.count }

    /// A night whose articles and extract output are the parent's takes the parent's dedupe
    /// output: merging the same reports again, with the parent's deals as the previous ones,
    /// gives back those deals, ids and all. Otherwise the key covers the parent's deals, whose
    /// ids continuing deals keep.
    func key(_ input: Input) -> String? {
        let made = madeFrom(input)
        if let parentKey, cache.madeFrom(key: parentKey) == made { return parentKey }
        return StageKey.make(.dedupe, options: options, inputs: [made, "parent deals \(parentDealsDigest)"])
    }

    /// What a dedupe output is made from besides the parent's deals: settings, articles, reports.
    private func madeFrom(_ input: Input) -> String {
        "\(StageKey.encoding(of: options)) \(input.landscape.identity) extract \(input.extracted.key)"
    }

    func run(_ input: Input, key: String?, isCached: Bool) throws -> StepOutput<Deduped> {
        // A merge that continues the parent's reads only the few reports it needs from the
        // cache: the reports extract made tonight (a month's, sources and all, 16 MB at a million
        // articles) are let go before the months are signed and compared.
        let parentMerge = parentMerge(extractKey: input.extracted.key)
        // The months whose articles changed are signed before every article's id and dates are
        // read: a month a night adds to holds its fingerprints twice while they are made (30 MB
        // at a million articles), and the lists are 28 MB.
        let (fingerprints, monthKeys, signing) = try fingerprintMonths(input.landscape)
        let lists = try ArticleLists(input.landscape, jobs: jobs)
        // The months' whole indexes, read on every core and let go, are handed back before
        // grouping and the merge allocate.
        FreedMemory.release()
        let groupsBefore = lists.groups
        let grouping = startGrouping(fingerprints, signing: signing, lists: consume lists)
        let (merged, copies, counts): (MergedDeals, [DuplicateGroups.Copy], DuplicateGroups.Counts)
        var stateFile: CacheFile?
        var stagedDeals: MergedDeals.Storing?
        // A state or deals written but not stored (a merge that failed) are not left beside
        // the entries.
        defer {
            stateFile?.discardStaged()
            stagedDeals?.discardStaged()
        }
        if parentMerge != nil {
            // A night's merge waits for grouping, whose records met and sets are let go and
            // handed back first, and whose state is written and let go: the two side by side
            // were the night's peak (105 MB at a million articles against 100), and either
            // takes a second or two.
            (copies, counts, stateFile) = try finish(grouping)
            FreedMemory.release()
            merged = try merge(input, key: key, continuing: parentMerge)
            stagedDeals = merged.storing
        } else {
            // Merging every report and grouping every article take both cores, side by side.
            merged = try merge(input, key: key, continuing: parentMerge)
            stagedDeals = merged.storing
            (copies, counts, stateFile) = try finish(grouping)
        }
        let groups = try named(copies, in: input.landscape)
        // Deals still to be read are read by aggregate, once the night has let go of the
        // landscape before dedupe, not beside it.
        let grouped = try input.landscape.grouped(groups, before: groupsBefore, jobs: jobs)
        // A build's parts were woven meanwhile, on another thread.
        let stored = try merged.storing.stored()
        let basis = MergeBasis(
            code: CodeFingerprint.current, windowDays: options.dealWindowDays, extractKey: input.extracted.key,
            partySetsSharingSources: merged.partySetsSharingSources)
        try cache.store(
            key: key ?? "", copies: groups, deals: stored, madeFrom: madeFrom(input),
            mergeBasis: basis, fingerprintMonths: monthKeys, groupingState: stateFile, jobs: jobs)
        (stateFile, stagedDeals) = (nil, nil)
        // Deals woven into the entry's file are read from there.
        let deals = try merged.deals ?? cache.wovenDeals(key: key ?? "", stored: stored, jobs: jobs)
        guard let deals else { throw RunError("dedupe: the merged deals were neither held nor stored") }
        return StepOutput(
            value: Deduped(landscape: grouped, mentions: input.extracted.value.mentions, deals: deals),
            outputs: deals.count,
            counts: [
                "duplicate_articles": grouped.duplicateCount, "deal_reports": merged.reportCount,
                "near_duplicate_links": counts.nearDuplicateLinks, "candidate_pairs": counts.candidatePairs,
                "signatures_held": counts.heldSignatures, "links_refused": counts.refusedLinks,
                "articles_grouped_before": counts.recordsContinued,
                "months_signed": signing.months.load(ordering: .relaxed),
                "articles_signed": signing.articles.load(ordering: .relaxed),
                "party_sets_merged": merged.partySetsMerged, "previous_deals_outlined": merged.outlined,
                "merge_parts": merged.parts,
            ])
    }

    /// What grouping reads of every article, joined across the months in their order: the
    /// sightings, and each month's story groups as they were. The months' whole indexes are
    /// read one a core at a time, and let go once their lists are joined: the dates of a
    /// million articles are 8 MB joined, and the whole indexes beside them (their ids, digests
    /// and all) 48 MB more when every month was read at once. Of the groups only a digest is
    /// kept; a month whose groups change reads its index again.
    struct ArticleLists {
        private(set) var firstSeen = Timestamps()
        private(set) var published = OptionalTimestamps()
        /// A digest of each month's groups, to tell the months whose groups change.
        private(set) var groups: [StoryGroups.Digest] = []
        /// Every article's id, joined only when a month is not in landscape order: ties of
        /// precedence are otherwise told by the articles' order
        /// (``ArticleDeduper/order(firstSeen:published:ids:jobs:)``), not by the 10 MB of a
        /// million articles' ids.
        private(set) var tieBreakingIDs: ArticleIDs?

        init(_ landscape: ArticleLandscape, jobs: Int) throws {
            let (months, count) = (landscape.months, landscape.count)
            // Joined in arrays of their exact size: by doubling, a third more.
            firstSeen.reserveCapacity(count)
            published.reserveCapacity(count)
            groups.reserveCapacity(months.count)
            var isInOrder = true
            let monthsAtATime = max(1, jobs)
            for start in stride(from: 0, to: months.count, by: monthsAtATime) {
                let read = parallelMap(Array(months[start..<min(start + monthsAtATime, months.count)]), jobs: jobs) {
                    month in Result { try month.withWholeIndex() }
                }
                for result in read {
                    let month = try result.get()
                    isInOrder = isInOrder && month.isInLandscapeOrder
                    firstSeen.append(contentsOf: month.index.firstSeen)
                    published.append(contentsOf: month.index.published)
                    groups.append(month.index.groups.digest)
                }
            }
            if !isInOrder {
                tieBreakingIDs = ArticleIDs(concatenating: try months.map { try $0.withIDs().ids })
            }
        }
    }

    /// What grouping gives back: the articles that repeat another with their originals (as
    /// rows of the landscape), what was compared, where it stopped.
    typealias Grouped = (copies: [DuplicateGroups.Copy], counts: DuplicateGroups.Counts, state: GroupingState?)

    /// The grouping of the articles' fingerprints, started on another thread. On a night, grouping
    /// goes on from where the parent's stopped: the new articles against the buckets of the
    /// articles before them, one read of the months' fingerprints. Otherwise every article is
    /// grouped, while the deals are merged here: several reads and one pass over the LSH buckets
    /// that only one core can take.
    private func startGrouping(
        _ fingerprints: FingerprintBlocks, signing: MonthSigning, lists: consuming ArticleLists
    ) -> BackgroundWork<Grouped, any Error> {
        // The order is made here and the dates let go: grouping holds every article's place
        // (4 bytes each), not its dates beside it (8 MB at a million articles).
        let (options, jobs) = (options, jobs)
        let order = ArticleDeduper.order(
            firstSeen: lists.firstSeen, published: lists.published, ids: lists.tieBreakingIDs, jobs: jobs)
        _ = consume lists
        let (cache, parentKey, reusesEarlierWork) = (cache, parentKey, reusesEarlierWork)
        let grouping = BackgroundWork(cores: jobs) { () throws -> Grouped in
            // A state is only gone on from by the code that made it: another may group otherwise.
            let state = parentKey.flatMap { key in
                reusesEarlierWork && cache.mergeBasis(key: key)?.code == CodeFingerprint.current
                    ? cache.groupingState(key: key) : nil
            }
            let grouped = ArticleDeduper.groups(
                order: order, fingerprints: fingerprints, options: options, continuing: consume state,
                jobs: jobs)
            try signing.check()
            return grouped
        }
        return grouping
    }

    /// Grouping's copies and counts once it is done, and its state written for the entry and
    /// let go.
    private func finish(_ grouping: BackgroundWork<Grouped, any Error>) throws -> (
        [DuplicateGroups.Copy], DuplicateGroups.Counts, CacheFile?
    ) {
        let (copies, counts, state) = try grouping.take()
        return (copies, counts, try state.map { try cache.staged($0) })
    }

    /// The copies grouping found, named: their ids and their originals', read from the months
    /// that hold them once grouping is done, rather than every article's held through it.
    private func named(_ copies: [DuplicateGroups.Copy], in landscape: ArticleLandscape) throws -> CopyGroups {
        var named = Set<Int32>()
        for copy in copies { named.formUnion([copy.record, copy.original]) }
        let rows = named.sorted()
        let ids = try landscape.ids(ofRows: rows, jobs: jobs)
        /// The id of the article at `row`, one of `rows`.
        func id(_ row: Int32) -> String { ids[rows.partitionPoint { $0 < row }] }
        return CopyGroups(
            count: landscape.count,
            copies: copies.lazy.map { (row: Int($0.record), articleID: id($0.record), originalID: id($0.original)) })
    }

    /// The reports of `partySets` in `months` of the extract output, read on every core, and
    /// how many reports those months hold in all.
    private func readReports(of months: [(month: String, key: String)], partySets: Set<String>) throws -> (
        deals: [Deal], count: Int
    ) {
        try Self.readReports(of: months, cache: extractCache, jobs: jobs, partySetsWhere: partySets.contains)
    }

    /// The reports of the party sets `isWanted` passes in `months` of `cache`, read on every
    /// core, and how many reports those months hold in all.
    static func readReports(
        of months: [(month: String, key: String)], cache: ExtractCache, jobs: Int,
        partySetsWhere isWanted: @escaping @Sendable (String) -> Bool
    ) throws -> (deals: [Deal], count: Int) {
        let read = try parallelMap(months, jobs: jobs) { month in
            Result { try cache.monthDeals(key: month.key, partySetsWhere: isWanted) }
        }.map { try $0.get() }
        return (read.flatMap(\.deals), read.reduce(0) { $0 + $1.count })
    }

    /// Tonight's deals, and how they are stored.
    struct MergedDeals {
        /// The deals; nil when they were woven into the entry's file, to be read from there
        /// once it is stored (``DedupeCache/wovenDeals(key:stored:jobs:)``).
        var deals: DealRecords?
        var storing: Storing
        var partySetsSharingSources: Set<String>
        var partySetsMerged: Int
        var reportCount: Int
        /// How many previous deals were known by their outlines rather than decoded (0 when
        /// the merge decoded them all).
        var outlined = 0
        /// How many parts every report was merged in (``mergeInParts(_:)``); 0 for a merge in memory.
        var parts = 0

        /// How the deals are stored: held or written, or being woven into the entry's file on
        /// another thread while dedupe names the copies grouping found (a build's).
        enum Storing {
            case made(DedupeCache.StoredDeals)
            case weaving(BackgroundWork<DedupeCache.StoredDeals, FileSystemError>)

            /// The deals as stored, once they are woven.
            func stored() throws(FileSystemError) -> DedupeCache.StoredDeals {
                switch self {
                case .made(let stored): stored
                case .weaving(let work): try work.value()
                }
            }

            /// Removes the deals written for an entry never stored, once they are woven.
            func discardStaged() {
                (try? stored())?.discardStaged()
            }
        }
    }

    /// Merges tonight's reports: on a night, only the party sets whose reports changed, on the
    /// parent's deals known by their outlines where the parent's file allows, which are then
    /// decoded only when a later stage asks for the deals; otherwise every report.
    private func merge(_ input: Input, key: String?, continuing parentMerge: ParentMerge?) throws -> MergedDeals {
        // Deals merged on the parent's are stored as the party sets merged again: a rerun has
        // the parent's deals to patch. An output stored under the parent's own key is stored whole.
        let patchesParent = key != parentKey
        let mergeEvery = { () throws -> MergedDeals in
            // A part of the party sets at a time, where the months and ids allow.
            if let merged = try mergeInParts(input) { return merged }
            let reports = try input.extracted.value.reports()
            let merged = DealMerger.merge(
                reports, windowDays: options.dealWindowDays, previous: try parentDeals.allWithSources(), jobs: jobs)
            return MergedDeals(
                deals: DealRecords(merged.deals), storing: .made(.all(merged.deals)),
                partySetsSharingSources: merged.partySetsSharingSources, partySetsMerged: merged.partySetsMerged,
                reportCount: reports.count)
        }
        // Only the reports of the party sets merged again are read, month by month.
        guard let parentMerge, let continuation = continuation(of: parentMerge) else { return try mergeEvery() }
        // The changed months' reports were compared on every core: what that freed is handed
        // back before their reports are read.
        FreedMemory.release()
        let remerged = continuation.touched.union(continuation.basis.partySetsSharingSources)
        let (reports, reportCount) = try readReports(of: continuation.months, partySets: remerged)
        // The months' reports were decoded on every core, each into its own arena: what that
        // freed is given back before the merge and the parent's deals' outlines allocate.
        FreedMemory.release()
        let sharing = continuation.basis.partySetsSharingSources
        if patchesParent, let previous = try parentDeals.outlined(replacing: remerged, jobs: jobs) {
            let remerge = DealMerger.merge(
                reports, touching: continuation.touched, partySetsSharingSources: sharing,
                windowDays: options.dealWindowDays, previous: previous, jobs: jobs)
            // Written for the entry now, so that the deals leave their sources in the file.
            let merged = try cache.stagedMerged(remerge.deals, jobs: jobs)
            return MergedDeals(
                deals: parentDeals.patch(
                    previous, replacing: remerge.partySets, with: merged.deals, sourcesFile: merged.sourcesFile,
                    jobs: jobs),
                storing: .made(
                    .patch(parentDeals: parentDealsDigest, partySets: remerge.partySets, merged: merged.file)),
                partySetsSharingSources: remerge.partySetsSharingSources, partySetsMerged: remerge.partySetsMerged,
                reportCount: reportCount, outlined: previous.isReplaced.count)
        }
        let merged = DealMerger.merge(
            reports, touching: continuation.touched, partySetsSharingSources: sharing,
            windowDays: options.dealWindowDays, previous: try parentDeals.allWithSources(), jobs: jobs)
        let stored: DedupeCache.StoredDeals =
            if patchesParent, let remerged = merged.remerged {
                .patch(
                    parentDeals: parentDealsDigest, partySets: remerged.partySets,
                    merged: try cache.staged(merged: remerged.deals, jobs: jobs))
            } else {
                .all(merged.deals)
            }
        return MergedDeals(
            deals: DealRecords(merged.deals), storing: .made(stored),
            partySetsSharingSources: merged.partySetsSharingSources, partySetsMerged: merged.partySetsMerged,
            reportCount: reportCount)
    }

    /// What tonight's merge builds on when it merges only the party sets whose reports changed.
    private struct Continuation {
        /// What the parent's deals were merged from.
        var basis: MergeBasis
        /// The party sets whose reports differ between that extract output and tonight's.
        var touched: Set<String>
        /// Tonight's extract months and their keys, in the landscape's order.
        var months: [(month: String, key: String)]
    }

    /// What tonight's merge would continue: the parent's merge and the extract months it and
    /// tonight's were made of; nil when every report is to be merged: not a night's run, or the
    /// parent's merge was of other code or window, or its reports are no longer in the cache.
    private func parentMerge(extractKey: String) -> ParentMerge? {
        guard reusesEarlierWork, let parentKey, let basis = cache.mergeBasis(key: parentKey),
            basis.code == CodeFingerprint.current, basis.windowDays == options.dealWindowDays,
            let before = try? extractCache.months(key: basis.extractKey),
            let after = try? extractCache.months(key: extractKey)
        else { return nil }
        return ParentMerge(basis: basis, before: before, after: after)
    }

    /// The parent's merge, and the extract months (with their keys) it and tonight's are of.
    private struct ParentMerge {
        var basis: MergeBasis
        var before: [(month: String, key: String)]
        var after: [(month: String, key: String)]
    }

    /// How tonight's merge continues the parent's (``parentMerge(extractKey:)``); nil when a
    /// month's reports cannot be read to compare.
    ///
    /// Months stored under the same key hold the same reports and are not read; a month that
    /// changed is compared article by article with the parent's same month.
    private func continuation(of parentMerge: ParentMerge) -> Continuation? {
        let (basis, before, after) = (parentMerge.basis, parentMerge.before, parentMerge.after)
        let beforeByMonth = Dictionary(before.map { ($0.month, $0.key) }, uniquingKeysWith: { first, _ in first })
        let afterByMonth = Dictionary(after.map { ($0.month, $0.key) }, uniquingKeysWith: { first, _ in first })
        let changed = Set(before.map(\.month)).union(after.map(\.month)).filter {
            beforeByMonth[$0] != afterByMonth[$0]
        }.sorted()
        let cache = extractCache
        // A month not in one of the outputs has no reports there.
        @Sendable func reports(_ key: String?) -> [Deal]? { key.map { try? cache.monthDeals(key: $0) } ?? [] }
        let compared = parallelMap(changed, jobs: jobs) { month -> Set<String>? in
            // Compared as lines where the months allow, else decoded.
            let (old, new) = (beforeByMonth[month], afterByMonth[month])
            if let touched = try? cache.partySets(changedFrom: old, to: new) { return touched }
            guard let old = reports(old), let new = reports(new) else { return nil }
            return DealMerger.partySets(changedFrom: old, to: new)
        }
        var continuation = Continuation(basis: basis, touched: [], months: after)
        for touched in compared {
            guard let touched else { return nil }
            continuation.touched.formUnion(touched)
        }
        return continuation
    }

    /// How many months and articles were signed, before grouping and by grouping itself (a
    /// stored month found damaged), and the first month grouping could not read.
    final class MonthSigning: Sendable {
        let months = Atomic<Int>(0)
        let articles = Atomic<Int>(0)
        private let failure = Mutex<(any Error)?>(nil)

        func add(months: Int, articles: Int) {
            self.months.add(months, ordering: .relaxed)
            self.articles.add(articles, ordering: .relaxed)
        }

        func failed(_ error: any Error) {
            failure.withLock { $0 = $0 ?? error }
        }

        /// Whether a month could not be read: what grouping makes then is thrown away, so the
        /// months are not read again.
        var hasFailed: Bool { failure.withLock { $0 != nil } }

        /// Throws the first failure to read or sign a month: grouping went on without it.
        func check() throws {
            if let error = failure.withLock({ $0 }) { throw error }
        }
    }

    /// The fingerprints of the landscape's articles, a month a block, read from the cache each
    /// time grouping reads the month: a million articles' signatures are half a gigabyte, and
    /// grouping holds only those of articles that share a bucket. The months whose articles
    /// are not the ones stored are signed on all cores and stored first; a stored month whose
    /// bytes cannot be read as its fingerprints is signed again and stored anew when read.
    /// Returns the blocks, the keys of their months, and what was signed.
    private func fingerprintMonths(_ landscape: ArticleLandscape) throws -> (
        FingerprintBlocks, [String], MonthSigning
    ) {
        let context = FingerprintCache.context(options: options)
        let months = landscape.months
        let keys = months.map { $0.key(context) }
        let store = fingerprintCache
        let signing = MonthSigning()
        let unsigned = months.indices.filter { !reusesEarlierWork || !store.has(key: keys[$0]) }
        let signed = try signMonths(months, keys: keys, unsigned, context: context)
        signing.add(months: unsigned.count, articles: signed)
        let (hasher, options, stamps) = (ArticleDeduper.hasher(options), options, stamps)
        // A month as stored is handed over in parts as its file is read; one whose file stops
        // reading as its fingerprints is signed again from its articles and stored anew, and
        // the rest of it handed over from what was signed.
        @Sendable func read(_ position: Int, _ body: (_ offset: Int, _ part: FingerprintBlocks.Block) -> Void) throws {
            let month = months[position]
            let handed = store.month(
                key: keys[position], stamps: stamps, hasher: hasher, count: month.count,
                rowsPerPart: FingerprintCache.rowsPerPart
            ) { first, part in
                body(first, .init(signatures: part.signatures, exactKeys: part.exactKeys, rows: 0..<part.count))
            }
            guard handed < month.count else { return }
            let made = ArticleDeduper.fingerprints(try month.articles(), options: options, jobs: 1)
            try store.replace(key: keys[position], made)
            signing.add(months: 1, articles: made.count)
            body(handed, .init(signatures: made.signatures, exactKeys: made.exactKeys, rows: handed..<made.count))
        }
        let failed = FingerprintBlocks.Block(
            signatures: SignatureTable(width: hasher.permutations), exactKeys: ExactKeys(), rows: 0..<0)
        let blocks = FingerprintBlocks(counts: months.map(\.count), width: hasher.permutations) { position, body in
            guard !signing.hasFailed else { return body(0, failed) }
            do {
                try read(position, body)
            } catch {
                signing.failed(error)
                body(0, failed)
            }
        }
        return (blocks, keys, signing)
    }

    /// Signs and stores the months at `positions`, a month to a worker: one month's articles
    /// are too few to keep every core busy, and reading and storing them is as much work as
    /// signing. Fewer months than cores (a night's, that added to this month) share the cores.
    /// A month stored already (one signed again on request) is stored anew.
    ///
    /// A month tonight wrote from the parent's takes the parent's fingerprints of the articles
    /// whose text it kept (``LandscapeMonth/earlier``), when they are stored: a night that adds
    /// a thousand articles to a month of thirty thousand signs the thousand.
    ///
    /// Each worker holds the articles of the month it signs, no more. The largest months go
    /// first, so that the cores finish together: the last month signed, which one core signs
    /// while the others have nothing left, is then the smallest.
    ///
    /// - Returns: how many articles were signed.
    private func signMonths(_ months: [LandscapeMonth], keys: [String], _ positions: [Int], context: String) throws
        -> Int
    {
        let (options, store, stamps, reuses) = (options, fingerprintCache, stamps, reusesEarlierWork)
        let coresPerMonth = max(1, jobs / max(1, positions.count))
        let results = parallelMap(positions, jobs: jobs, largestFirst: { months[$0].count }) { position in
            Result { () throws -> Int in
                let month = months[position]
                if reuses, let earlierKey = month.earlierKey(context),
                    let signed = try Self.storeMerged(
                        month, key: keys[position], earlierKey: earlierKey, store: store, stamps: stamps,
                        options: options, jobs: coresPerMonth)
                {
                    return signed
                }
                let made = ArticleDeduper.fingerprints(try month.articles(), options: options, jobs: coresPerMonth)
                if store.has(key: keys[position]) {
                    try store.replace(key: keys[position], made)
                } else {
                    try store.store(key: keys[position], made)
                }
                return month.count
            }
        }
        // The first month in the landscape's order that failed is the one named.
        return try results.reduce(0) { try $0 + $1.get() }
    }

    /// Stores the fingerprints of `month`, written from the parent's, as the parent's stored
    /// under `earlierKey` are read: the articles that sign alike there take the parent's, the
    /// others are signed (``ArticleFingerprints/write(merging:fresh:earlier:to:)``).
    ///
    /// - Returns: how many articles were signed, or nil, with nothing stored, when the month
    ///   does not say where its articles came from or the parent's are not stored as listed.
    private static func storeMerged(
        _ month: LandscapeMonth, key: String, earlierKey: String, store: FingerprintCache, stamps: FileStamps,
        options: DedupeOptions, jobs: Int
    ) throws -> Int? {
        guard let earlier = month.earlier, earlier.rows.count == month.count else { return nil }
        let rows = ArticleFingerprints.mergeRows(earlier.rows, earlierCount: earlier.count)
        let fresh = rows.indices.filter { rows[$0] < 0 }
        let signed = ArticleDeduper.fingerprints(
            fresh.isEmpty ? [] : try month.articles(rows: fresh), options: options, jobs: jobs)
        let isStored = try store.store(
            key: key, merging: rows, fresh: signed, earlier: (earlierKey, earlier.count), stamps: stamps)
        return isStored ? fresh.count : nil
    }

    func load(_ input: Input, key: String?) throws -> StepOutput<Deduped> {
        let deals: DealRecords
        let landscape: ArticleLandscape
        if key != nil && key == parentKey {
            // The parent's own dedupe output is the story groups the parent published and its
            // deals (only their flags may differ, and aggregate sets those again): nothing of it
            // is read here, and the deals only if a later step needs them.
            landscape = input.landscape.groupedAsParent()
            deals = parentDeals
        } else {
            let whole = try input.landscape.withWholeIndexes(jobs: jobs)
            let ids = ArticleIDs(concatenating: whole.months.map(\.ids))
            let loaded = try cache.load(
                key: key ?? "", ids: ids, parentDeals: (parentDeals, parentDealsDigest), jobs: jobs)
            (landscape, deals) = (whole.grouped(loaded.groups), DealRecords(loaded.deals))
        }
        return StepOutput(
            value: Deduped(
                landscape: try landscape.settled().settledInFiles(jobs: jobs), mentions: input.extracted.value.mentions,
                deals: deals),
            outputs: deals.count)
    }

    /// `--only aggregate` or publish: the base snapshot's articles (story groups and all) and deals.
    func published(_ input: Input, by snapshot: PublishedSnapshot) throws -> StepOutput<Deduped> {
        StepOutput(
            value: Deduped(
                landscape: input.landscape, mentions: input.extracted.value.mentions, deals: parentDeals),
            outputs: parentDeals.count)
    }
}

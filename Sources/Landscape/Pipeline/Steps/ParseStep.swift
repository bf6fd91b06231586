/// Parse: the fetched bodies as articles, reusing the articles of every body parsed before.
struct ParseStep: StageStep {
    static let stage = Stage.parse
    static let unit = "feeds"
    let cache: ParseCache
    let seenAt: Timestamp
    let jobs: Int
    /// The latest parse, when the run may reuse it.
    let earlier: () -> EarlierParses
    /// How WARC sources are read.
    let backfill: BackfillOptions
    /// The relevance filter pages from WARC sources pass, and what it depends on, for the key.
    let archivePages: ArchivePages?

    /// What archive pages must pass, when the pipeline reads archives.
    struct ArchivePages {
        let filter: @Sendable (_ text: [UInt8]) -> Bool
        /// The gazetteer's digest: the filter's answers change with it.
        let gazetteerDigest: String
    }

    /// Whether the articles are written to the cache as each batch of feeds is parsed, not
    /// held (``Parsed/spool``): a build's, every one new (1.9 GB at a million articles).
    var spools = false

    /// On a rerun from extract or later (`--from`) on the snapshot made from the latest parse
    /// and pages outputs: how many articles that parse put out. The snapshot's landscape holds
    /// them merged in already, and merging them again would change nothing, so they are not
    /// read: a build's million were 1.9 GB (``PipelineRun/parentsLatest``).
    var parentsArticles: Int? = nil

    /// What parse produced: the articles, and how each feed fared.
    struct Parsed {
        var articles: [Article]
        var outcomes: [FeedOutcome]
        /// Where the articles are when they were written as parsed, not held.
        var spool: ArticleSpool? = nil
    }

    var runsWhenCached: Bool { true }

    func count(_ fetched: Keyed<FetchStep.Fetched>) -> Int { fetched.value.results.count }

    func key(_ fetched: Keyed<FetchStep.Fetched>) -> String? {
        // Archive pages pass the relevance filter, which the gazetteer and options steer.
        guard let archivePages, fetched.value.results.contains(where: { $0.source.archivePath != nil }) else {
            return StageKey.make(.parse, inputs: [fetched.key])
        }
        return StageKey.make(
            .parse, options: backfill, files: [archivePages.gazetteerDigest], inputs: [fetched.key])
    }

    func run(_ fetched: Keyed<FetchStep.Fetched>, key: String?, isCached: Bool) throws -> StepOutput<Parsed> {
        let results = fetched.value.results
        // Only the articles of the bodies parsed before are read.
        var problems: [String] = []
        let earlierParses = earlier()
        let earlier: [String: EarlierParse]
        do {
            earlier = try earlierParses.parses(of: earlierParses.reusable(in: results))
        } catch {
            problems.append("parse cache unreadable, parsing every feed afresh: \(error)")
            earlier = [:]
        }
        if spools, let key {
            return try spooling(results, earlier: earlier, key: key, isCached: isCached, problems: problems)
        }
        let bodies = cache.cache
        let feeds = ParseStage.run(
            results.filter { $0.source.archivePath == nil }, jobs: jobs, seenAt: seenAt, earlier: earlier,
            storedBody: { bodies.body($0) })
        let archives = readArchives(results.filter { $0.source.archivePath != nil }, earlier: earlier)
        // Outcomes in source order; articles by source, feeds first then archives.
        var outcomeOf: [String: FeedOutcome] = [:]
        for outcome in feeds.outcomes + archives.outcomes { outcomeOf[outcome.sourceID] = outcome }
        let outcomes = results.compactMap { outcomeOf[$0.source.id] }
        // Joined only when there are both: joining copies every article.
        let articles = archives.articles.isEmpty ? feeds.articles : feeds.articles + archives.articles
        let isUnchanged = Self.isUnchanged(outcomes, isCached: isCached)
        if !isUnchanged, let key { try cache.store(key: key, outcomes: outcomes, articles: articles, jobs: jobs) }
        let counts = Self.counts(outcomes, archives: archives.counts)
        return StepOutput(
            value: Parsed(articles: articles, outcomes: outcomes), outputs: articles.count, counts: counts,
            warnings: problems + archives.warnings, isUnchanged: isUnchanged)
    }

    /// Parses the feeds a batch at a time and writes each batch's articles to the cache entry
    /// as it goes (``ArticleSpool``), feeds then archives as ``run(_:key:isCached:)`` orders them.
    private func spooling(
        _ results: [FetchResult], earlier: [String: EarlierParse], key: String, isCached: Bool, problems: [String]
    ) throws -> StepOutput<Parsed> {
        let bodies = cache.cache
        let (jobs, seenAt) = (jobs, seenAt)
        let feeds = results.filter { $0.source.archivePath == nil }
        var outcomeOf: [String: FeedOutcome] = [:]
        var spool = ArticleSpool.Writer(
            skipping: Set(results.filter { $0.source.archivePath != nil }.map(\.source.id)))
        var archiveCounts: [String: Int] = [:]
        var warnings = problems
        let stored = try cache.cache.staged(.parse, name: ParseCache.articlesFile, rows: { spool.count }) {
            write throws(FileSystemError) in
            // The next batch is parsed while this one is written: the spool's count of ids and
            // pages, and its writes, take one core.
            let batches = ArticleSpool.batches(feeds)
            let parsing = MadeAhead(count: batches.count, cores: jobs) { index in
                ParseStage.run(
                    Array(feeds[batches[index]]), jobs: jobs, seenAt: seenAt, earlier: earlier,
                    storedBody: { bodies.body($0) })
            }
            defer { parsing.finish() }
            while let parsed = parsing.next() {
                for outcome in parsed.outcomes { outcomeOf[outcome.sourceID] = outcome }
                try spool.add(parsed.articles, jobs: jobs, write)
            }
            let archives = readArchives(results.filter { $0.source.archivePath != nil }, earlier: earlier)
            for outcome in archives.outcomes { outcomeOf[outcome.sourceID] = outcome }
            try spool.add(archives.articles, jobs: jobs, write)
            archiveCounts = archives.counts
            warnings += archives.warnings
        }
        let outcomes = results.compactMap { outcomeOf[$0.source.id] }
        // Stored now: what comes next reads the articles from the entry. An entry stored
        // under the key already holds these very lines, and keeps them.
        try cache.store(key: key, outcomes: outcomes, articles: stored, places: spool.places, now: true)
        stored.discardStaged()
        let isUnchanged = Self.isUnchanged(outcomes, isCached: isCached)
        let counts = Self.counts(outcomes, archives: archiveCounts)
        let articles = ArticleSpool(
            path: cache.articlesPath(key: key), count: spool.count, newPages: spool.newPages(),
            repeated: spool.repeated)
        return StepOutput(
            value: Parsed(articles: [], outcomes: outcomes, spool: articles), outputs: spool.count, counts: counts,
            warnings: warnings, isUnchanged: isUnchanged)
    }

    /// The stage did no work of its own: every body was parsed before and its articles are
    /// stored under this key.
    private static func isUnchanged(_ outcomes: [FeedOutcome], isCached: Bool) -> Bool {
        isCached && outcomes.allSatisfy { $0.isReused || $0.bodySHA256 == nil }
    }

    /// What the manifest counts of a parse: feeds read in recovery mode, feeds reused, and
    /// what reading archives met.
    private static func counts(_ outcomes: [FeedOutcome], archives: [String: Int]) -> [String: Int] {
        var counts = [
            "bozo_feeds": outcomes.filter(\.isBozo).count,
            "reused_feeds": outcomes.filter(\.isReused).count,
        ]
        for (name, count) in archives { counts["warc_" + name] = count }
        return counts
    }

    /// Streams each WARC file through the archive reader, one file at a time (pages are read on
    /// every thread); a file read before and unchanged since gives its earlier articles.
    private func readArchives(
        _ results: [FetchResult], earlier: [String: EarlierParse]
    ) -> (outcomes: [FeedOutcome], articles: [Article], counts: [String: Int], warnings: [String]) {
        var outcomes: [FeedOutcome] = []
        var articles: [Article] = []
        var counts: [String: Int] = [:]
        var problems: [String] = []
        let filter = backfill.prefilter ? archivePages?.filter : nil
        let seenAt = seenAt
        // Files read before and unchanged since give their earlier articles; the rest are read.
        let reused = results.map { ParseStage.reusable($0, earlier: earlier) }
        let toRead = results.indices.filter { results[$0].status != .failed && reused[$0] == nil }
        // Reading a file (inflating, splitting records) is one thread's work: with several
        // files, each thread takes whole files; a single file spreads its pages over the threads.
        let options = ArchiveArticles.Options(
            maxRecordBytes: backfill.maxRecordBytes, jobs: toRead.count >= 2 ? 1 : jobs)
        let reads = parallelMap(toRead, jobs: toRead.count >= 2 ? jobs : 1) {
            index -> Result<ArchiveRead, ArchiveError> in
            let source = results[index].source
            do throws(ArchiveError) {
                return .success(
                    try ArchiveArticles.read(
                        path: source.archivePath ?? "", sourceID: source.id, seenAt: seenAt, options: options,
                        isRelevant: filter ?? { _ in true }))
            } catch {
                return .failure(error)
            }
        }
        let readOf = Dictionary(uniqueKeysWithValues: zip(toRead, reads))
        for (index, result) in results.enumerated() {
            let id = result.source.id
            if let earlier = reused[index] {
                outcomes.append(earlier.outcome)
                articles += earlier.articles
                continue
            }
            switch readOf[index] {
            case nil:
                outcomes.append(FeedOutcome(sourceID: id, bodySHA256: nil))  // fetch found no file
            case .success(let read):
                outcomes.append(FeedOutcome(sourceID: id, bodySHA256: result.bodySHA256, items: read.articles.count))
                articles += read.articles
                for (name, count) in read.counts { counts[name, default: 0] += count }
                problems += read.problems
            case .failure(let error):
                outcomes.append(
                    FeedOutcome(
                        sourceID: id, bodySHA256: result.bodySHA256,
                        error: ParseError(code: .unreadableArchive, origin: result.source.url, detail: error.message)))
                problems.append("\(error)")
            }
        }
        // A damaged archive can have thousands of bad records: the first ones name the pattern.
        var warnings = problems.prefix(20).map { "warc: \($0)" }
        if problems.count > 20 { warnings.append("warc: \(problems.count - 20) more damaged or skipped records") }
        return (outcomes, articles, counts, warnings)
    }

    func load(_ fetched: Keyed<FetchStep.Fetched>, key: String?) throws -> StepOutput<Parsed> {
        if let parentsArticles {
            let outcomes = try cache.outcomes(key: key ?? "")
            return StepOutput(
                value: Parsed(articles: [], outcomes: outcomes), outputs: parentsArticles)
        }
        let loaded = try cache.load(key: key ?? "")
        return StepOutput(
            value: Parsed(articles: loaded.articles, outcomes: loaded.outcomes), outputs: loaded.articles.count)
    }

    /// `--only`: the base snapshot's articles are the input; parse output is not needed.
    func published(_ fetched: Keyed<FetchStep.Fetched>, by snapshot: PublishedSnapshot) throws -> StepOutput<Parsed> {
        StepOutput(value: Parsed(articles: [], outcomes: []), outputs: 0)
    }
}

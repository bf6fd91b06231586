import FoundationEssentials
import Logging

/// Runs the stages in order and publishes a snapshot: what `landscape run` does.
public enum Pipeline {
    /// Runs a pipeline.
    ///
    /// - Parameters:
    ///   - options: the flags of `landscape run`.
    ///   - logger: where progress and per-source problems are logged.
    ///   - beforePublish: called when every snapshot file is durable but not yet visible;
    ///     tests use it to interrupt a run at the last moment.
    /// - Returns: what was published, for the command's summary.
    /// - Throws: ``ConfigError`` for a bad pipeline or gazetteer (nothing ran), ``RunLockedError``
    ///   when another run holds the output directory, ``RunError`` or ``FileSystemError`` when the
    ///   run could not publish (nothing visible changed).
    public static func run(
        _ options: RunOptions, logger: Logger, beforePublish: () throws -> Void = {}
    ) throws -> RunSummary {
        let plan = try RunPlan(from: options.from, only: options.only, snapshot: options.snapshot)
        var config = try PipelineConfig.load(path: options.pipelinePath)
        if !options.sourceOverrides.isEmpty { config.sources = try overrideSources(options.sourceOverrides) }
        if options.merge != nil { config.sources = [] }
        guard !config.sources.isEmpty || options.merge != nil else {
            throw ConfigError(file: options.pipelinePath, message: "no sources to read")
        }
        var output = FilePaths.absolute(options.outputDirectory)
        let allSourceIDs = config.sources.map(\.id)
        var shardSources: [String: String] = [:]
        if let shard = options.shard {
            let part = shard.assigned(config.sources)
            output = shard.folder(in: output)
            shardSources = Dictionary(
                part.map { ($0.id, sourceIdentity($0)) }, uniquingKeysWith: { first, _ in first })
            let marker = ShardMarker(
                shard: shard.index, of: shard.count, pipelineSHA256: config.sha256, allSources: allSourceIDs,
                sources: shardSources, snapshot: nil)
            if let done = ShardMarker.read(in: output) {
                var same = done
                same.snapshot = nil
                if same == marker {
                    logger.notice(
                        "shard \(shard.index)/\(shard.count) is complete already (\(output)); nothing to do")
                    return RunSummary(
                        snapshotID: done.snapshot ?? "", snapshotPath: output, feeds: part.count, failedFeeds: [],
                        failingSources: [], articles: 0, newArticles: 0, deals: 0, filesShared: 0, isPublished: false)
                }
                // Made from other inputs: this part is not complete until it runs again.
                unlink(FilePaths.join(output, ShardMarker.fileName))
            }
            logger.info(
                "shard \(shard.index)/\(shard.count): \(part.count) of \(allSourceIDs.count) sources, in \(output)")
            if part.isEmpty {
                try DurableFile.makeDirectories(output)
                try marker.write(in: output)
                return RunSummary(
                    snapshotID: "", snapshotPath: output, feeds: 0, failedFeeds: [], failingSources: [], articles: 0,
                    newArticles: 0, deals: 0, filesShared: 0, isPublished: false)
            }
            config.sources = part
        }
        let gazetteer = try Gazetteer.load(
            organizationsPath: config.extract.gazetteerPath, placesPath: config.extract.placesPath)
        let jobs = options.jobs > 0 ? options.jobs : availableCores
        let extractor = ExtractStep.extractor(gazetteer: gazetteer, options: config.extract)
        // Nothing under the output directory is touched before the lock is held.
        let lock = try RunLock(outputDirectory: output, now: options.now)
        defer { withExtendedLifetime(lock) {} }
        if let stale = lock.staleHolder {
            logger.warning("took over the run lock \(lock.path) from a run that ended without releasing it: \(stale)")
        }
        // One tally of rows read and written for the cache, the writer and the parent.
        let tally = RowTally()
        let writer = SnapshotWriter(outputDirectory: output, tally: tally)
        // With a core to spare, stage outputs are stored while the next stage runs.
        let cache = StageCache(
            outputDirectory: output, pipeline: config.name, tally: tally, jobs: jobs, storesBehind: jobs >= 2)
        // Whatever way the run ends, nothing is still being written once the lock is let go.
        defer { try? cache.finishStores() }
        try DurableFile.makeDirectory(writer.snapshotsDirectory)
        // An unreadable snapshots folder must stop the run, not read as a landscape without a past.
        do {
            _ = try FileManager.default.contentsOfDirectory(atPath: writer.snapshotsDirectory)
        } catch {
            throw RunError("cannot read \(writer.snapshotsDirectory): \(error)")
        }
        try cache.prepare()
        writer.removeAbandonedStaging()
        // The parent is always this pipeline's: another pipeline's articles and deals never
        // enter this landscape, even in a shared output directory.
        var found: PublishedSnapshot?
        if let base = plan.base {
            found = try SnapshotCatalog(outputDirectory: output).snapshot(base, pipeline: config.name)
            if let found, found.manifest.pipelineName != config.name {
                throw RunError(
                    "snapshot \(found.id) was published by pipeline \(found.manifest.pipelineName), not \(config.name)"
                )
            }
        } else {
            found = try writer.latestID(pipeline: config.name).map { id throws(RunError) in
                try PublishedSnapshot(path: FilePaths.join(writer.snapshotsDirectory, id))
            }
        }
        found?.tally = tally
        found?.jobs = jobs
        let parent = found
        var run = PipelineRun(
            options: options, config: config, plan: plan, cache: cache, parent: parent, jobs: jobs, logger: logger)
        logger.info(
            "run \(config.name): \(config.sources.count) sources, \(describe(plan, options: options)), \(jobs) jobs")

        // Reading last night's parse and snapshot is CPU work; fetch mostly waits on the
        // network. Overlap them. A run sure to extract (a first one, or one told to redo
        // extract) makes extract's phrase tables then too: a night that may find its extract
        // cached makes them only if it does extract, not to hold them (some 4 MB) for nothing.
        if parent == nil || plan[.extract] == .run { extractor.prefetch(cores: jobs) }
        let parseCache = ParseCache(cache: cache)
        let earlierParse = BackgroundWork {
            plan[.parse] == .runUnlessCached ? try parseCache.earlier() : EarlierParses()
        }
        let articleIndexes = ArticleIndexCache(cache: cache)
        let stamps = FileStamps(cacheDirectory: cache.directory)
        // Tonight's months, written out once the landscape is made: the snapshot links them, so
        // they go when the night ends, and a night that stopped before leaves nothing the next
        // one reads.
        let spillFolder = FilePaths.join(cache.directory, "tonight-months")
        try? FileManager.default.removeItem(atPath: spillFolder)
        defer { try? FileManager.default.removeItem(atPath: spillFolder) }
        let parentArticles = BackgroundWork { try ParentArticles(parent, indexes: articleIndexes, jobs: jobs) }
        let parentDeals = DealRecords.parent(
            parent,
            flaggedUnder: parent.flatMap {
                DealRecords.areFlagged($0, under: config.policy) ? config.policy.digest : nil
            })
        let state = try StateDatabase(
            outputDirectory: output, pipeline: config.name,
            legacyOwner: {
                writer.latestID().flatMap {
                    // Only a guess of whose the old database was: unreadable means the running pipeline's.
                    try? PublishedSnapshot(path: FilePaths.join(writer.snapshotsDirectory, $0)).manifest.pipelineName
                }
            })
        if let aside = state.movedAside {
            logger.error(
                "state database \(state.path) was damaged (\(aside.problem)); moved to \(aside.path) and started afresh: tonight every feed is fetched in full",
                metadata: ["error": "\(aside.problem)"])
        }

        // The plan: one line per stage.
        let fetched = try run.perform(
            FetchStep(
                runner: FetchRunner(cache: cache, state: state, logger: logger, jobs: jobs), options: config.fetch,
                isOffline: options.isOffline, now: options.now),
            config.sources)
        if plan[.fetch] != .snapshot, options.merge == nil {
            try checkEnoughSources(fetched.value.results, options: config.fetch)
        }
        let readsArchives = config.sources.contains { $0.archivePath != nil }
        let relevance = readsArchives ? RelevanceFilter(gazetteer: gazetteer) : nil
        // Decided once, before parse: a rerun on the parent's articles reads neither parse's
        // articles nor the pages' texts.
        let parentsLatest = run.parentsLatest
        var parsed = try run.perform(
            ParseStep(
                cache: parseCache, seenAt: options.now, jobs: jobs,
                earlier: {
                    do {
                        return try earlierParse.take()
                    } catch {
                        logger.warning("parse cache unreadable, parsing every feed afresh: \(error)")
                        return EarlierParses()
                    }
                }, backfill: config.backfill,
                archivePages: relevance.map { filter in
                    ParseStep.ArchivePages(
                        filter: { filter.isRelevant($0) }, gazetteerDigest: gazetteer.contentDigest)
                },
                // A build's articles, all new, are written as parsed, not held.
                spools: parent == nil && options.merge == nil, parentsArticles: parentsLatest?.articles),
            fetched)
        if plan[.parse] != .snapshot {
            logParseProblems(parsed.value.outcomes, fetched: fetched.value.results, logger: logger)
        }
        // What the manifest says of each source is known now. (Fetch let go of every body once
        // it was stored: parse read each back as it parsed it.)
        let tonightsSources =
            plan[.fetch] == .snapshot
            ? nil : SourceRecord.tonight(fetched: fetched.value.results, outcomes: parsed.value.outcomes)
        let extracted: Keyed<ExtractStep.Extracted>
        let deduped: Keyed<DedupeStep.Deduped>
        // The parent's months and the landscape before dedupe are held in this block only: after
        // it the night holds the landscape dedupe settled (``ArticleLandscape/settled()``), not
        // the indexes of the months left as the parent published them (a third of a gigabyte
        // at a million articles).
        do {
            // Where tonight's articles are in the parent's months (``ArticlesFound``) goes once
            // the landscape is made: extract and dedupe hold the months without it.
            var landscape = try run.nightsLandscape(
                previousArticles: try parentArticles.take(), parsed: parsed, parentsLatest: parentsLatest, state: state,
                monthsWritten: MonthsWritten(folder: spillFolder, stamps: stamps, tally: cache.tally))
            // Tonight's articles are in the landscape now: what it shares of them stays, what it
            // does not is not held to the end of the night.
            // A build's spool goes too: its pages to read, a million articles' ids and addresses.
            (parsed.value.articles, parsed.value.spool) = ([], nil)
            // The months tonight changed are written out and let go (``LandscapeMonth/spilled(into:stamps:tally:)``)
            // if the landscape was made in memory (a build, or a parent whose months a night cannot
            // follow in order); their rows count as written in extract's record, the stage that
            // first reads them. Extract and dedupe decode the articles again, a month at a time,
            // and do not hold them all from parse to publish.
            if landscape.months.contains(where: \.isResident) {
                try DurableFile.makeDirectories(spillFolder)
                landscape = try landscape.spilled(into: spillFolder, stamps: stamps, tally: cache.tally, jobs: jobs)
            }
            extracted = try run.perform(
                ExtractStep(
                    cache: ExtractCache(cache: cache), options: config.extract, gazetteer: gazetteer,
                    reusesEarlier: plan[.extract] == .runUnlessCached, stamps: stamps, jobs: jobs,
                    extractor: extractor), landscape)
            // The extractor's phrase tables (2.7 MB) were held to the end of the night.
            extractor.letGo()
            // Dedupe reads the index of a month tonight wrote a few times, and holds it no more.
            landscape = try landscape.restingInFiles(jobs: jobs)
            deduped = try run.perform(
                DedupeStep(
                    cache: DedupeCache(cache: cache), fingerprintCache: FingerprintCache(cache: cache),
                    extractCache: ExtractCache(cache: cache), options: config.dedupe, parentDeals: parentDeals,
                    parentDealsDigest: parent?.digest(of: .deals) ?? "none",
                    parentKey: plan[.dedupe] == .runUnlessCached ? parent?.cacheKey(of: .dedupe) : nil,
                    reusesEarlierWork: plan[.dedupe] == .runUnlessCached, stamps: stamps, jobs: jobs),
                DedupeStep.Input(landscape: landscape, extracted: extracted))
        }
        let aggregated = try run.perform(
            AggregateStep(
                cache: cache, policy: config.policy,
                parentEdges: .trusted(
                    in: parent, memo: PublishMemo(cacheDirectory: cache.directory), policy: config.policy),
                jobs: jobs), deduped)
        let id = writer.makeID(at: options.now)
        let staged = try run.perform(
            PublishStep(
                writer: writer, id: id, parent: parent, compression: config.output.compress,
                memo: PublishMemo(cacheDirectory: cache.directory), indexes: articleIndexes, stamps: stamps,
                jobs: jobs),
            SnapshotContents(
                landscape: deduped.value.landscape, mentions: deduped.value.mentions, deals: aggregated.value.deals,
                aggregates: aggregated.value.rows, network: aggregated.value.network,
                patchReading: aggregated.value.patchReading, previousDeals: parentDeals,
                dealsAreParents: parent != nil && deduped.key == parent?.cacheKey(of: .dedupe)
                    && aggregated.key == parent?.cacheKey(of: .aggregate),
                reportParts: ReportPartsCache(cache: cache, pipeline: config.name), jobs: jobs,
                snapshotID: id, created: options.now,
                parentID: parent?.id, ratesDate: config.extract.ratesDate, aggregateKey: aggregated.key,
                parentDealsDigest: parent?.files(of: .deals).first?.sha256,
                parentAggregateKey: parent?.cacheKey(of: .aggregate))
        ).value
        // Tonight's parsed articles and where they were found in the parent's months are not
        // kept: they are let go once the landscape is made, not held through dedupe's peak.
        defer {
            if options.endsProcess {
                ProcessLifetime.keep((parentDeals, extracted, deduped, aggregated, staged))
            }
        }

        let changes = run.records.last?.counts["changes"] ?? 0
        let isUnchanged = parent != nil && plan.base == nil && deduped.value.landscape.newCount == 0 && changes == 0
        if isUnchanged, let parent {
            logger.notice("nothing new tonight: no new article and no deal changed since \(parent.id)")
            if !config.output.publishUnchanged {
                logger.notice("output.publish_unchanged is false: nothing published, latest stays \(parent.id)")
                var summary = RunSummary(
                    snapshotID: parent.id, snapshotPath: parent.path, feeds: config.sources.count,
                    failedFeeds: fetched.value.results.filter { $0.status == .failed }.map(\.source.id),
                    failingSources: fetched.value.failing, articles: deduped.value.landscape.count, newArticles: 0,
                    deals: deduped.value.deals.count, filesShared: 0)
                summary.isUnchanged = true
                summary.isPublished = false
                staged.discard()
                try cache.finishStores()
                return summary
            }
        }

        // The durable writes and renames that follow publish's record are logged.
        let publishStarted = ContinuousClock.now
        let sources =
            options.merge?.sources
            ?? tonightsSources ?? parent?.manifest.sources ?? []
        let manifest = Manifest(
            id: id, parent: parent?.id, created: options.now, pipelineName: config.name, pipelinePath: config.path,
            pipelineSHA256: config.sha256, stages: run.records, sources: sources,
            failingSources: fetched.value.failing, files: [])
        // A stage output that could not be stored fails the night before anything is visible.
        do {
            try cache.finishStores()
        } catch {
            staged.discard()
            throw error
        }
        let path = try writer.publish(staged, manifest: manifest, beforeRename: beforePublish)
        let linked = staged.linked
        logger.info(
            "published snapshot \(id): \(staged.files.count) files (\(linked) shared with the parent), manifest written and renamed in \(format3(seconds(since: publishStarted))) s"
        )
        run.trimStageCache(writer: writer)
        if let shard = options.shard {
            try ShardMarker(
                shard: shard.index, of: shard.count, pipelineSHA256: config.sha256, allSources: allSourceIDs,
                sources: shardSources, snapshot: id
            ).write(in: output)
            logger.info("shard \(shard.index)/\(shard.count) complete: \(output)")
        }

        var summary = RunSummary(
            snapshotID: id, snapshotPath: path, feeds: sources.count,
            failedFeeds: sources.filter { $0.status == .failed }.map(\.id), failingSources: fetched.value.failing,
            articles: deduped.value.landscape.count, newArticles: deduped.value.landscape.newCount,
            deals: deduped.value.deals.count,
            filesShared: linked)
        summary.isUnchanged = isUnchanged
        return summary
    }

    /// Stops the night before anything is published when fewer sources answered than the
    /// pipeline needs: an outage must not move `latest` to an empty or unchanged landscape.
    private static func checkEnoughSources(_ results: [FetchResult], options: FetchOptions) throws(SourceOutageError) {
        let failed = results.filter { $0.status == .failed }
        let required = options.minSourcesOK.required(of: results.count)
        let answered = results.count - failed.count
        guard answered < required else { return }
        throw SourceOutageError(
            answered: answered, total: results.count, required: required,
            failures: failed.map { ($0.source.id, $0.error.map { "\($0)" } ?? "failed") })
    }

    /// What a source stood for when a shard read it: a WARC file's path, size and time; a
    /// feed's address.
    private static func sourceIdentity(_ source: FeedSource) -> String {
        guard let path = source.archivePath else { return source.url }
        return FetchRunner.archiveResult(source, path: path).bodySHA256 ?? "missing \(path)"
    }

    /// The plan in words, for the log.
    private static func describe(_ plan: RunPlan, options: RunOptions) -> String {
        if let base = plan.base {
            return "rerunning \(options.only.map(\.rawValue).joined(separator: ",")) on snapshot \(base)"
        }
        return options.from == .fetch ? "every stage not cached" : "from \(options.from.rawValue)"
    }

    /// `--source` values as sources, with ids made unique.
    static func overrideSources(_ written: [String]) throws(ConfigError) -> [FeedSource] {
        let folder = FileManager.default.currentDirectoryPath
        var used = Set<String>()
        return try written.map { text throws(ConfigError) in
            let url = FeedURL.resolve(text, relativeTo: folder)
            if let scheme = FeedURL.unsupportedScheme(url) {
                throw ConfigError(
                    file: "--source",
                    message: "`\(text)`: scheme `\(scheme)` is not supported (http, https, file or a path)")
            }
            let base = FeedURL.defaultID(for: url)
            var id = base
            var suffix = 2
            while !used.insert(id).inserted {
                id = "\(base)-\(suffix)"
                suffix += 1
            }
            return FeedSource(id: id, url: url)
        }
    }

    private static func logParseProblems(_ outcomes: [FeedOutcome], fetched: [FetchResult], logger: Logger) {
        for (outcome, result) in zip(outcomes, fetched) {
            if let error = outcome.error {
                logger.error(
                    "\(error)", metadata: ["stage": "parse", "source": "\(result.source.id)", "error": "\(error)"])
            } else {
                if outcome.isBozo {
                    logger.warning(
                        "parse \(result.source.url): not well-formed, read in recovery mode: \(outcome.bozoMessage ?? "")",
                        metadata: ["source": "\(result.source.id)"])
                }
                for raw in outcome.unreadableDates {
                    logger.notice(
                        "parse \(result.source.url): unreadable date \"\(raw)\" left null",
                        metadata: ["source": "\(result.source.id)"])
                }
            }
        }
    }
}

extension PipelineRun {
    /// Tonight's pages read and the parent's articles with tonight's merged in: the landscape
    /// extract and every later stage read.
    fileprivate mutating func nightsLandscape(
        previousArticles: consuming ParentArticles, parsed: Keyed<ParseStep.Parsed>,
        parentsLatest: (articles: Int, pages: Int)?, state: StateDatabase, monthsWritten: MonthsWritten
    ) throws -> ArticleLandscape {
        // The parent's months are searched once for tonight's articles: the pages of those it
        // does not hold are read, and the landscape puts each in its place. Their ids go then.
        previousArticles = try previousArticles.locating(
            options.merge?.articles ?? parsed.value.articles, jobs: jobs)
        previousArticles.letIDsGo()
        let pages = try perform(
            PagesStep(
                runner: PagesRunner(
                    cache: cache, state: state, logger: logger, options: config.pages, fetch: config.fetch,
                    isOffline: options.isOffline, now: options.now),
                cache: cache, options: config.pages, parentsPages: parentsLatest?.pages),
            PagesStep.Input(
                parsed: parsed, isKnown: previousArticles.contains,
                archiveSources: Set(config.sources.filter { $0.archivePath != nil }.map(\.id))))
        // Text beyond the per-article limit is cut before anything reads it, and reported.
        // The articles are changed where they are: copying a build's 100,000 of them, a
        // pass at a time, is a tenth of a second on one core.
        let maxTextBytes = config.extract.maxTextBytes
        var cut: (count: Int, first: [String]) = (0, [])
        func read(_ articles: [Article]) -> [Article] {
            var read = PagesStage.apply(pages.value, to: articles)
            for index in read.indices where read[index].hasTextOver(maxTextBytes) {
                read[index].capText(at: maxTextBytes)
                cut.count += 1
                if cut.first.count < 3 { cut.first.append(read[index].url ?? read[index].articleID) }
            }
            return read
        }
        func reportCut() {
            guard cut.count > 0 else { return }
            logger.warning(
                "\(cut.count) articles had more than extract.max_text_bytes (\(maxTextBytes)) of summary or content; kept the first bytes of each: \(cut.first.joined(separator: ", "))",
                metadata: ["stage": "parse", "articles_cut": .stringConvertible(cut.count)])
        }
        // Articles count as seen tonight only when tonight's feeds were read.
        let seenAt = plan[.fetch] == .latest ? nil : options.now
        // A build's articles, written as parsed, are filed by month as they are read back.
        if let spool = parsed.value.spool, plan[.parse] != .snapshot {
            try DurableFile.makeDirectories(monthsWritten.folder)
            defer { reportCut() }
            return try ArticleLandscape.build(
                from: spool, changing: read, seenAt: seenAt, writingTo: monthsWritten.folder,
                stamps: monthsWritten.stamps, tally: monthsWritten.tally, jobs: jobs)
        }
        let changed = read(parsed.value.articles)
        reportCut()
        // The landscape accumulates: articles seen before stay, keeping their first sighting.
        guard plan[.parse] != .snapshot, parentsLatest == nil else {
            return ArticleLandscape(published: previousArticles)
        }
        let parsed = options.merge?.articles ?? changed
        // The months a night changes are written as they are made, when it touches every month
        // too (a night that adds a year of news to every month held the whole landscape here);
        // a build, and a parent whose months cannot be followed in order, are made in memory.
        try DurableFile.makeDirectories(monthsWritten.folder)
        if let landscape = try ArticleLandscape.night(
            parsed: parsed, parent: previousArticles, seenAt: seenAt, writingTo: monthsWritten.folder,
            stamps: monthsWritten.stamps, tally: monthsWritten.tally, jobs: jobs)
        {
            return landscape
        }
        return try ArticleLandscape.night(parsed: parsed, parent: previousArticles, seenAt: seenAt, jobs: jobs)
    }
}

/// Where a night writes the months it changes (``ArticleLandscape/night(parsed:parent:seenAt:writingTo:stamps:tally:jobs:)``).
private struct MonthsWritten {
    let folder: String
    let stamps: FileStamps
    let tally: RowTally
}

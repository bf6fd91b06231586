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
    ///   when another run holds the output directory, ``RunError`` or ``PublishError`` when the
    ///   run could not publish (nothing visible changed).
    public static func run(
        _ options: RunOptions, logger: Logger, beforePublish: () throws -> Void = {}
    ) throws -> RunSummary {
        var config = try PipelineConfig.load(path: options.pipelinePath)
        if !options.sourceOverrides.isEmpty { config.sources = overrideSources(options.sourceOverrides) }
        guard !config.sources.isEmpty else {
            throw ConfigError(file: options.pipelinePath, message: "no sources to read")
        }
        let gazetteer = try Gazetteer.load(
            organizationsPath: config.extract.gazetteerPath, placesPath: config.extract.placesPath)
        let jobs = options.jobs > 0 ? options.jobs : availableCores
        let output = FilePaths.absolute(options.outputDirectory)
        // Nothing under the output directory is touched before the lock is held.
        let lock = try RunLock(outputDirectory: output, now: options.now)
        defer { withExtendedLifetime(lock) {} }
        if let stale = lock.staleHolder {
            logger.warning("took over the run lock \(lock.path) from a run that ended without releasing it: \(stale)")
        }
        let writer = SnapshotWriter(outputDirectory: output)
        let cache = StageCache(outputDirectory: output)
        try DurableFile.makeDirectory(writer.snapshotsDirectory)
        try cache.prepare()
        writer.removeAbandonedStaging()
        let parentID = writer.latestID()
        let parentDirectory = parentID.map { FilePaths.join(writer.snapshotsDirectory, $0) }
        var recorder = StageRecorder(logger: logger)
        logger.info(
            "run \(config.name): \(config.sources.count) sources, from \(options.from.rawValue), \(jobs) jobs")

        // Reading last night's parse and snapshot is CPU work; fetch mostly waits on the
        // network. Overlap them.
        let parseCache = ParseCache(cache: cache)
        let earlierParse = BackgroundWork { options.from <= .parse ? try parseCache.earlier() : [:] }
        let parentArticleLoad = BackgroundWork {
            try parentDirectory.map {
                try JSONLinesReader.read(Article.self, from: FilePaths.join($0, "articles.jsonl"))
            } ?? []
        }

        // fetch
        let state = try StateDatabase(outputDirectory: output)
        let fetchRunner = FetchRunner(cache: cache, state: state, logger: logger)
        let fetched: [FetchResult]
        var failing: [FailingSource] = []
        if options.from <= .fetch {
            fetched = try recorder.run(.fetch, inputs: config.sources.count) {
                let (results, alerts, run) = try fetchRunner.fetch(
                    config.sources, options: config.fetch, isOffline: options.isOffline, now: options.now)
                failing = alerts
                return (results, run.fetched + run.notModified, run.counts)
            }
        } else {
            fetched = try fetchRunner.cached(config.sources)
            recorder.cached(.fetch, outputs: fetched.count)
        }

        // parse
        var outcomes: [FeedOutcome] = []
        let parsedArticles: [Article]
        if options.from <= .parse {
            let earlier: [String: EarlierParse]
            do {
                earlier = try earlierParse.value()
            } catch {
                logger.warning("parse cache unreadable, parsing every feed afresh: \(error)")
                earlier = [:]
            }
            parsedArticles = try recorder.run(.parse, inputs: fetched.count) {
                let result = ParseStage.run(fetched, jobs: jobs, seenAt: options.now, earlier: earlier)
                outcomes = result.outcomes
                // A night of 304s leaves the cache as it was: no need to write it again.
                let isUnchanged =
                    result.outcomes.allSatisfy(\.isReused) && Set(earlier.keys) == Set(result.outcomes.map(\.sourceID))
                if !isUnchanged { try parseCache.store(outcomes: result.outcomes, articles: result.articles) }
                let counts = [
                    "bozo_feeds": result.outcomes.filter(\.isBozo).count,
                    "reused_feeds": result.outcomes.filter(\.isReused).count,
                ]
                return (result.articles, result.articles.count, counts)
            }
            logParseProblems(outcomes, fetched: fetched, logger: logger)
        } else {
            guard let cached = try parseCache.articles() else {
                throw RunError("--from \(options.from.rawValue): no cached parse output; run from fetch or parse first")
            }
            parsedArticles = cached
            recorder.cached(.parse, outputs: cached.count)
        }

        // The landscape accumulates: articles seen before stay, keeping their first sighting.
        let parentArticles = try parentArticleLoad.value()
        let (articles, newCount) = ArticleStore.accumulate(parentArticles, with: parsedArticles)

        // extract
        let extractions: [ArticleExtraction]
        if options.from <= .extract {
            extractions = try recorder.run(.extract, inputs: articles.count) {
                let extractor = DealExtractor(gazetteer: gazetteer, usdRates: config.extract.usdRates)
                let results = ExtractStage.run(articles, extractor: extractor, jobs: jobs)
                try ExtractCache(cache: cache).store(results)
                let mentions = results.reduce(0) { $0 + $1.mentions.count }
                let deals = results.reduce(0) { $0 + $1.deals.count }
                return (results, deals, ["mentions": mentions, "article_deals": deals])
            }
        } else {
            extractions = try ExtractCache(cache: cache).load(for: articles)
            recorder.cached(.extract, outputs: extractions.count)
        }

        // dedupe: deals that continue one of the parent snapshot's keep its id.
        let parentDeals =
            try parentDirectory.map {
                try JSONLinesReader.read(Deal.self, from: FilePaths.join($0, "deals.jsonl"))
            } ?? []
        let (dedupedArticles, deals) = recorder.run(.dedupe, inputs: articles.count) {
            let (deduped, grouping) = ArticleDeduper.run(articles, options: config.dedupe, jobs: jobs)
            let reports = extractions.flatMap(\.deals)
            let merged = DealMerger.run(reports, windowDays: config.dedupe.dealWindowDays, previous: parentDeals)
            let duplicates = deduped.count(where: { $0.duplicateOf != nil })
            return (
                (deduped, merged), merged.count,
                [
                    "duplicate_articles": duplicates, "deal_reports": reports.count,
                    "near_duplicate_links": grouping.nearDuplicateLinks, "candidate_pairs": grouping.candidatePairs,
                ]
            )
        }

        // aggregate
        let aggregates = recorder.run(.aggregate, inputs: deals.count) {
            let rows = AggregateStage.run(deals)
            return (rows, rows.count, [:])
        }

        // publish
        let id = writer.makeID(at: options.now)
        // The manifest is itself a snapshot file, so the publish record times everything up to
        // writing it: diffing against the parent and encoding the records. The durable writes
        // and renames that follow are logged.
        let files = recorder.run(.publish, inputs: deals.count) {
            let changes = Change.between(old: parentDeals, new: deals)
            let mentions = extractions.flatMap(\.mentions)
            let report = ReportData(
                snapshotID: id, created: options.now, deals: deals, aggregates: aggregates, articles: dedupedArticles)
            let markdown = Array(MarkdownReport.render(report).utf8)
            let html = Array(HTMLReport.render(report).utf8)
            let files: [(name: String, bytes: [UInt8], rows: Int)] = [
                ("articles.jsonl", dedupedArticles.jsonLines(), dedupedArticles.count),
                ("mentions.jsonl", mentions.jsonLines(), mentions.count),
                ("deals.jsonl", deals.jsonLines(), deals.count),
                ("aggregates.jsonl", aggregates.jsonLines(), aggregates.count),
                ("changes.jsonl", changes.jsonLines(), changes.count),
                // Reports count their lines as rows.
                ("report.md", markdown, markdown.count { $0 == 0x0A }),
                ("report.html", html, html.count { $0 == 0x0A }),
            ]
            return (files, files.count + 1, ["changes": changes.count])
        }
        let publishStarted = ContinuousClock.now
        let manifest = Manifest(
            id: id, parent: parentID, created: options.now, pipelineName: config.name, pipelinePath: config.path,
            pipelineSHA256: config.sha256, stages: recorder.records,
            sources: sourceRecords(fetched: fetched, outcomes: outcomes), failingSources: failing, files: [])
        let path = try writer.publish(files: files, manifest: manifest, beforeRename: beforePublish)
        logger.info(
            "published snapshot \(id): files written and renamed in \(format3(seconds(since: publishStarted))) s")

        return RunSummary(
            snapshotID: id, snapshotPath: path, feeds: fetched.count,
            failedFeeds: manifest.sources.filter { $0.status == .failed }.map(\.id), failingSources: failing,
            articles: dedupedArticles.count,
            newArticles: newCount, deals: deals.count)
    }

    /// `--source` values as sources, with ids made unique.
    static func overrideSources(_ written: [String]) -> [FeedSource] {
        let folder = FileManager.default.currentDirectoryPath
        var used = Set<String>()
        return written.map { text in
            let url = FeedURL.resolve(text, relativeTo: folder)
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

    private static func sourceRecords(fetched: [FetchResult], outcomes: [FeedOutcome]) -> [SourceRecord] {
        let outcomeByID = Dictionary(outcomes.map { ($0.sourceID, $0) }, uniquingKeysWith: { first, _ in first })
        return fetched.map { result in
            let outcome = outcomeByID[result.source.id]
            var status = result.status
            var error = result.error?.description
            if let parseError = outcome?.error {
                status = .failed
                error = parseError.description
            }
            return SourceRecord(
                id: result.source.id, url: result.source.url, status: status, httpStatus: result.httpStatus,
                bytes: result.status == .fetched ? result.body.count : 0, wireBytes: result.wireBytes,
                items: outcome?.items ?? 0, seconds: result.seconds, attempts: result.attempts, error: error)
        }
    }

    private static func logParseProblems(_ outcomes: [FeedOutcome], fetched: [FetchResult], logger: Logger) {
        for (outcome, result) in zip(outcomes, fetched) {
            if let error = outcome.error {
                logger.error("\(error)", metadata: ["source": "\(result.source.id)"])
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

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = start.duration(to: .now)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

import FoundationEssentials
import Logging

/// One run of the pipeline in progress: its settings, where each stage's output comes from,
/// and the manifest records of the stages so far. ``Pipeline/run(_:logger:beforePublish:)``
/// performs one ``StageStep`` per stage, in order.
struct PipelineRun {
    let options: RunOptions
    let config: PipelineConfig
    let plan: RunPlan
    let cache: StageCache
    /// The snapshot this run builds on: the latest, or the one `--only` reruns on.
    let parent: PublishedSnapshot?
    let jobs: Int
    let logger: Logger
    private(set) var records: [StageRecord] = []
    /// The cache's row tally when the last stage ended (``RowTally``).
    private var rowsCounted = (read: 0, written: 0)
    /// The process's resident peak since the last stage ended (none where it cannot be read).
    private let residentPeak = ResidentPeak()
    /// When the last stage ended: like its rows and memory, the time of the work between two
    /// stages (making the landscape before extract: 0.85 s of a 100,000-article build on one
    /// core) counts in the later stage, so that the stages' seconds add up to the night's.
    private var lastEnded: (clock: ContinuousClock.Instant, at: Timestamp)?

    init(
        options: RunOptions, config: PipelineConfig, plan: RunPlan, cache: StageCache, parent: PublishedSnapshot?,
        jobs: Int, logger: Logger
    ) {
        self.options = options
        self.config = config
        self.plan = plan
        self.cache = cache
        self.parent = parent
        self.jobs = jobs
        self.logger = logger
    }

    /// Runs a stage, or takes its output from the cache or the base snapshot as the plan says,
    /// and records it.
    ///
    /// - Throws: ``RunError`` when the plan wants a cached output that is not there; whatever
    ///   the stage throws.
    mutating func perform<Step: StageStep>(_ step: Step, _ input: Step.Input) throws -> Keyed<Step.Output> {
        let stage = Step.stage
        // What the stages before freed is handed back before this one allocates.
        FreedMemory.release()
        let started = lastEnded?.at ?? Timestamp.now
        let clock = lastEnded?.clock ?? ContinuousClock.now
        var output: StepOutput<Step.Output>
        var key: String?
        var origin: String?
        switch plan[stage] {
        case .snapshot:
            guard let parent else { throw RunError("--only: no snapshot to rerun \(stage.rawValue) on") }
            output = try step.published(input, by: parent)
            key = parent.cacheKey(of: stage)
            origin = "snapshot \(parent.id)"
        case .latest:
            key = step.key(input) == nil ? nil : try latestKey(stage)
            output = try step.load(input, key: key)
            origin = "the stage cache"
        case .runUnlessCached, .run:
            key = step.key(input)
            let isCached = plan[stage] == .runUnlessCached && key.map { cache.has(stage, key: $0) } == true
            var loaded: StepOutput<Step.Output>?
            if isCached, !step.runsWhenCached, let key {
                do {
                    loaded = try step.load(input, key: key)
                } catch let damage as DamagedDataError {
                    // A damaged entry is never used: it goes, and the stage makes it again.
                    logger.warning(
                        "\(stage.rawValue): cached output damaged, recomputing it: \(damage)",
                        metadata: ["stage": "\(stage.rawValue)", "error": "\(damage)"])
                    cache.remove(stage, key: key)
                }
            }
            if let loaded {
                output = loaded
                origin = "the stage cache"
            } else {
                StageProgress.shared.begin(stage.rawValue, total: step.count(input), unit: Step.unit)
                defer { StageProgress.shared.end() }
                output = try step.run(input, key: key, isCached: isCached)
                if output.isUnchanged { origin = "the stage cache" }
            }
        }
        let finalKey = output.key ?? key ?? ""
        // Rows read or written since the previous stage ended: what a stage's input needed
        // made between stages (the landscape's months before extract) counts in the stage.
        let rows = cache.tally.totals
        output.counts["rows_read"] = rows.read - rowsCounted.read
        output.counts["rows_written"] = rows.written - rowsCounted.written
        rowsCounted = rows
        // Like the rows, the memory of the work between two stages counts in the later one.
        if let residentPeak { output.counts["peak_resident_mb"] = residentPeak.restart() >> 20 }
        let elapsed = seconds(since: clock)
        lastEnded = (ContinuousClock.now, Timestamp.now)
        let inputs = origin == nil || output.isUnchanged ? step.count(input) : 0
        records.append(
            StageRecord(
                name: stage, status: origin == nil ? .ran : .cached, cacheKey: finalKey, started: started,
                seconds: elapsed, inputs: inputs, outputs: output.outputs, counts: output.counts))
        for warning in output.warnings {
            logger.warning("\(stage.rawValue): \(warning)", metadata: ["stage": "\(stage.rawValue)"])
        }
        // The stage's figures as fields, so a scheduler's log reader needs no parsing of the text.
        let fields: Logger.Metadata = [
            "stage": "\(stage.rawValue)", "status": origin == nil ? "ran" : "cached",
            "inputs": .stringConvertible(inputs), "outputs": .stringConvertible(output.outputs),
            "seconds": .stringConvertible((elapsed * 1000).rounded() / 1000),
            "counts": .dictionary(output.counts.mapValues { .stringConvertible($0) }),
        ]
        if let origin {
            logger.info(
                "\(stage.rawValue): \(output.outputs) records from \(origin) (\(finalKey.isEmpty ? "no key" : finalKey))",
                metadata: fields)
        } else {
            logger.info(
                "\(stage.rawValue): \(inputs) in, \(output.outputs) out, \(format3(elapsed)) s", metadata: fields)
        }
        return Keyed(value: output.value, key: finalKey)
    }

    /// How many articles and pages with text the latest parse and pages outputs hold, on a
    /// rerun from extract or later (`--from`) on the snapshot made from those very outputs: its
    /// landscape holds them merged in, so the landscape is the snapshot's as published and they
    /// are not read. Nil when the run makes its landscape otherwise: it reads feeds or pages,
    /// merges shards, or the latest outputs are newer than the snapshot (a run that stopped
    /// after pages), whose articles are merged into it.
    var parentsLatest: (articles: Int, pages: Int)? {
        guard let parent, options.merge == nil, plan[.parse] == .latest, plan[.pages] == .latest,
            let parse = parent.cacheKey(of: .parse), parse == cache.latestKey(.parse),
            let pages = parent.cacheKey(of: .pages), pages == cache.latestKey(.pages),
            let articles = parent.outputs(of: .parse), let pagesWithText = parent.outputs(of: .pages)
        else { return nil }
        return (articles, pagesWithText)
    }

    private func latestKey(_ stage: Stage) throws(RunError) -> String {
        guard let key = cache.latestKey(stage) else {
            throw RunError(
                "--from \(options.from.rawValue): no cached \(stage.rawValue) output; run from \(stage.rawValue) or earlier first"
            )
        }
        return key
    }

    /// How many of the newest snapshots keep their stage outputs in the cache, for `--only`.
    static let snapshotsWithCachedStages = 3

    /// Drops stage outputs no recent snapshot was made from: each stage keeps its latest and
    /// those of the newest ``snapshotsWithCachedStages`` snapshots.
    func trimStageCache(writer: SnapshotWriter) {
        var keep: [Stage: Set<String>] = [:]
        var articleFiles = Set<String>()
        for id in writer.snapshotIDs().suffix(Self.snapshotsWithCachedStages) {
            // A snapshot whose manifest cannot be read keeps no cache entries: trimming only frees space.
            guard let snapshot = try? PublishedSnapshot(path: FilePaths.join(writer.snapshotsDirectory, id)) else {
                continue
            }
            for stage in Stage.allCases {
                if let key = snapshot.cacheKey(of: stage) { keep[stage, default: []].insert(key) }
            }
            articleFiles.formUnion(snapshot.files(of: .articles).map(\.sha256))
        }
        let removed =
            cache.removeEntries(keeping: keep) + ExtractCache(cache: cache).removeUnlistedMonths()
            + FingerprintCache(cache: cache).removeUnlistedMonths()
            + ArticleIndexCache(cache: cache).removeAll(except: articleFiles)
        if removed > 0 { logger.info("stage cache: removed \(removed) outputs no recent snapshot was made from") }
        let bodies = cache.pruneBodies(unusedForDays: config.fetch.keepBodiesDays, now: options.now)
        if bodies > 0 {
            logger.info(
                "stage cache: removed \(bodies) fetched bodies unused for \(config.fetch.keepBodiesDays) days, or left by runs that died"
            )
        }
    }
}

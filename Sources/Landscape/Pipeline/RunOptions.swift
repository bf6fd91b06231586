/// Everything a run needs beyond the pipeline file: the flags of `landscape run`.
public struct RunOptions: Sendable {
    public var pipelinePath: String
    public var outputDirectory: String
    /// When not empty, replaces the pipeline's sources.
    public var sourceOverrides: [String]
    /// Start from this stage, reusing the cached output of the stages before it.
    public var from: Stage
    /// When not empty, rerun just these stages (and publish) on `snapshot`'s inputs.
    public var only: [Stage]
    /// The snapshot `only` reruns on: an id, `latest` or a snapshot folder; nil means latest.
    public var snapshot: String?
    public var jobs: Int
    public var isOffline: Bool
    /// The run's time, which names the snapshot; tests and reproducible backfills set it.
    public var now: Timestamp
    /// Run only this part of the sources, in its own folder under the output (`--shard`).
    public var shard: Shard?
    /// Publish the articles of finished shards instead of reading sources (`landscape merge`).
    public var merge: ShardSet?
    /// Whether the process ends when the run returns, as the command line's does: the night's
    /// records are then left to go with the process instead of being freed one by one, which
    /// takes seconds at a million deals.
    public var endsProcess = false

    public init(
        pipelinePath: String = "Pipelines/apac-biotech.yml", outputDirectory: String = "Output",
        sourceOverrides: [String] = [], from: Stage = .fetch, only: [Stage] = [], snapshot: String? = nil,
        jobs: Int = 0, isOffline: Bool = false, now: Timestamp = .now
    ) {
        self.pipelinePath = pipelinePath
        self.outputDirectory = outputDirectory
        self.sourceOverrides = sourceOverrides
        self.from = from
        self.only = only
        self.snapshot = snapshot
        self.jobs = jobs
        self.isOffline = isOffline
        self.now = now
    }
}

/// What a finished run reports.
public struct RunSummary: Sendable {
    /// The snapshot published, or the parent that stays `latest` when nothing was new and the
    /// pipeline publishes no unchanged nights.
    public let snapshotID: String
    public let snapshotPath: String
    /// No new article and no deal changed since the parent snapshot.
    public var isUnchanged = false
    /// Whether a snapshot was published tonight.
    public var isPublished = true
    public let feeds: Int
    public let failedFeeds: [String]
    /// Sources failing `fetch.failure_alert_nights` nights in a row or more.
    public let failingSources: [FailingSource]
    public let articles: Int
    public let newArticles: Int
    public let deals: Int
    /// Snapshot files that are hard links to the parent's, unchanged since.
    public let filesShared: Int

    init(
        snapshotID: String, snapshotPath: String, feeds: Int, failedFeeds: [String], failingSources: [FailingSource],
        articles: Int, newArticles: Int, deals: Int, filesShared: Int, isPublished: Bool = true
    ) {
        self.snapshotID = snapshotID
        self.snapshotPath = snapshotPath
        self.feeds = feeds
        self.failedFeeds = failedFeeds
        self.failingSources = failingSources
        self.articles = articles
        self.newArticles = newArticles
        self.deals = deals
        self.filesShared = filesShared
        self.isPublished = isPublished
    }
}

import ArgumentParser
import Foundation
import Landscape
import Logging

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Fetch, parse, extract, dedupe, aggregate and publish a snapshot."
    )

    @Argument(help: "Pipeline file.")
    var pipeline = "Pipelines/apac-biotech.yml"

    @Option(help: "Output directory (state, cache, snapshots).")
    var output = "Output"

    @Option(
        name: .customLong("source"),
        help: "Feed URL or path, or a .warc/.warc.gz file; repeat to replace the pipeline's sources."
    )
    var sources: [String] = []

    @Option(
        help:
            "Start at this stage, reusing cached output of earlier ones: fetch, parse, extract, dedupe, aggregate, publish."
    )
    var from: String = "fetch"

    @Option(
        help: ArgumentHelp(
            "Rerun just these stages (from extract on, comma-separated) on a snapshot's inputs; publish always runs.",
            valueName: "stages"))
    var only: String?

    @Option(help: "The snapshot --only reruns on: an id, latest, or a snapshot folder (default: latest).")
    var snapshot: String?

    @Option(help: "Threads for parse and extract (default: all cores).")
    var jobs: Int = 0

    @Flag(help: "No network: use cached bodies for http(s) sources.")
    var offline = false

    @Option(help: "Log format on standard error: text or json.")
    var logFormat: String = "text"

    @Option(
        help: ArgumentHelp(
            "Run part K of N of the sources (K from 0), in OUTPUT/shards/K-of-N; `auto` takes it from a Slurm job array or a Kubernetes Indexed Job.",
            valueName: "K/N|auto"))
    var shard: String?

    @Option(
        help: ArgumentHelp(
            "The run's time (ISO-8601 UTC), which names the snapshot and dates first sightings: for backfills that must give the same snapshot however they are split.",
            valueName: "time"))
    var now: String?

    func validate() throws {
        guard Stage(rawValue: from) != nil else {
            throw ValidationError("--from must be one of \(Stage.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard StandardErrorLogHandler.Format(rawValue: logFormat) != nil else {
            throw ValidationError("--log-format must be text or json")
        }
        guard jobs >= 0 else { throw ValidationError("--jobs must be 0 (all cores) or more") }
        if let now, FeedDate.parse(now) == nil {
            throw ValidationError("--now must be an ISO-8601 time such as 2025-06-01T00:00:00Z, got `\(now)`")
        }
        do {
            _ = try RunPlan(from: Stage(rawValue: from) ?? .fetch, only: onlyStages(), snapshot: snapshot)
        } catch {
            throw ValidationError(error.description)
        }
    }

    private func onlyStages() throws(RunPlanError) -> [Stage] {
        try only.map { text throws(RunPlanError) in try RunPlan.stages(text) } ?? []
    }

    func run() throws {
        let format = StandardErrorLogHandler.Format(rawValue: logFormat) ?? .text
        // A live progress line only for a person watching: never in JSON logs, files or pipes.
        if format == .text, isatty(2) != 0 { StageProgress.shared.enable() }
        let logger = Logger(label: "landscape") { StandardErrorLogHandler(label: $0, format: format) }
        var options = RunOptions(
            pipelinePath: InstalledFiles.resolve(pipeline), outputDirectory: output, sourceOverrides: sources,
            from: Stage(rawValue: from) ?? .fetch, only: try onlyStages(), snapshot: snapshot, jobs: jobs,
            isOffline: offline, now: now.flatMap(FeedDate.parse) ?? .now)
        options.endsProcess = true
        if let shard {
            options.shard = try Shard.parse(
                shard, environment: ProcessInfo.processInfo.environment,
                configuredCount: try PipelineConfig.load(path: options.pipelinePath).backfill.shards)
        }
        let summary = try Pipeline.run(options, logger: logger)
        if options.shard != nil, !summary.isPublished {
            print("shard: \(summary.snapshotPath) is complete (\(summary.feeds) sources); nothing to do")
            return
        }
        print(
            """
            feeds: \(summary.feeds) (\(summary.failedFeeds.count) failed\(summary.failedFeeds.isEmpty ? "" : ": " + summary.failedFeeds.joined(separator: ", ")))
            articles: \(summary.articles) (\(summary.newArticles) new)
            deals: \(summary.deals)
            """)
        if summary.isPublished {
            print("snapshot: \(summary.snapshotPath) (\(summary.filesShared) files shared with the parent)")
        } else {
            print("snapshot: none published, nothing new; latest stays \(summary.snapshotID)")
        }
        if summary.isUnchanged { print("nothing new: no new article and no deal changed since the parent snapshot") }
        for source in summary.failingSources {
            print("ALERT: \(source.id) has failed \(source.nights) nights in a row: \(source.error ?? "")")
        }
    }
}

import ArgumentParser
import Foundation
import Landscape
import Logging

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Publish one snapshot from the finished shards of a backfill.",
        discussion: """
            Reads every article the shards published, dedupes articles and deals across them and \
            publishes one snapshot under --output, as a single run over all the sources would. \
            Every shard 0..N-1 must be complete (its COMPLETE.json written), made with the same \
            pipeline file; a folder holding a shards/ folder stands for all the shards in it.
            """
    )

    @Argument(help: "Shard folders (OUTPUT/shards/K-of-N), or the output folder the shards ran in.")
    var shards: [String]

    @Option(help: "Pipeline file the shards ran with.")
    var pipeline = "Pipelines/apac-biotech.yml"

    @Option(help: "Output directory of the merged landscape.")
    var output = "Output"

    @Option(help: "Threads for extract and dedupe (default: all cores).")
    var jobs: Int = 0

    @Option(help: ArgumentHelp("The run's time (ISO-8601 UTC), as for run --now.", valueName: "time"))
    var now: String?

    @Option(help: "Log format on standard error: text or json.")
    var logFormat: String = "text"

    func validate() throws {
        guard !shards.isEmpty else { throw ValidationError("give the shard folders to merge") }
        guard StandardErrorLogHandler.Format(rawValue: logFormat) != nil else {
            throw ValidationError("--log-format must be text or json")
        }
        if let now, FeedDate.parse(now) == nil {
            throw ValidationError("--now must be an ISO-8601 time such as 2025-06-01T00:00:00Z, got `\(now)`")
        }
    }

    func run() throws {
        let format = StandardErrorLogHandler.Format(rawValue: logFormat) ?? .text
        let logger = Logger(label: "landscape") { StandardErrorLogHandler(label: $0, format: format) }
        let pipelinePath = InstalledFiles.resolve(pipeline)
        let config = try PipelineConfig.load(path: pipelinePath)
        let set = try ShardSet(folders: shards, pipelineSHA256: config.sha256)
        logger.info("merge: \(set.count) shards, \(set.articles.count) articles from \(set.sources.count) sources")
        var options = RunOptions(
            pipelinePath: pipelinePath, outputDirectory: output, jobs: jobs, now: now.flatMap(FeedDate.parse) ?? .now)
        options.merge = set
        options.endsProcess = true
        let summary = try Pipeline.run(options, logger: logger)
        print(
            """
            shards: \(set.count)
            articles: \(summary.articles)
            deals: \(summary.deals)
            snapshot: \(summary.snapshotPath)
            """)
    }
}

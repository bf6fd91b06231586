import ArgumentParser
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

    @Option(name: .customLong("source"), help: "Feed URL or path; repeat to replace the pipeline's sources.")
    var sources: [String] = []

    @Option(
        help:
            "Start at this stage, reusing cached output of earlier ones: fetch, parse, extract, dedupe, aggregate, publish."
    )
    var from: String = "fetch"

    @Option(help: "Threads for parse and extract (default: all cores).")
    var jobs: Int = 0

    @Flag(help: "No network: use cached bodies for http(s) sources.")
    var offline = false

    @Option(help: "Log format on standard error: text or json.")
    var logFormat: String = "text"

    func validate() throws {
        guard Stage(rawValue: from) != nil else {
            throw ValidationError("--from must be one of \(Stage.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard StandardErrorLogHandler.Format(rawValue: logFormat) != nil else {
            throw ValidationError("--log-format must be text or json")
        }
        guard jobs >= 0 else { throw ValidationError("--jobs must be 0 (all cores) or more") }
    }

    func run() throws {
        let format = StandardErrorLogHandler.Format(rawValue: logFormat) ?? .text
        let logger = Logger(label: "landscape") { StandardErrorLogHandler(label: $0, format: format) }
        let options = RunOptions(
            pipelinePath: pipeline, outputDirectory: output, sourceOverrides: sources,
            from: Stage(rawValue: from) ?? .fetch, jobs: jobs, isOffline: offline)
        let summary = try Pipeline.run(options, logger: logger)
        print(
            """
            feeds: \(summary.feeds) (\(summary.failedFeeds.count) failed\(summary.failedFeeds.isEmpty ? "" : ": " + summary.failedFeeds.joined(separator: ", ")))
            articles: \(summary.articles) (\(summary.newArticles) new)
            deals: \(summary.deals)
            snapshot: \(summary.snapshotPath)
            """)
        for source in summary.failingSources {
            print("ALERT: \(source.id) has failed \(source.nights) nights in a row: \(source.error ?? "")")
        }
    }
}

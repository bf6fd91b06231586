import ArgumentParser
import Landscape

struct DedupeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedupe",
        abstract: "Print the articles that repeat another among plain-text articles (as in ../shared/eval).",
        discussion: """
            Articles are streamed, so the file may be larger than memory. Standard output gets one
            {"article_id", "duplicate_of"} line per repeat, the original being the one on the
            earliest line; standard error gets the counts and the time taken.
            """
    )

    @Argument(help: "Articles: one {id, url, published, title, text} object per line.")
    var articles: String

    @Option(help: "Pipeline file whose dedupe settings to use.")
    var pipeline = "Pipelines/apac-biotech.yml"

    @Option(help: "Threads (default: all cores).")
    var jobs: Int = 0

    func run() throws {
        let config = try PipelineConfig.load(path: pipeline)
        let started = ContinuousClock.now
        let result = try TextDedupe.run(
            articlesPath: articles, options: config.dedupe, jobs: jobs > 0 ? jobs : ParseCommand.defaultJobs)
        let elapsed = ContinuousClock.now - started
        writeStandardOutput(result.lines)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        writeStandardError(
            "dedupe: \(result.articles) articles, \(result.duplicates) duplicates "
                + "(\(result.counts.nearDuplicateLinks) near-duplicate links, \(result.counts.exactKeyLinks) "
                + "exact-key links, \(result.counts.candidatePairs) candidate pairs compared; "
                + "\(result.bands) bands of \(result.rows)), \(String((seconds * 1000).rounded() / 1000)) s\n")
    }
}

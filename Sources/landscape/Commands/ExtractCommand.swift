import ArgumentParser
import Landscape

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Print the deals of plain-text articles (one JSON object per line, as in ../shared/eval).",
        discussion: """
            Standard output gets one deal per line; standard error gets the counts and how long
            extraction took, in articles per second.
            """
    )

    @Argument(help: "Articles: one {id, url, published, title, text} object per line.")
    var articles: String

    @Option(help: "Pipeline file whose gazetteer, rates and merge window to use.")
    var pipeline = "Pipelines/apac-biotech.yml"

    @Option(help: "Threads (default: all cores).")
    var jobs: Int = 0

    func run() throws {
        let config = try PipelineConfig.load(path: pipeline)
        let result = try TextExtraction.run(
            articlesPath: articles, config: config, jobs: jobs > 0 ? jobs : ParseCommand.defaultJobs)
        writeStandardOutput(result.lines)
        let rate = result.seconds > 0 ? Double(result.articles) / result.seconds : 0
        writeStandardError(
            "extract: \(result.articles) articles, \(result.deals) deals, "
                + "\(format3(result.seconds)) s, \(Int(rate.rounded())) articles/s\n")
    }
}

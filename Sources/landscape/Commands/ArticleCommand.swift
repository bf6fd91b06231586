import ArgumentParser
import Landscape

struct ArticlePagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "article",
        abstract: "Read article pages (HTML or .html.gz) and print one JSON object per file.",
        discussion: """
            Each line is {file, url, title, published_utc, authors, language, text}: the page's
            metadata and the text of its article body, paragraphs as lines; a file that cannot be
            read gets {file, error}. Standard error gets the count and the pages per second.
            """
    )

    @Argument(help: "HTML files; a name ending in .gz is read as gzip.")
    var files: [String]

    @Option(help: "Threads (default: all cores).")
    var jobs: Int = 0

    func run() throws {
        let clock = ContinuousClock.now
        let (pages, failed) = ArticleCommand.run(
            files, jobs: jobs > 0 ? jobs : ParseCommand.defaultJobs, emit: writeStandardOutput)
        let elapsed = clock.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let rate = seconds > 0 ? Double(pages) / seconds : 0
        writeStandardError(
            "article: \(pages) pages, \(failed) unreadable, \((seconds * 1000).rounded() / 1000) s, \(Int(rate.rounded())) pages/s\n"
        )
    }
}

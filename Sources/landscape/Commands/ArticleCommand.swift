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
        let elapsed = seconds(since: clock)
        let rate = elapsed > 0 ? Double(pages) / elapsed : 0
        writeStandardError(
            "article: \(pages) pages, \(failed) unreadable, \(format3(elapsed)) s, \(Int(rate.rounded())) pages/s\n")
    }
}

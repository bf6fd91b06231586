import ArgumentParser
import Landscape

struct ParseFeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse feed files and print one JSON object per file."
    )

    @Argument(help: "Feed files.")
    var files: [String]

    @Option(help: "Threads (default: all cores).")
    var jobs: Int = 0

    func run() throws {
        ParseCommand.run(files, jobs: jobs > 0 ? jobs : ParseCommand.defaultJobs, emit: writeStandardOutput)
    }
}

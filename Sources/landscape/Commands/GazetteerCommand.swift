import ArgumentParser
import Landscape

struct GazetteerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazetteer",
        abstract: "Help grow the gazetteer from what the landscape found.",
        subcommands: [Suggest.self]
    )

    struct Suggest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the organisations a snapshot found outside the gazetteer, as gazetteer lines.",
            discussion: """
                One JSON line per organisation, most deals first, then most articles: its name, the other
                forms the articles gave it, its guessed country and kind, and in `note` how many deals and
                articles name it with one evidence sentence. Check a line, then paste it into the gazetteer.
                """
        )

        @Option(help: "The snapshot: an id, `latest`, or a snapshot folder.")
        var snapshot = "latest"

        @Option(help: "Output directory (state, cache, snapshots).")
        var output = "Output"

        @Option(help: "Print at most this many lines (0: all).")
        var limit = 0

        func run() throws {
            let published = try SnapshotCatalog(outputDirectory: output).snapshot(snapshot)
            let suggestions = try GazetteerSuggestions.make(from: published)
            writeStandardOutput(GazetteerSuggestions.lines(limit > 0 ? Array(suggestions.prefix(limit)) : suggestions))
        }
    }
}

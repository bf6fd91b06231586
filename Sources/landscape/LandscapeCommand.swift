import ArgumentParser
import Landscape

@main
struct LandscapeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "landscape",
        abstract: "Maps Asia-Pacific biotech partnerships from news feeds into versioned JSON-lines snapshots.",
        version: "landscape \(CodeFingerprint.version) (code \(CodeFingerprint.current))",
        subcommands: [
            RunCommand.self, ParseFeedsCommand.self, ExtractCommand.self, ArticlePagesCommand.self, EvalCommand.self,
            DedupeCommand.self, MergeCommand.self,
            SnapshotsCommand.self, DiffCommand.self, ChangesCommand.self, GazetteerCommand.self,
        ]
    )

    static func main() {
        Landscape.bootstrap()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            ExitCodes.exit(for: error, command: self)
        }
    }
}

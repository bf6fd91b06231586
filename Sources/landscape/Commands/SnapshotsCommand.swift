import ArgumentParser
import Landscape

struct SnapshotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshots",
        abstract: "List, show or prune the published snapshots.",
        subcommands: [List.self, Show.self, Prune.self],
        defaultSubcommand: List.self
    )

    struct Location: ParsableArguments {
        @Option(help: "Output directory (state, cache, snapshots).")
        var output = "Output"
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per snapshot, oldest first.")
        @OptionGroup var location: Location

        func run() throws {
            for entry in try SnapshotCatalog(outputDirectory: location.output).list() {
                print(SnapshotsCommand.line(entry))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A snapshot's manifest (an id, latest, or a path).")
        @OptionGroup var location: Location
        @Argument(help: "Snapshot id, `latest`, or a snapshot folder.")
        var id: String

        func run() throws {
            let catalog = SnapshotCatalog(outputDirectory: location.output)
            writeStandardOutput(try catalog.manifestBytes(of: catalog.entry(id)))
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove all but the newest snapshots; the one latest points to always stays.")
        @OptionGroup var location: Location
        @Option(help: "How many of the newest snapshots to keep.")
        var keep: Int

        func validate() throws {
            guard keep >= 1 else { throw ValidationError("--keep must be 1 or more") }
        }

        func run() throws {
            let removed = try SnapshotCatalog(outputDirectory: location.output).prune(keep: keep, now: .now)
            for id in removed { print("removed \(id)") }
            print("\(removed.count) snapshots removed")
        }
    }

    static func line(_ entry: SnapshotCatalog.Entry) -> String {
        let deals = entry.rows[RecordSet.deals.rawValue].map(String.init) ?? "?"
        let articles = entry.rows[RecordSet.articles.rawValue].map(String.init) ?? "?"
        return
            "\(entry.id)  \(entry.pipeline)  \(entry.created)  \(articles) articles  \(deals) deals  parent \(entry.parent ?? "-")"
            + (entry.isLatest ? "  (latest)" : "")
    }
}

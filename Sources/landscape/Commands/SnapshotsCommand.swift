import ArgumentParser
import Landscape

struct SnapshotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshots",
        abstract: "List, show or prune the published snapshots.",
        subcommands: [List.self, Show.self, Prune.self, Verify.self],
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

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every file of a snapshot against its manifest's digest and row count.",
            discussion: "Exits 5 when a file is missing or damaged, 0 when every snapshot checked is whole.")
        @OptionGroup var location: Location
        @Argument(help: "Snapshot id, `latest`, `latest-<pipeline>` or a snapshot folder (default: latest).")
        var id: String?
        @Flag(help: "Check every snapshot.")
        var all = false

        func run() throws {
            let catalog = SnapshotCatalog(outputDirectory: location.output)
            let entries = all ? try catalog.list() : [try catalog.reference(id ?? "latest", output: location.output)]
            var damaged: [(snapshot: String, path: String, problem: String)] = []
            for entry in entries {
                let problems = try PublishedSnapshot(path: entry.path).damagedFiles()
                if problems.isEmpty {
                    print("\(entry.id): whole")
                } else {
                    for problem in problems {
                        print("\(entry.id): \(problem.path): \(problem.problem)")
                        damaged.append((entry.id, problem.path, problem.problem))
                    }
                }
            }
            if let first = damaged.first {
                throw DamagedDataError(
                    path: FilePaths.join(entries.first { $0.id == first.snapshot }?.path ?? "", first.path),
                    problem: "\(first.problem) (\(damaged.count) damaged files in all)")
            }
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

import ArgumentParser
import Landscape

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "The deals added, updated and removed between two snapshots.",
        discussion: """
            OLD and NEW are snapshot ids, `latest`, `latest-<pipeline>`, snapshot folders, or any of \
            these followed by `~N` for the N-th snapshot before it (`latest~1`).
            """
    )

    @Argument(help: "The older snapshot.")
    var old: String

    @Argument(help: "The newer snapshot.")
    var new: String

    @Option(help: "Output directory (state, cache, snapshots).")
    var output = "Output"

    @Flag(help: "One JSON change record per line instead of text.")
    var json = false

    func run() throws {
        let catalog = SnapshotCatalog(outputDirectory: output)
        let report = try SnapshotDiff(
            old: catalog.reference(old, output: output), new: catalog.reference(new, output: output), catalog: catalog)
        writeStandardOutput(Array((json ? report.jsonLines() : report.text()).utf8))
    }
}

extension SnapshotCatalog {
    /// The snapshot a command-line argument names; naming none is a usage error (exit 2).
    func reference(_ text: String, output: String) throws -> Entry {
        do {
            return try entry(text)
        } catch {
            throw ValidationError("\(error) (see `landscape snapshots list --output \(output)`)")
        }
    }
}

import ArgumentParser
import Landscape

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "The deals added, updated and removed between two snapshots.",
        discussion: "OLD and NEW are snapshot ids, `latest`, or snapshot folders."
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
        let report = try SnapshotDiff(old: catalog.entry(old), new: catalog.entry(new), catalog: catalog)
        writeStandardOutput(Array((json ? report.jsonLines() : report.text()).utf8))
    }
}

import ArgumentParser
import Landscape

struct ChangesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "The deals added, updated and removed tonight, or since a snapshot or a day.",
        discussion: """
            Without --since: what the newest snapshot changed from its parent (all of it on a \
            pipeline's first night). --since takes a snapshot reference (as `diff` does) or a \
            UTC day or time (2026-11-01, 2026-11-01T06:00:00Z): the changes from the newest \
            snapshot of the same pipeline published before it.
            """
    )

    @Option(help: "A snapshot reference, or a day or time (UTC).")
    var since: String?

    @Option(help: "Whose changes: a pipeline's name (default: the pipeline of the newest snapshot).")
    var pipeline: String?

    @Option(help: "Output directory (state, cache, snapshots).")
    var output = "Output"

    @Flag(help: "One JSON change record per line instead of text.")
    var json = false

    func run() throws {
        let catalog = SnapshotCatalog(outputDirectory: output)
        let newest = try catalog.reference(pipeline.map { "latest-" + $0 } ?? "latest", output: output)
        let old: SnapshotCatalog.Entry?
        if let since {
            if let time = FeedDate.parse(since.count == 10 ? since + "T00:00:00Z" : since) {
                old = try catalog.newest(of: newest.pipeline, before: time)
            } else {
                old = try catalog.reference(since, output: output)
            }
        } else {
            old = try newest.parent.map { try catalog.reference($0, output: output) }
        }
        let report = try SnapshotDiff(old: old, new: newest, catalog: catalog)
        writeStandardOutput(Array((json ? report.jsonLines() : report.text()).utf8))
    }
}

import Foundation

@testable import Landscape

/// Pipeline files written for tests that run the whole pipeline.
enum PipelineFiles {
    /// Writes `folder/pipeline.yml` reading `sources`, with `fetch`, `pages` and `extract` as
    /// the sections' YAML lines (indented two spaces here) and `more` as YAML written after
    /// them, and returns its path. Pages are not followed unless a test asks: the feeds' links
    /// point at hosts that do not exist.
    static func write(
        _ folder: String, name: String, sources: [(id: String, url: String)], fetch: [String],
        pages: [String] = ["follow: false"], extract: [String], more: String = ""
    ) throws -> String {
        var yaml = "name: \(name)\nsources:\n"
        for source in sources { yaml += "  - id: \(source.id)\n    url: \"\(source.url)\"\n" }
        yaml += "fetch:\n" + fetch.map { "  \($0)\n" }.joined()
        yaml += "pages:\n" + pages.map { "  \($0)\n" }.joined()
        yaml += "extract:\n" + extract.map { "  \($0)\n" }.joined()
        yaml += more.isEmpty ? "" : more + "\n"
        try Array(yaml.utf8).writeFile(folder + "/pipeline.yml")
        return folder + "/pipeline.yml"
    }
}

import Foundation
import Testing

/// `landscape parse` against other parsers' test corpora, scored by `../shared/tools/feed_diff.py`
/// against Python feedparser's answers: a guard that parser changes do not lose agreement.
@Suite("Feed conformance with feedparser on four public corpora")
struct ConformanceTests {
    struct Corpus: Sendable, CustomStringConvertible {
        let peer: String
        let exclude: String?
        /// The bar, in percent of files that agree on every field.
        let minimum: Double

        var description: String { exclude.map { "\(peer) without \($0)" } ?? peer }
    }

    static let corpora = [
        Corpus(peer: "gofeed", exclude: nil, minimum: 95),
        Corpus(peer: "feedparser", exclude: "tests/(entities|wellformed/sanitize)/", minimum: 95),
        Corpus(peer: "feedparser", exclude: nil, minimum: 90),
        Corpus(peer: "rome", exclude: nil, minimum: 90),
        Corpus(peer: "feedkit", exclude: nil, minimum: 90),
    ]

    static let shared = CLI.repositoryRoot + "/../shared"

    static func feedFiles(in folder: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            let lower = path.lowercased()
            if [".xml", ".rss", ".rdf", ".atom"].contains(where: { lower.hasSuffix($0) }) { files.append(path) }
        }
        return files.sorted()
    }

    @Test("files agreeing on every field, bozo and version included", arguments: corpora)
    func agreement(_ corpus: Corpus) throws {
        let folder = Self.shared + "/feed-corpus/" + corpus.peer
        let files = Self.feedFiles(in: folder)
        #expect(files.count >= 16)
        let parsed = try CLI.run(["parse"] + files, in: folder)
        #expect(parsed.status == 0)
        let scratch = CLI.scratch + "conformance-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let candidate = scratch + "/candidate.jsonl"
        try Data(parsed.output.utf8).write(to: URL(fileURLWithPath: candidate))
        var arguments = [
            Self.shared + "/tools/feed_diff.py", Self.shared + "/feed-corpus/expected/\(corpus.peer).jsonl", candidate,
            "--report", scratch + "/report.txt",
        ]
        if let exclude = corpus.exclude { arguments += ["--exclude", exclude] }
        let python = try CLI.run(["python3"] + arguments, in: folder, executable: "/usr/bin/env")
        #expect(python.status == 0, "\(python.error)")
        let line = try #require(python.output.split(separator: "\n").first { $0.hasPrefix("feed-conformance:") })
        // "feed-conformance: 520/541 files agree (96.1%)"
        let counts = try #require(line.split(separator: " ").dropFirst().first).split(separator: "/")
        let agreeing = try #require(Double(counts[0]))
        let total = try #require(Double(counts[1]))
        #expect(corpus.exclude == nil ? total == Double(files.count) : total < Double(files.count))
        #expect(agreeing / total * 100 >= corpus.minimum, "\(corpus): \(line)")
    }
}

import Foundation
import Testing

@testable import Landscape

/// Where test inputs live: the repository's `Samples/` and `Pipelines/`, and `../shared`.
enum TestPaths {
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var samplesFeeds: String { repositoryRoot + "/Samples/feeds" }
    static var pipelines: String { repositoryRoot + "/Pipelines" }
    static var defaultPipeline: String { pipelines + "/apac-biotech.yml" }
    static var shared: String { repositoryRoot + "/../shared" }

    static var sampleFeedFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: samplesFeeds)) ?? []
        return names.sorted().map { samplesFeeds + "/" + $0 }
    }

    /// One folder for everything this test process writes, removed when the process exits, so
    /// `make test` leaves nothing behind in the temporary folder.
    static let scratch: String = {
        let path = NSTemporaryDirectory() + "landscape-tests-\(getpid())/"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TestPaths.scratch) }
        return path
    }()

    /// A new empty directory under this test process's scratch folder.
    static func makeTemporaryDirectory(_ label: String = "landscape") throws -> String {
        let path = scratch + "\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        // The project's own reader: Foundation's `contents(atPath:)` leaks its buffer as
        // LeakSanitizer sees it, which would fail `make test-asan` for code that is not ours.
        guard let bytes = FileBytes.read(path) else { throw CocoaError(.fileReadNoSuchFile) }
        return bytes
    }

    /// A pipe's bytes to its end, through ``FileBytes`` for the same reason.
    static func readAll(_ descriptor: Int32) -> Data {
        Data(FileBytes.read(descriptor: descriptor) ?? [])
    }

    static func jsonLines(_ path: String) throws -> [[String: Any]] {
        let text = String(decoding: try bytes(path), as: UTF8.self)
        return try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw CocoaError(.coderReadCorrupt)
            }
            return object
        }
    }

    /// Every record of the set `name` (`articles`, `deals`...) in a snapshot, from all the files
    /// its manifest lists for it, gzipped or not.
    static func records(_ snapshot: String, _ name: String) throws -> [[String: Any]] {
        var records: [[String: Any]] = []
        for path in try files(snapshot, of: name) {
            var bytes = try bytes(snapshot + "/" + path)
            if path.hasSuffix(".gz") { bytes = try #require(Gzip.decompress(bytes), "\(path) is not gzip") }
            records += try jsonLines(bytes: bytes)
        }
        return records
    }

    /// The paths the manifest lists for the record set `name`.
    static func files(_ snapshot: String, of name: String) throws -> [String] {
        try manifestFiles(snapshot).map { $0["path"] as? String ?? "" }.filter {
            RecordSet(path: $0)?.rawValue == name
        }
    }

    static func manifestFiles(_ snapshot: String) throws -> [[String: Any]] {
        let manifest = try JSONSerialization.jsonObject(with: Data(bytes(snapshot + "/manifest.json")))
        return try #require((manifest as? [String: Any])?["files"] as? [[String: Any]])
    }

    static func jsonLines(bytes: [UInt8]) throws -> [[String: Any]] {
        try String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw CocoaError(.coderReadCorrupt)
            }
            return object
        }
    }
}

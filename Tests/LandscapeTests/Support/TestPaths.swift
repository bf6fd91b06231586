import Foundation

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

    /// A new empty directory under the system's temporary folder.
    static func makeTemporaryDirectory(_ label: String = "landscape") throws -> String {
        let path = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
        return Array(data)
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
}

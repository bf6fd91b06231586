/// How one stage of a run went, for the manifest.
public struct StageRecord: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable { case ran, cached }
    public let name: Stage
    public let status: Status
    public let cacheKey: String
    public let started: Timestamp
    public let seconds: Double
    public let inputs: Int
    public let outputs: Int
    public let counts: [String: Int]
}

/// How one source fared in fetch and parse, for the manifest.
public struct SourceRecord: Sendable, Hashable {
    public let id: String
    public let url: String
    public let status: FetchStatus
    public let httpStatus: Int?
    /// Body bytes downloaded tonight (0 for `not_modified`: the cached body was used).
    public let bytes: Int
    /// Bytes on the wire in all attempts, headers included.
    public let wireBytes: Int
    public let items: Int
    public let seconds: Double
    public let attempts: Int
    public let error: String?
}

/// One published file with its digest and row count.
public struct FileRecord: Sendable, Hashable {
    public let path: String
    public let sha256: String
    public let rows: Int
}

/// `manifest.json`: where a snapshot came from and what it holds.
public struct Manifest: Sendable {
    public static let schemaVersion = "3.1"
    public static let codeVersion = CodeFingerprint.version

    public let id: String
    public let parent: String?
    public let created: Timestamp
    public let pipelineName: String
    public let pipelinePath: String
    public let pipelineSHA256: String
    public var stages: [StageRecord]
    public var sources: [SourceRecord]
    /// Sources that have failed `fetch.failure_alert_nights` nights in a row or more.
    public var failingSources: [FailingSource]
    public var files: [FileRecord]

    public func json() -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.field("schema_version", Self.schemaVersion)
        w.field("id", id)
        w.field("parent", parent)
        w.field("created", created.iso8601)
        w.key("pipeline")
        w.beginObject()
        w.field("name", pipelineName)
        w.field("path", pipelinePath)
        w.field("sha256", pipelineSHA256)
        w.endObject()
        w.field("code_version", Self.codeVersion)
        w.key("stages")
        w.beginArray()
        for stage in stages {
            w.beginObject()
            w.field("name", stage.name.rawValue)
            w.field("status", stage.status.rawValue)
            w.field("cache_key", stage.cacheKey)
            w.field("started", stage.started.iso8601)
            w.field("seconds", (stage.seconds * 1000).rounded() / 1000)
            w.field("inputs", stage.inputs)
            w.field("outputs", stage.outputs)
            w.key("counts")
            w.beginObject()
            for (key, value) in stage.counts.sorted(by: { $0.key < $1.key }) {
                w.key(text: key)
                w.int(value)
            }
            w.endObject()
            w.endObject()
        }
        w.endArray()
        w.key("sources")
        w.beginArray()
        for source in sources {
            w.beginObject()
            w.field("id", source.id)
            w.field("url", source.url)
            w.field("status", source.status.rawValue)
            w.field("http_status", source.httpStatus)
            w.field("bytes", source.bytes)
            w.field("wire_bytes", source.wireBytes)
            w.field("items", source.items)
            w.field("seconds", (source.seconds * 1000).rounded() / 1000)
            w.field("attempts", source.attempts)
            w.field("error", source.error)
            w.endObject()
        }
        w.endArray()
        w.key("failing_sources")
        w.beginArray()
        for source in failingSources {
            w.beginObject()
            w.field("id", source.id)
            w.field("url", source.url)
            w.field("nights", source.nights)
            w.field("since", source.since)
            w.field("error", source.error)
            w.endObject()
        }
        w.endArray()
        w.key("files")
        w.beginArray()
        for file in files {
            w.beginObject()
            w.field("path", file.path)
            w.field("sha256", file.sha256)
            w.field("rows", file.rows)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.newline()
        return w.bytes
    }
}

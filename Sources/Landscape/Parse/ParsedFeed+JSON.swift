import FoundationEssentials

extension ParsedFeed {
    /// The feed as one line of `landscape parse` output (the conformance format).
    public func writeParseRecord(file: String, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("file", file)
        writer.field("bozo", isBozo)
        writer.field("version", version)
        writer.key("feed")
        writer.beginObject()
        writer.field("title", title)
        writer.field("link", link)
        writer.field("language", language)
        writer.endObject()
        writer.key("entries")
        writer.beginArray()
        for entry in entries {
            writer.beginObject()
            writer.field("id", entry.id)
            writer.field("title", entry.title)
            writer.field("link", entry.link)
            writer.field("published_utc", entry.published?.iso8601)
            writer.field("updated_utc", entry.updated?.iso8601)
            writer.field("summary_text", entry.summary ?? entry.content)
            writer.field("authors", entry.authors)
            writer.field("categories", entry.categories)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }
}

/// `landscape parse FILE...`: one JSON line per file, in the order given.
public enum ParseCommand {
    /// Parses `paths` on up to `jobs` threads and hands the output lines to `emit` in the
    /// order given, a batch at a time, so memory stays flat however many files there are.
    ///
    /// - Parameters:
    ///   - paths: feed files.
    ///   - jobs: threads to parse on.
    ///   - emit: receives consecutive output lines, each ending in a newline.
    public static func run(_ paths: [String], jobs: Int, emit: ([UInt8]) -> Void) {
        let workers = max(1, jobs)
        let batchSize = workers * 16
        var start = 0
        while start < paths.count {
            let batch = Array(paths[start..<min(start + batchSize, paths.count)])
            let lines = parallelMap(batch, jobs: workers, parseRecord)
            var output: [UInt8] = []
            for line in lines {
                output.append(contentsOf: line)
                output.append(UInt8(ascii: "\n"))
            }
            emit(output)
            start += batchSize
        }
    }

    @Sendable private static func parseRecord(_ path: String) -> [UInt8] {
        var writer = JSONWriter()
        guard let bytes = FileBytes.read(path) else {
            writeError(file: path, message: "cannot read the file", isBozo: true, to: &writer)
            return writer.bytes
        }
        do throws(ParseError) {
            let feed = try parseFeed(bytes, origin: path)
            feed.writeParseRecord(file: path, to: &writer)
        } catch {
            writeError(file: path, message: error.description, isBozo: !error.isWellFormed, to: &writer)
        }
        return writer.bytes
    }

    private static func writeError(file: String, message: String, isBozo: Bool, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("file", file)
        writer.field("bozo", isBozo)
        writer.field("version", "")
        writer.key("feed")
        writer.beginObject()
        writer.endObject()
        writer.key("entries")
        writer.beginArray()
        writer.endArray()
        writer.field("error", message)
        writer.endObject()
    }
}

extension ParseCommand {
    /// All cores.
    public static var defaultJobs: Int { availableCores }
}

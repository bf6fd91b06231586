/// `landscape article FILE...`: the page reader alone, one JSON object per file.
public enum ArticleCommand {
    /// Reads `paths` (HTML, or gzipped HTML ending in `.gz`) on up to `jobs` threads and hands
    /// the output lines to `emit` in the order given, a batch at a time.
    ///
    /// - Returns: how many files were read and how many could not be.
    @discardableResult
    public static func run(_ paths: [String], jobs: Int, emit: ([UInt8]) -> Void) -> (pages: Int, failed: Int) {
        let workers = max(1, jobs)
        let batchSize = workers * 16
        var failed = 0
        var start = 0
        while start < paths.count {
            let batch = Array(paths[start..<min(start + batchSize, paths.count)])
            let lines = parallelMap(batch, jobs: workers, record)
            var output: [UInt8] = []
            for (line, isRead) in lines {
                output.append(contentsOf: line)
                output.append(UInt8(ascii: "\n"))
                if !isRead { failed += 1 }
            }
            emit(output)
            start += batchSize
        }
        return (paths.count, failed)
    }

    @Sendable private static func record(_ path: String) -> ([UInt8], Bool) {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("file", path)
        guard var bytes = FileBytes.read(path) else {
            writer.field("error", "cannot read the file")
            writer.endObject()
            return (writer.bytes, false)
        }
        if path.hasSuffix(".gz") {
            guard let plain = Gzip.decompress(bytes) else {
                writer.field("error", "not a complete gzip file")
                writer.endObject()
                return (writer.bytes, false)
            }
            bytes = plain
        }
        let page = PageReader.read(bytes)
        writer.field("url", page.url)
        writer.field("title", page.title)
        writer.field("published_utc", page.published?.iso8601)
        writer.field("authors", page.authors)
        writer.field("language", page.language)
        writer.field("text", page.text)
        writer.endObject()
        return (writer.bytes, true)
    }
}

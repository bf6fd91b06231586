extension ExtractCache {
    /// One month's extract output written as it is made, a block of articles at a time, and
    /// stored as the month's entry once the month is done.
    ///
    /// A month of a million articles' landscape is a hundred megabytes of mention lines and
    /// thirty of deal reports: held whole until stored, two months side by side (one a core, as
    /// a build extracts them) set the build's peak, 780 MB, and it grew with the landscape.
    final class MonthWriter {
        private let cache: ExtractCache
        private let mentions: HashingWriter
        private let reports: HashingWriter
        private let partySets: HashingWriter
        private var (mentionRows, reportRows) = (0, 0)

        init(_ cache: ExtractCache) throws(FileSystemError) {
            self.cache = cache
            var opened: [HashingWriter] = []
            do {
                for name in ["mentions.jsonl", "deals.jsonl", ExtractCache.partySetsFile] {
                    opened.append(try cache.cache.stagedWriter(.extract, name: name))
                }
            } catch {
                for writer in opened { writer.discard() }
                throw error
            }
            (mentions, reports, partySets) = (opened[0], opened[1], opened[2])
        }

        /// Appends the output of the month's next articles.
        func append(_ output: ExtractOutput) throws(FileSystemError) {
            try output.mentions.write(to: mentions.write)
            try output.reports.write(to: reports.write)
            try partySets.write(output.reportPartySets[...])
            mentionRows += output.mentions.count
            reportRows += output.reports.count
        }

        /// Stores the month under `key`, made from the articles of `articleList` ("id digest"
        /// lines), unless an entry is there already.
        func store(key: String, articleList: [UInt8], stamps: FileStamps) throws {
            let files: [CacheFile]
            do {
                files = [
                    try CacheFile("mentions.jsonl", staged: mentions, rows: mentionRows),
                    try CacheFile("deals.jsonl", staged: reports, rows: reportRows),
                    CacheFile("articles.txt", bytes: articleList),
                    try CacheFile(ExtractCache.partySetsFile, staged: partySets, rows: 0),
                    CacheFile("rows.txt", bytes: Array("\(mentionRows)\n".utf8)),
                ]
            } catch {
                discard()
                throw error
            }
            let written: [String: String]?
            do {
                written = try cache.cache.store(shelf: ExtractCache.shelf, key: key, files: files)
            } catch {
                for file in files { file.discardStaged() }
                throw error
            }
            // The mentions just written are recorded with the digest made as they were
            // written: a month's file is not read back whole to check it (85 MB at a million
            // articles). An entry that was there already is checked when it is read.
            if let digest = written?["mentions.jsonl"] {
                stamps.record(
                    FilePaths.join(cache.cache.entryPath(shelf: ExtractCache.shelf, key: key), "mentions.jsonl"),
                    digest: digest)
            }
        }

        /// Removes what was written: the month is not stored.
        func discard() {
            for writer in [mentions, reports, partySets] { writer.discard() }
        }
    }
}

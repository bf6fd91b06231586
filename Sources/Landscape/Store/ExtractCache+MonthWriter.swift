extension ExtractCache {
    /// One month's extract output written as it is made, a block of articles at a time, and
    /// stored as the month's entry once the month is done.
    ///
    /// A month of a million articles' landscape is a hundred megabytes of mention lines and
    /// thirty of deal reports: held whole until stored, two months side by side (one a core, as
    /// a build extracts them) set the build's peak, 780 MB, and it grew with the landscape.
    final class MonthWriter {
        private let cache: ExtractCache
        private let mentions: StagedWriter
        private let reports: StagedWriter
        private let partySets: StagedWriter
        private var (mentionRows, reportRows) = (0, 0)

        init(_ cache: ExtractCache) throws(FileSystemError) {
            self.cache = cache
            let stage = { (name: String) throws(FileSystemError) in
                try cache.cache.stagedWriter(.extract, name: name)
            }
            mentions = try stage("mentions.jsonl")
            do {
                reports = try stage("deals.jsonl")
            } catch {
                mentions.discard()
                throw error
            }
            do {
                partySets = try stage(ExtractCache.partySetsFile)
            } catch {
                mentions.discard()
                reports.discard()
                throw error
            }
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
                    try mentions.finish(rows: mentionRows), try reports.finish(rows: reportRows),
                    CacheFile("articles.txt", bytes: articleList), try partySets.finish(rows: 0),
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

import FoundationEssentials

/// `landscape dedupe`: near-duplicate and same-key articles among plain-text articles (the
/// format of `../shared/eval/` articles), read as a stream; what the dedupe benchmark times.
public enum TextDedupe {
    public struct Result: Sendable {
        /// One `{"article_id", "duplicate_of"}` line per article that repeats an earlier one.
        public let lines: [UInt8]
        public let articles: Int
        public let duplicates: Int
        public let counts: DuplicateGroups.Counts
        public let bands: Int
        public let rows: Int
    }

    /// Groups the articles of `articlesPath`; of a group, the article on the earliest line is the
    /// original.
    ///
    /// - Parameters:
    ///   - articlesPath: one `{id, url, published, title, text}` object per line.
    ///   - options: the pipeline's `dedupe:` section (threshold, shingles, permutations).
    ///   - jobs: threads for decoding and signing.
    /// - Returns: the duplicates as JSON lines, with counts.
    /// - Throws: ``ConfigError`` naming the file and line that cannot be read.
    public static func run(articlesPath: String, options: DedupeOptions, jobs: Int) throws(ConfigError) -> Result {
        guard let reader = LineBatches(path: articlesPath) else {
            throw ConfigError(file: articlesPath, message: "cannot read the file")
        }
        var fingerprints = ArticleFingerprints(
            hasher: MinHasher(permutations: options.minhashPermutations, shingleWords: options.shingleWords))
        var ids: [String] = []
        while true {
            let lines = try reader.next(path: articlesPath)
            if lines.isEmpty { break }
            let decoded = parallelMap(lines, jobs: jobs) { line -> Swift.Result<EvalSet.Article, ConfigError> in
                do {
                    return .success(try JSONDecoder().decode(EvalSet.Article.self, from: Data(line.bytes)))
                } catch {
                    return .failure(ConfigError(file: articlesPath, line: line.line, message: "not a valid article"))
                }
            }
            var batch: [ArticleFingerprints.Input] = []
            batch.reserveCapacity(decoded.count)
            for result in decoded {
                let article = try result.get()
                ids.append(article.id)
                batch.append(
                    ArticleFingerprints.Input(
                        canonicalURL: CanonicalURL.make(article.url), title: article.title,
                        day: article.published.map { String($0.prefix(10)) }, body: article.text))
            }
            fingerprints.append(batch, jobs: jobs)
        }
        let groups = DuplicateGroups(
            threshold: options.nearDuplicateThreshold, permutations: options.minhashPermutations)
        let (originals, counts) = groups.originals(
            signatures: fingerprints.signatures, exactKeys: fingerprints.exactKeys,
            order: .inRecordOrder(count: ids.count))
        var writer = JSONWriter()
        var duplicates = 0
        for (index, original) in originals.enumerated() where original != index {
            writer.beginObject()
            writer.field("article_id", ids[index])
            writer.field("duplicate_of", ids[original])
            writer.endObject()
            writer.newline()
            duplicates += 1
        }
        return Result(
            lines: writer.bytes, articles: ids.count, duplicates: duplicates, counts: counts, bands: groups.bands,
            rows: groups.rows)
    }
}

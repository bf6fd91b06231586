/// `landscape extract`: the deals of plain-text articles (the format of `../shared/eval/`
/// articles), without feeds or a snapshot; also what the extract benchmark times.
public enum TextExtraction {
    public struct Result: Sendable {
        /// One JSON line per deal, articles in input order.
        public let lines: [UInt8]
        public let articles: Int
        public let deals: Int
        /// The extract stage only: not reading, not the gazetteer, not the merge, not output.
        public let seconds: Double
    }

    /// Extracts every article of `articlesPath` on `jobs` threads.
    ///
    /// - Parameters:
    ///   - articlesPath: one `{id, url, published, title, text}` object per line.
    ///   - config: the pipeline whose gazetteer, rates and merge window to use.
    ///   - jobs: threads.
    /// - Returns: the deals as JSON lines, with counts and the time extraction took.
    /// - Throws: ``ConfigError`` naming the file (and line) that cannot be read.
    public static func run(articlesPath: String, config: PipelineConfig, jobs: Int) throws(ConfigError) -> Result {
        let articles = try EvalSet.loadArticles(articlesPath)
        let extractor = try DealExtractor(options: config.extract)
        let seenAt = Timestamp.now
        let prepared = articles.map { $0.pipelineArticle(seenAt: seenAt) }
        let window = config.dedupe.dealWindowDays
        // Timed: the extract stage as the pipeline runs it. The merge that gives each deal its
        // id belongs to the dedupe stage and is left out.
        let started = ContinuousClock.now
        let extractions = ExtractStage.run(prepared, extractor: extractor, jobs: max(1, jobs))
        let elapsed = ContinuousClock.now - started
        let deals = extractions.map { DealMerger.run($0.deals, windowDays: window) }
        var writer = JSONWriter()
        var count = 0
        for deal in deals.joined() {
            deal.write(to: &writer)
            writer.newline()
            count += 1
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(lines: writer.bytes, articles: articles.count, deals: count, seconds: seconds)
    }
}

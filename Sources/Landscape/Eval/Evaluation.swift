/// `landscape eval`: extraction and the deal merge of one article over an annotated set, scored
/// against its gold deals.
public enum Evaluation {
    /// Loads the set and the pipeline's gazetteer, extracts every article and scores the result.
    ///
    /// - Parameters:
    ///   - goldPath: `gold.jsonl`.
    ///   - articlesPath: `articles.jsonl`.
    ///   - rolesPath: optional gold roles of the deals' parties (see ``EvalSet/DealRoles``).
    ///   - config: the pipeline whose gazetteer, rates and merge window to use.
    /// - Returns: the scores, misses, false alarms and type errors.
    /// - Throws: ``ConfigError`` naming the file (and line) of a set or gazetteer that cannot be read.
    public static func run(
        goldPath: String, articlesPath: String, rolesPath: String? = nil, config: PipelineConfig
    ) throws(ConfigError) -> EvalReport {
        let set = try EvalSet.load(goldPath: goldPath, articlesPath: articlesPath, rolesPath: rolesPath)
        let extractor = try DealExtractor(options: config.extract)
        let seenAt = Timestamp.now
        let predictions = set.articles.map { article in
            let extraction = extractor.extract(article.pipelineArticle(seenAt: seenAt))
            let deals = DealMerger.run(extraction.deals, windowDays: config.dedupe.dealWindowDays)
            return DealScorer.Prediction(articleID: article.id, deals: deals)
        }
        return DealScorer.score(set, predictions: predictions)
    }
}

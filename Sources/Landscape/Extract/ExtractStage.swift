/// The extract stage: mentions and per-article deals for every article, on up to `jobs` threads.
public enum ExtractStage {
    /// Extracts every article; the result keeps the order of `articles`.
    public static func run(_ articles: [Article], extractor: DealExtractor, jobs: Int) -> [ArticleExtraction] {
        parallelMap(articles, jobs: jobs) { extractor.extract($0) }
    }
}

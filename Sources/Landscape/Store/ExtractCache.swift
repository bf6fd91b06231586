/// The extract stage's outputs in the ``StageCache``: mentions and per-article deal reports.
struct ExtractCache {
    let cache: StageCache

    func store(key: String, _ extractions: [ArticleExtraction]) throws {
        try cache.store(
            .extract, key: key,
            files: [
                ("mentions.jsonl", extractions.flatMap(\.mentions).jsonLines()),
                ("deals.jsonl", extractions.flatMap(\.deals).jsonLines()),
            ])
    }

    /// The extraction stored under `key` of each article, in the order of `articles`; an
    /// article the entry does not know has none.
    func load(key: String, for articles: [Article]) throws -> [ArticleExtraction] {
        let mentions = try cache.load(Mention.self, .extract, key: key, file: "mentions.jsonl")
        let deals = try cache.load(Deal.self, .extract, key: key, file: "deals.jsonl")
        let mentionsByArticle = Dictionary(grouping: mentions, by: \.articleID)
        let dealsByArticle = Dictionary(grouping: deals) { $0.sources.first?.articleID ?? "" }
        return articles.map { article in
            ArticleExtraction(
                articleID: article.articleID, mentions: mentionsByArticle[article.articleID] ?? [],
                deals: dealsByArticle[article.articleID] ?? [])
        }
    }
}

/// The extract stage's last output (mentions and per-article deals) in the stage cache.
struct ExtractCache {
    let cache: StageCache

    func store(_ extractions: [ArticleExtraction]) throws {
        try cache.store("extract-mentions.jsonl", extractions.flatMap(\.mentions).jsonLines())
        try cache.store("extract-deals.jsonl", extractions.flatMap(\.deals).jsonLines())
    }

    /// The cached extraction of each article, in the order of `articles`.
    func load(for articles: [Article]) throws -> [ArticleExtraction] {
        guard let mentions = try cache.load(Mention.self, "extract-mentions.jsonl"),
            let deals = try cache.load(Deal.self, "extract-deals.jsonl")
        else {
            throw RunError("no cached extract output; run from extract or earlier first")
        }
        let mentionsByArticle = Dictionary(grouping: mentions, by: \.articleID)
        let dealsByArticle = Dictionary(grouping: deals) { $0.sources.first?.articleID ?? "" }
        return articles.map { article in
            ArticleExtraction(
                articleID: article.articleID, mentions: mentionsByArticle[article.articleID] ?? [],
                deals: dealsByArticle[article.articleID] ?? [])
        }
    }
}

/// What extraction found in one article: its mentions and the deals it reports.
public struct ArticleExtraction: Sendable, Hashable {
    public let articleID: String
    public let mentions: [Mention]
    /// Deals of this article alone; the dedupe stage merges them across articles.
    public let deals: [Deal]

    public init(articleID: String, mentions: [Mention], deals: [Deal]) {
        self.articleID = articleID
        self.mentions = mentions
        self.deals = deals
    }
}

/// What extraction found in one article: its mentions and the deals it reports.
public struct ArticleExtraction: Sendable, Hashable {
    public let articleID: String
    public let mentions: [Mention]
    /// Deals of this article alone; the dedupe stage merges them across articles.
    public let deals: [Deal]
    /// Currencies of deal amounts no rate converts (their amounts are not in `deals`).
    public let unratedCurrencies: [String]

    public init(articleID: String, mentions: [Mention], deals: [Deal], unratedCurrencies: [String] = []) {
        self.articleID = articleID
        self.mentions = mentions
        self.deals = deals
        self.unratedCurrencies = unratedCurrencies
    }
}

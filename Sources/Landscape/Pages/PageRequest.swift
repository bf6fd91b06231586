/// A new article's page to read: all the pages stage needs of the article.
///
/// A build's new articles are every article it parsed; held as articles, a copy of them was
/// some 200 MB at a million, and the pages stage reads only these two fields.
public struct PageRequest: Sendable, Equatable {
    public let articleID: String
    public let url: String?

    public init(articleID: String, url: String?) {
        self.articleID = articleID
        self.url = url
    }

    public init(_ article: Article) {
        self.init(articleID: article.articleID, url: article.url)
    }
}

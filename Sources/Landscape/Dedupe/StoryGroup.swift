/// The story an article belongs to, as dedupe decided: the original it repeats, if any, and
/// the id of the group's original.
struct StoryGroup: Sendable, Hashable {
    var duplicateOf: String?
    var clusterID: String

    /// An article that is its own story.
    init(alone articleID: String) {
        duplicateOf = nil
        clusterID = articleID
    }

    init(duplicateOf: String?, clusterID: String) {
        self.duplicateOf = duplicateOf
        self.clusterID = clusterID
    }

    /// The group an article record carries.
    init(of article: Article) {
        self.init(duplicateOf: article.duplicateOf, clusterID: article.clusterID)
    }
}

extension Article {
    /// The article placed in `group`.
    func grouped(_ group: StoryGroup) -> Article {
        var article = self
        article.duplicateOf = group.duplicateOf
        article.clusterID = group.clusterID
        return article
    }
}

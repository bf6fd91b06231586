/// A list of article ids, each found by its id (``IDLookup``): the rows an earlier month's
/// files are read by. Its mentions, its reports and its digests are found through one list,
/// shared, not each through ids and a lookup of its own (26 bytes an article each, 28,000
/// articles a month at a million).
final class ArticleRows: Sendable {
    let ids: ArticleIDs
    private let lookup: IDLookup

    init(_ ids: ArticleIDs) {
        self.ids = ids
        lookup = IDLookup(ids)
    }

    var count: Int { ids.count }

    /// The row of `articleID`: its last place, for an id listed twice (the later article
    /// stands, as in a landscape); nil for an id not listed.
    func row(of articleID: String) -> Int? {
        var found: Int?
        for place in lookup.places(of: articleID, in: ids) { found = place }
        return found
    }
}

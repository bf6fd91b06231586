/// Articles read back without `JSONDecoder` (see ``JSONScanner``): the same fields, required and
/// optional, as `Article.init(from:)`.
extension Article: ScannableRecord {
    init(scanning scanner: inout JSONScanner) throws(JSONScanner.Failure) {
        var articleID: String?
        var url: String?
        var canonicalURL: String?
        var sourceID: String?
        var title: String?
        var published: Timestamp?
        var summary: String?
        var content: String?
        var language: String?
        var authors: [String]?
        var categories: [String]?
        var firstSeen: Timestamp?
        var lastSeen: Timestamp?
        var duplicateOf: String?
        var clusterID: String?
        try scanner.object { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "article_id":
                articleID = try scanner.string()
            case "url":
                url = try scanner.optionalString()
            case "canonical_url":
                canonicalURL = try scanner.optionalString()
            case "source_id":
                sourceID = try scanner.string()
            case "title":
                title = try scanner.optionalString()
            case "published":
                published = try Timestamp(scanning: &scanner)
            case "summary":
                summary = try scanner.optionalString()
            case "content":
                content = try scanner.optionalString()
            case "language":
                language = try scanner.optionalString()
            case "authors":
                authors = try scanner.strings()
            case "categories":
                categories = try scanner.strings()
            case "first_seen":
                firstSeen = try Timestamp(scanning: &scanner)
            case "last_seen":
                lastSeen = try Timestamp(scanning: &scanner)
            case "duplicate_of":
                duplicateOf = try scanner.optionalString()
            case "cluster_id":
                clusterID = try scanner.optionalString()
            default:
                try scanner.skipValue()
            }
        }
        guard let articleID, let sourceID, let authors, let categories, let firstSeen else {
            throw JSONScanner.Failure()
        }
        self.init(
            articleID: articleID, url: url, canonicalURL: canonicalURL, sourceID: sourceID, title: title,
            published: published, summary: summary, content: content, language: language, authors: authors,
            categories: categories, firstSeen: firstSeen, lastSeen: lastSeen, duplicateOf: duplicateOf,
            clusterID: clusterID)
    }
}

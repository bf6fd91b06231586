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
            if key == "article_id" {
                articleID = try scanner.string()
            } else if key == "url" {
                url = try scanner.optionalString()
            } else if key == "canonical_url" {
                canonicalURL = try scanner.optionalString()
            } else if key == "source_id" {
                sourceID = try scanner.string()
            } else if key == "title" {
                title = try scanner.optionalString()
            } else if key == "published" {
                published = try Timestamp(scanning: &scanner)
            } else if key == "summary" {
                summary = try scanner.optionalString()
            } else if key == "content" {
                content = try scanner.optionalString()
            } else if key == "language" {
                language = try scanner.optionalString()
            } else if key == "authors" {
                authors = try scanner.strings()
            } else if key == "categories" {
                categories = try scanner.strings()
            } else if key == "first_seen" {
                firstSeen = try Timestamp(scanning: &scanner)
            } else if key == "last_seen" {
                lastSeen = try Timestamp(scanning: &scanner)
            } else if key == "duplicate_of" {
                duplicateOf = try scanner.optionalString()
            } else if key == "cluster_id" {
                clusterID = try scanner.optionalString()
            } else {
                try scanner.skipValue()
            }
        }
        guard let articleID, let sourceID, let authors, let categories, let firstSeen else {
            throw JSONScanner.Failure(offset: 0)
        }
        self.init(
            articleID: articleID, url: url, canonicalURL: canonicalURL, sourceID: sourceID, title: title,
            published: published, summary: summary, content: content, language: language, authors: authors,
            categories: categories, firstSeen: firstSeen, lastSeen: lastSeen, duplicateOf: duplicateOf,
            clusterID: clusterID)
    }
}

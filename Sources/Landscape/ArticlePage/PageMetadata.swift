import FoundationEssentials

/// What a page says about itself: JSON-LD `NewsArticle`/`Article`, OpenGraph and article
/// `meta` tags, the canonical link and `html lang`, in that order of trust.
struct PageMetadata: Sendable, Equatable {
    var headline: String?
    var published: Timestamp?
    var authors: [String] = []
    var language: String?
    var canonicalURL: String?
    /// The article's text as the page's JSON-LD gives it, when it does.
    var articleBody: String?

    init(_ document: PageDocument) {
        for blob in document.jsonLD {
            guard let article = Self.article(in: blob) else { continue }
            headline = headline ?? article["headline"]?.text
            published = published ?? article["datePublished"]?.text.flatMap(FeedDate.parse)
            if authors.isEmpty { authors = Self.names(article["author"]) }
            language = language ?? article["inLanguage"]?.text
            articleBody = articleBody ?? article["articleBody"]?.text.flatMap { $0.isEmpty ? nil : $0 }
        }
        let meta = document.meta
        headline = headline ?? meta["og:title"] ?? meta["twitter:title"]
        if headline == nil, !document.title.isEmpty { headline = String(decoding: document.title, as: UTF8.self) }
        for key in [
            "article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
            "date", "dc.date", "dc.date.issued", "parsely-pub-date", "sailthru.date",
        ] where published == nil {
            published = meta[key].flatMap(FeedDate.parse)
        }
        if authors.isEmpty {
            authors = [meta["author"], meta["article:author"], meta["parsely-author"]].compactMap { $0 }
                .filter { !$0.isEmpty && !$0.contains("://") }
        }
        language = document.language ?? language ?? meta["og:locale"] ?? meta["content-language"]
        canonicalURL = document.canonicalURL ?? meta["og:url"]
        headline = headline.flatMap(collapseWhitespace)
    }

    /// The first object in a JSON-LD blob (a bare object, an array, or a `@graph`) whose
    /// `@type` is an article.
    private static func article(in blob: [UInt8]) -> [String: JSONValue]? {
        guard let value = JSONLDReader.parse(blob) else { return nil }
        var pending = [value]
        while let next = pending.popLast() {
            switch next {
            case .array(let items): pending += items.reversed()
            case .object(let object):
                if isArticle(object["@type"]) { return object }
                if let graph = object["@graph"] { pending.append(graph) }
                if let main = object["mainEntity"] { pending.append(main) }
            default: break
            }
        }
        return nil
    }

    private static func isArticle(_ type: JSONValue?) -> Bool {
        switch type {
        case .string(let name): name.hasSuffix("Article") || name == "BlogPosting" || name == "Report"
        case .array(let names): names.contains { isArticle($0) }
        default: false
        }
    }

    private static func names(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let name): [name]
        case .object(let object): object["name"]?.text.map { [$0] } ?? []
        case .array(let items): items.flatMap { names($0) }
        default: []
        }
    }
}

extension JSONValue {
    /// A string, or the first string of an array of them.
    fileprivate var text: String? {
        switch self {
        case .string(let value): value
        case .array(let items): items.first?.text
        default: nil
        }
    }
}

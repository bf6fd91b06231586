/// The XML namespaces feeds use, recognised once per element so the builder compares enums.
enum FeedNamespace: Sendable, Hashable {
    case none, atom10, atom03, rss10, rss090, rdf, dublinCore, content, xhtml, xml, iTunes, media, other

    init(uri: String) {
        switch uri {
        // No namespace, and the namespaces some RSS 2.0 feeds declare as their default.
        case "", "http://backend.userland.com/rss2", "http://blogs.law.harvard.edu/tech/rss": self = .none
        case "http://www.w3.org/2005/Atom": self = .atom10
        case "http://purl.org/atom/ns#": self = .atom03
        case "http://purl.org/rss/1.0/": self = .rss10
        case "http://my.netscape.com/rdf/simple/0.9/": self = .rss090
        case "http://www.w3.org/1999/02/22-rdf-syntax-ns#": self = .rdf
        case "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/": self = .dublinCore
        case "http://purl.org/rss/1.0/modules/content/": self = .content
        case "http://www.w3.org/1999/xhtml": self = .xhtml
        case "http://www.w3.org/XML/1998/namespace": self = .xml
        case "http://www.itunes.com/dtds/podcast-1.0.dtd": self = .iTunes
        case "http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss": self = .media
        default: self = .other
        }
    }

    var isAtom: Bool { self == .atom10 || self == .atom03 }

    /// The feed vocabularies themselves (RSS, RDF's RSS 1.0 and 0.90, Atom), as opposed to
    /// modules, whose elements may reuse core names (an extension's `<x:description>`).
    var isCore: Bool { self == .none || self == .rss10 || self == .rss090 || isAtom }
}

/// One attribute of an element, as the builder sees it.
struct XMLAttribute: Sendable {
    let namespace: FeedNamespace
    let name: String
    let value: String
}

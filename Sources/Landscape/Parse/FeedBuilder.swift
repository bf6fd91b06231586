import FoundationEssentials

/// Turns a stream of XML events into a ``ParsedFeed``, for every RSS and Atom dialect.
///
/// Receives events from one parser on one thread; not shared. Text of interesting elements is
/// gathered as bytes and converted once, when the element ends.
final class FeedBuilder {
    private enum Field {
        case feedTitle, feedLink, feedLanguage, feedID
        case title, link, id, summary, content, published, updated, author, authorName, authorEmail, category
        /// A comma-separated list of tags (media:keywords, itunes:keywords).
        case keywords
    }

    /// How an element's text is to be read.
    enum TextKind {
        /// Taken literally; whitespace collapsed.
        case plain
        /// HTML (escaped or in CDATA): entities decoded, tags dropped.
        case html
        /// Inline XHTML: child elements are markup, character data is literal text.
        case xhtml
    }

    private struct Capture {
        let field: Field
        let depth: Int
        let kind: TextKind
        /// The text is base64 (Atom `mode="base64"`, or a non-text MIME type).
        let isBase64: Bool

        var isMarkup: Bool { kind != .plain }
    }

    private let maxDepth: Int
    private(set) var isStopped = false
    private(set) var depthExceeded: Int?
    private(set) var sawRoot = false
    private(set) var firstError: String?

    private var feed = ParsedFeed()
    private var rootName = ""
    private var rootNamespace = FeedNamespace.none
    private var rootVersionAttribute: String?
    private var sawRSS10Namespace = false
    private var sawRSS090Namespace = false
    private var depth = 0
    private var channelDepth: Int?
    private var entryDepth: Int?
    private var entry = FeedEntry()
    /// An RSS guid that is a permalink, or an Atom id, stands in for a missing link.
    private var pendingGuidIsLink = false
    /// `xml:base` in scope: (depth of the element that set it, resolved base).
    private var bases: [(depth: Int, url: String)] = []
    /// The DOCTYPE names Netscape's RSS 0.91 DTD.
    private var isNetscapeDoctype = false
    private var authorDepth: Int?
    private var authorName: String?
    private var authorEmail: String?
    private var capture: Capture?
    private var text: [UInt8] = []

    init(maxDepth: Int) {
        self.maxDepth = maxDepth
        text.reserveCapacity(4096)
    }

    func noteError(_ message: String) {
        if firstError == nil { firstError = message }
    }

    /// The document's DOCTYPE; Netscape's RSS 0.91 DTD marks the `rss091n` dialect.
    func noteDoctype(publicID: String?, systemID: String?) {
        let ids = ((publicID ?? "") + " " + (systemID ?? "")).lowercased()
        if ids.contains("netscape") { isNetscapeDoctype = true }
    }

    /// The namespaces declared on an element; RSS 1.0 and 0.90 are told apart by them even
    /// when no element uses them.
    func noteNamespaceDeclaration(_ namespace: FeedNamespace) {
        if namespace == .rss10 { sawRSS10Namespace = true }
        if namespace == .rss090 { sawRSS090Namespace = true }
    }

    // MARK: Events

    func startElement(namespace: FeedNamespace, name: String, attributes: [XMLAttribute]) {
        depth += 1
        if depth > maxDepth {
            depthExceeded = maxDepth
            isStopped = true
            return
        }
        if namespace == .rss10 { sawRSS10Namespace = true }
        if namespace == .rss090 { sawRSS090Namespace = true }
        if let base = attributes.first(where: { $0.namespace == .xml && $0.name == "base" })?.value {
            bases.append((depth, URLResolver.resolve(base, against: bases.last?.url)))
        }
        if !sawRoot {
            sawRoot = true
            rootName = name
            rootNamespace = namespace
            rootVersionAttribute = attributes.first { $0.name == "version" && $0.namespace == .none }?.value
            if name == "feed" {
                channelDepth = depth
                feed.language = attributes.first { $0.namespace == .xml && $0.name == "lang" }?.value
            }
            if name == "channel" {  // CDF: the channel is the root, with its page in `href`
                channelDepth = depth
                feed.link = attribute("href", attributes)
            }
            return
        }
        if let capture {
            // Markup inside a text element (XHTML content, or HTML a feed forgot to escape):
            // keep its text, and let block-level tags separate words.
            if capture.isMarkup, !HTMLText.inlineTags.contains(name) { text.append(0x20) }
            return
        }
        if entryDepth == nil, name == "item" || name == "entry" {
            entryDepth = depth
            entry = FeedEntry()
            pendingGuidIsLink = false
            // RSS 1.0 names each item by its rdf:about, which feedparser takes as the id.
            entry.id = attributes.first { $0.namespace == .rdf && $0.name == "about" }?.value
            if rootName == "channel" {  // CDF items carry their page and date as attributes
                entry.link = attribute("href", attributes)
                readDate(attribute("lastmod", attributes)) { entry.updated = $0 }
            }
            return
        }
        if entryDepth == nil, channelDepth == nil, name == "channel" {
            channelDepth = depth
            return
        }
        if let entryDepth {
            startEntryChild(namespace: namespace, name: name, attributes: attributes, entryDepth: entryDepth)
        } else if let channelDepth, depth == channelDepth + 1 {
            startChannelChild(namespace: namespace, name: name, attributes: attributes)
        }
    }

    func endElement() {
        defer {
            if let last = bases.last, last.depth == depth { bases.removeLast() }
            depth -= 1
        }
        if let current = capture, current.depth == depth {
            capture = nil
            store(current)
            text.removeAll(keepingCapacity: true)
            return
        }
        if let capture {
            if capture.isMarkup { text.append(0x20) }
            return
        }
        if let start = authorDepth, start == depth {
            authorDepth = nil
            if let name = authorName ?? authorEmail { entry.authors.append(name) }
            authorName = nil
            authorEmail = nil
            return
        }
        if let start = entryDepth, start == depth {
            entryDepth = nil
            feed.entries.append(entry)
            return
        }
        if let start = channelDepth, start == depth, rootName != "feed" {
            channelDepth = nil
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let capture else { return }
        guard capture.kind == .xhtml else {
            text.append(contentsOf: bytes)
            return
        }
        // XHTML character data is text, already unescaped by the XML parser: escape it again so
        // that the HTML reader, which sees the whole capture, keeps it literal.
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "&"): text.append(contentsOf: Self.escapedAmpersand)
            case UInt8(ascii: "<"): text.append(contentsOf: Self.escapedLessThan)
            default: text.append(byte)
            }
        }
    }

    private static let escapedAmpersand = Array("&amp;".utf8)
    private static let escapedLessThan = Array("&lt;".utf8)

    // MARK: Children

    private func startChannelChild(namespace: FeedNamespace, name: String, attributes: [XMLAttribute]) {
        let isCore = namespace.isCore
        let isDublinCore = namespace == .dublinCore
        switch name {
        case "title" where feed.title == nil && (isCore || isDublinCore):
            begin(.feedTitle, attributes: attributes, namespace: namespace)
        case "link" where isCore:
            if let href = attribute("href", attributes) {
                if isAlternateHTML(attributes) { feed.link = resolved(collapseWhitespace(href)) }
            } else {
                begin(.feedLink, kind: .plain)
            }
        case "id" where namespace.isAtom:
            begin(.feedID, kind: .plain)
        case "language" where feed.language == nil && (isCore || isDublinCore):
            begin(.feedLanguage, kind: .plain)
        default:
            break
        }
    }

    private func startEntryChild(
        namespace: FeedNamespace, name: String, attributes: [XMLAttribute], entryDepth: Int
    ) {
        if let authorDepth, depth == authorDepth + 1 {
            if name == "name" { begin(.authorName, kind: .plain) }
            if name == "email" { begin(.authorEmail, kind: .plain) }
            return
        }
        if namespace == .media {
            // Media RSS nests its elements in media:group and media:content; feedparser reads
            // them at any depth, the first title and description filling what the item lacks.
            switch name {
            case "title" where entry.title == nil: begin(.title, kind: .plain)
            case "description" where entry.summary == nil: begin(.summary, kind: .plain)
            case "category": begin(.category, kind: .plain)
            case "keywords": begin(.keywords, kind: .plain)
            default: break
            }
            return
        }
        guard depth == entryDepth + 1 else { return }
        let isCore = namespace.isCore
        let isDublinCore = namespace == .dublinCore
        switch name {
        case "title" where entry.title == nil && (isCore || isDublinCore):
            begin(.title, attributes: attributes, namespace: namespace)
        case "link" where isCore:
            if let href = attribute("href", attributes) {
                if isAlternateHTML(attributes) { entry.link = resolved(collapseWhitespace(href)) }
            } else {
                begin(.link, kind: .plain)
            }
        case "guid" where isCore:
            let permalink = attribute("ispermalink", attributes)?.lowercased() ?? "true"
            begin(.id, kind: .plain)
            pendingGuidIsLink = permalink == "true"
        case "id" where isCore:
            begin(.id, kind: .plain)
            pendingGuidIsLink = true
        case "description" where entry.summary == nil && (isCore || isDublinCore),
            "abstract" where entry.summary == nil && rootName == "channel":
            begin(.summary, kind: .html)
        case "summary" where isCore && entry.summary == nil:
            begin(.summary, attributes: attributes, namespace: namespace)
        case "summary" where namespace == .iTunes && entry.summary == nil:
            begin(.summary, kind: .plain)
        case "encoded" where namespace == .content:
            begin(.content, kind: .html)
        case "content" where isCore:
            begin(.content, attributes: attributes, namespace: namespace)
        case "pubdate" where isCore, "published" where isCore, "issued" where isCore || isDublinCore:
            begin(.published, kind: .plain)
        case "date" where isDublinCore, "updated" where isCore, "modified" where isCore || isDublinCore:
            begin(.updated, kind: .plain)
        case "author" where isAtomLike(namespace):
            authorDepth = depth
        case "author" where isCore || namespace == .iTunes || isDublinCore, "creator" where isDublinCore:
            begin(.author, kind: .plain)
        case "category" where isAtomLike(namespace):
            if let term = attribute("term", attributes), let value = collapseWhitespace(term) {
                entry.categories.append(value)
            }
        case "category" where isCore, "subject" where isDublinCore:
            begin(.category, kind: .plain)
        case "keywords" where namespace == .iTunes:
            begin(.keywords, kind: .plain)
        default:
            break
        }
    }

    private func begin(_ field: Field, kind: TextKind, isBase64: Bool = false) {
        capture = Capture(field: field, depth: depth, kind: kind, isBase64: isBase64)
        text.removeAll(keepingCapacity: true)
    }

    /// Begins a text construct whose kind its attributes tell (Atom), or HTML (RSS).
    private func begin(_ field: Field, attributes: [XMLAttribute], namespace: FeedNamespace) {
        let (kind, isBase64) = Self.textKind(isAtom: isAtomLike(namespace), attributes: attributes)
        begin(field, kind: kind, isBase64: isBase64)
    }

    private func store(_ capture: Capture) {
        var bytes = text
        // Like Python's base64.decodebytes, which feedparser uses: characters outside the
        // alphabet (line breaks, spaces) are skipped.
        if capture.isBase64, let decoded = Data(base64Encoded: Data(bytes), options: .ignoreUnknownCharacters) {
            bytes = [UInt8](decoded)
        }
        let value: String? =
            capture.isMarkup ? HTMLText.plainText(bytes) : collapseWhitespace(String(decoding: bytes, as: UTF8.self))
        switch capture.field {
        case .feedTitle: feed.title = value
        case .feedLink: if let value { feed.link = resolved(value) }
        case .feedLanguage: feed.language = value
        case .feedID: if feed.link == nil { feed.link = resolved(value) }
        case .title: entry.title = value
        case .link: if let value { entry.link = resolved(value) }
        case .id:
            if let value { entry.id = resolved(value) }
            if pendingGuidIsLink, entry.link == nil { entry.link = entry.id }
            pendingGuidIsLink = false
        case .summary:
            entry.summary = value
        case .content:
            if entry.content == nil { entry.content = value }
        case .published:
            readDate(value) { entry.published = $0 }
        case .updated:
            readDate(value) { entry.updated = $0 }
        case .author:
            if let value { entry.authors.append(Self.authorName(from: value)) }
        case .authorName: authorName = value
        case .authorEmail: authorEmail = value
        case .category:
            if let value { entry.categories.append(value) }
        case .keywords:
            for keyword in (value ?? "").split(separator: ",") {
                if let term = collapseWhitespace(String(keyword)) { entry.categories.append(term) }
            }
        }
    }

    /// Atom's vocabulary: the Atom namespaces, or no namespace under a `<feed>` root (Atom 0.3
    /// feeds in an unknown or no namespace, which feedparser reads as Atom).
    private func isAtomLike(_ namespace: FeedNamespace) -> Bool {
        namespace.isAtom || (namespace == .none && rootName == "feed")
    }

    /// A URL resolved against the `xml:base` in scope, if any.
    private func resolved(_ value: String?) -> String? {
        guard let value else { return nil }
        return URLResolver.resolve(value, against: bases.last?.url)
    }

    private func readDate(_ value: String?, assign: (Timestamp) -> Void) {
        guard let value else { return }
        if let timestamp = FeedDate.parse(value) {
            assign(timestamp)
        } else {
            entry.unreadableDates.append(value)
        }
    }

    /// RSS `<author>` is often `mail@example.com (Full Name)` or `Full Name <mail@example.com>`:
    /// keep the name, and the address only when there is no name.
    static func authorName(from value: String) -> String {
        guard value.utf8.contains(UInt8(ascii: "@")) else { return value }
        let words = value.split(separator: " ", omittingEmptySubsequences: true)
        guard let email = words.first(where: { $0.contains("@") && $0.contains(".") }) else { return value }
        let address = email.trimmingCharacters(in: "()<>[]\"',;")
        let rest = words.filter { $0 != email }.joined(separator: " ")
        let name = rest.trimmingCharacters(in: " ()<>[]\"-:,;")
        return name.isEmpty ? address : name
    }

    // MARK: Attributes

    private func attribute(_ name: String, _ attributes: [XMLAttribute]) -> String? {
        Self.attribute(name, attributes)
    }

    static func attribute(_ name: String, _ attributes: [XMLAttribute]) -> String? {
        attributes.first { $0.name == name && ($0.namespace == .none || $0.namespace.isAtom) }?.value
    }

    /// An Atom link that is the entry's page: `rel` alternate (the default) and an HTML type
    /// (the default).
    private func isAlternateHTML(_ attributes: [XMLAttribute]) -> Bool {
        let rel = attribute("rel", attributes) ?? "alternate"
        let type = attribute("type", attributes)?.lowercased() ?? "text/html"
        return rel == "alternate" && (type == "text/html" || type == "application/xhtml+xml")
    }

    /// The kind of an Atom text construct from its `type` (text, html, xhtml or a MIME type) and
    /// Atom 0.3's `mode` (xml, escaped, base64). A non-text, non-XML MIME type means base64.
    /// Everything outside Atom is read as HTML, as feedparser does.
    static func textKind(isAtom: Bool, attributes: [XMLAttribute]) -> (TextKind, isBase64: Bool) {
        guard isAtom else { return (.html, false) }
        let mode = attribute("mode", attributes)?.lowercased()
        let isBase64Mode = mode == "base64"
        guard let type = attribute("type", attributes)?.lowercased() else {
            return (mode == "escaped" ? .html : .plain, isBase64Mode)
        }
        switch type {
        case "text", "text/plain": return (.plain, isBase64Mode)
        case "html", "text/html": return (.html, isBase64Mode)
        case "xhtml", "application/xhtml+xml": return (mode == "escaped" ? .html : .xhtml, isBase64Mode)
        default:
            if type.hasPrefix("text/") || type.hasSuffix("+xml") || type.hasSuffix("/xml") {
                return (.plain, isBase64Mode)
            }
            return (.plain, true)
        }
    }

    // MARK: Result

    func finish(origin: String) throws(ParseError) -> ParsedFeed {
        switch (rootName, rootNamespace) {
        case ("rss", _):
            feed.version = Self.rssVersion(rootVersionAttribute)
            if feed.version == "rss091u", isNetscapeDoctype { feed.version = "rss091n" }
        case ("rdf", _):
            if sawRSS10Namespace {
                feed.version = "rss10"
            } else if sawRSS090Namespace {
                feed.version = "rss090"
            } else {
                feed.version = ""
            }
        case ("feed", .atom10):
            feed.version = "atom10"
        case ("feed", .atom03):
            switch rootVersionAttribute {
            case "0.1": feed.version = "atom01"
            case "0.2": feed.version = "atom02"
            default: feed.version = "atom03"
            }
        case ("feed", _):
            switch rootVersionAttribute {
            case "0.1": feed.version = "atom01"
            case "0.2": feed.version = "atom02"
            case "0.3": feed.version = "atom03"
            default: feed.version = "atom"
            }
        case ("channel", _):
            feed.version = ""  // CDF: feedparser reads it but names no version
        default:
            throw ParseError(code: .notAFeed(root: rootName), origin: origin)
        }
        return feed
    }

    private static func rssVersion(_ attribute: String?) -> String {
        guard let attribute else { return "rss" }
        switch attribute.trimmingCharacters(in: " ") {
        case "0.91": return "rss091u"
        case "0.92": return "rss092"
        case "0.93": return "rss093"
        case "0.94": return "rss094"
        case let value where value.hasPrefix("2"): return "rss20"
        default: return "rss"
        }
    }
}

/// Turns a stream of XML events into a ``ParsedFeed``, for every RSS and Atom dialect.
///
/// Receives events from one parser on one thread; not shared. Text of interesting elements is
/// gathered as bytes and converted once, when the element ends.
final class FeedBuilder {
    private enum Field {
        case feedTitle, feedLink, feedLanguage
        case title, link, id, summary, content, published, updated, author, authorName, authorEmail, category
    }

    private struct Capture {
        let field: Field
        let depth: Int
        let isHTML: Bool
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
    private var entryLinkIsAlternate = false
    /// An RSS guid that is a permalink stands in for a missing `<link>`.
    private var pendingGuidIsLink = false
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
        if !sawRoot {
            sawRoot = true
            rootName = name
            rootNamespace = namespace
            rootVersionAttribute = attributes.first { $0.name == "version" && $0.namespace == .none }?.value
            if name == "feed" {
                channelDepth = depth
                feed.language = attributes.first { $0.namespace == .xml && $0.name == "lang" }?.value
            }
            return
        }
        if let capture {
            // Markup inside a text element (XHTML content, or HTML a feed forgot to escape):
            // keep its text, and let block-level tags separate words.
            if capture.isHTML, !HTMLText.inlineTags.contains(name.lowercased()) { text.append(0x20) }
            return
        }
        if entryDepth == nil, name == "item" || name == "entry" {
            entryDepth = depth
            entry = FeedEntry()
            entryLinkIsAlternate = false
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
        defer { depth -= 1 }
        if let current = capture, current.depth == depth {
            capture = nil
            store(current)
            text.removeAll(keepingCapacity: true)
            return
        }
        if capture != nil {
            if capture?.isHTML == true { text.append(0x20) }
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
        guard capture != nil else { return }
        text.append(contentsOf: bytes)
    }

    // MARK: Children

    private func startChannelChild(namespace: FeedNamespace, name: String, attributes: [XMLAttribute]) {
        switch (namespace, name) {
        case (_, "title") where feed.title == nil && namespace != .dublinCore:
            begin(.feedTitle, isHTML: isHTML(namespace: namespace, attributes: attributes))
        case (_, "link") where namespace.isAtom:
            if feed.link == nil, isAlternate(attributes), let href = attribute("href", attributes) {
                feed.link = collapseWhitespace(href)
            }
        case (_, "link") where feed.link == nil:
            begin(.feedLink, isHTML: false)
        case (_, "language") where feed.language == nil:
            begin(.feedLanguage, isHTML: false)
        default:
            break
        }
    }

    private func startEntryChild(
        namespace: FeedNamespace, name: String, attributes: [XMLAttribute], entryDepth: Int
    ) {
        if let authorDepth, depth == authorDepth + 1 {
            if name == "name" { begin(.authorName, isHTML: false) }
            if name == "email" { begin(.authorEmail, isHTML: false) }
            return
        }
        guard depth == entryDepth + 1 else { return }
        switch name {
        case "title" where namespace != .dublinCore && entry.title == nil:
            begin(.title, isHTML: isHTML(namespace: namespace, attributes: attributes))
        case "link" where namespace.isAtom:
            guard let href = attribute("href", attributes) else { return }
            let alternate = isAlternate(attributes)
            if entry.link == nil || (alternate && !entryLinkIsAlternate) {
                entry.link = collapseWhitespace(href)
                entryLinkIsAlternate = alternate
            }
        case "link" where entry.link == nil:
            begin(.link, isHTML: false)
        case "guid":
            let permalink = attribute("isPermaLink", attributes)?.lowercased() ?? "true"
            begin(.id, isHTML: false)
            if permalink == "true", entry.link == nil { pendingGuidIsLink = true }
        case "id" where namespace.isAtom:
            begin(.id, isHTML: false)
        case "description" where namespace != .dublinCore:
            begin(.summary, isHTML: true)
        case "summary" where namespace.isAtom:
            begin(.summary, isHTML: isHTML(namespace: namespace, attributes: attributes))
        case "encoded" where namespace == .content:
            begin(.content, isHTML: true)
        case "content" where namespace.isAtom:
            begin(.content, isHTML: isHTML(namespace: namespace, attributes: attributes))
        case "pubDate", "published", "issued":
            begin(.published, isHTML: false)
        case "date" where namespace == .dublinCore:
            begin(entry.published == nil ? .published : .updated, isHTML: false)
        case "updated", "modified":
            begin(.updated, isHTML: false)
        case "author" where namespace.isAtom:
            authorDepth = depth
        case "author", "creator":
            begin(.author, isHTML: false)
        case "category" where namespace.isAtom:
            if let term = attribute("term", attributes), let value = collapseWhitespace(term) {
                entry.categories.append(value)
            }
        case "category", "subject":
            begin(.category, isHTML: false)
        default:
            break
        }
    }

    private func begin(_ field: Field, isHTML: Bool) {
        capture = Capture(field: field, depth: depth, isHTML: isHTML)
        text.removeAll(keepingCapacity: true)
    }

    private func store(_ capture: Capture) {
        let value: String? =
            capture.isHTML ? HTMLText.plainText(text) : collapseWhitespace(String(decoding: text, as: UTF8.self))
        switch capture.field {
        case .feedTitle: feed.title = value
        case .feedLink: feed.link = value
        case .feedLanguage: feed.language = value
        case .title: entry.title = value
        case .link: entry.link = value
        case .id:
            entry.id = value
            if pendingGuidIsLink, entry.link == nil { entry.link = value }
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
        }
    }

    private func readDate(_ value: String?, assign: (Timestamp) -> Void) {
        guard let value else { return }
        if let timestamp = FeedDate.parse(value) {
            assign(timestamp)
        } else {
            entry.unreadableDates.append(value)
        }
    }

    /// RSS `<author>` is often `mail@example.com (Full Name)`: keep the name.
    private static func authorName(from value: String) -> String {
        guard let open = value.firstIndex(of: "("), let close = value.lastIndex(of: ")"), open < close else {
            return value
        }
        let name = value[value.index(after: open)..<close].trimmingSpaces
        return name.isEmpty ? value : String(name)
    }

    // MARK: Attributes

    private func attribute(_ name: String, _ attributes: [XMLAttribute]) -> String? {
        attributes.first { $0.name == name && ($0.namespace == .none || $0.namespace.isAtom) }?.value
    }

    private func isAlternate(_ attributes: [XMLAttribute]) -> Bool {
        let rel = attribute("rel", attributes) ?? "alternate"
        return rel == "alternate"
    }

    /// Atom's `type` (text, html, xhtml, or a MIME type) and Atom 0.3's `mode=escaped`.
    /// RSS text may hold HTML (feedparser guesses it), so it always goes through the HTML reader.
    private func isHTML(namespace: FeedNamespace, attributes: [XMLAttribute]) -> Bool {
        guard let type = attribute("type", attributes)?.lowercased() else {
            if attribute("mode", attributes) == "escaped" { return true }
            return !namespace.isAtom
        }
        return type == "html" || type == "xhtml" || type == "text/html" || type == "application/xhtml+xml"
    }

    // MARK: Result

    func finish(origin: String) throws(ParseError) -> ParsedFeed {
        switch (rootName, rootNamespace) {
        case ("rss", _):
            feed.version = Self.rssVersion(rootVersionAttribute)
        case ("RDF", _):
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
            feed.version = "atom"
        case ("channel", _):
            feed.version = "cdf"
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

import CLibXML2

/// Reads HTML into a ``PageDocument`` with libxml2's HTML parser driven by SAX callbacks: no
/// tree of libxml2 nodes is built, scripts are never run, nothing is fetched (no network, no
/// DTD), and malformed markup is repaired as browsers do.
enum PageParser {
    /// Parses UTF-8 HTML (``PageCharset`` has read the page's own charset declaration, so the
    /// parser ignores it). Safe to call from many threads: each call has its own context.
    static func parse(_ html: [UInt8]) -> PageDocument {
        LibXMLGlobal.initialise()
        let builder = PageBuilder()
        var handler = htmlSAXHandler()
        handler.startElement = pageStart
        handler.endElement = pageEnd
        handler.characters = pageCharacters
        handler.cdataBlock = pageCharacters
        handler.ignorableWhitespace = pageCharacters
        handler.serror = pageIgnoreError
        let box = Unmanaged.passRetained(builder)
        defer { box.release() }
        // The whole page is in memory: libxml2's pull parser reads it in one pass, where the
        // push parser looks ahead for the end of every tag before reading it.
        let context: htmlParserCtxtPtr? = html.withUnsafeBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlCreateMemoryParserCtxt($0, Int32(buffer.count))
            }
        }
        guard let context else { return builder.document }
        defer { htmlFreeParserCtxt(context) }
        let options =
            Int32(HTML_PARSE_RECOVER.rawValue) | Int32(HTML_PARSE_NONET.rawValue)
            | Int32(HTML_PARSE_NOERROR.rawValue) | Int32(HTML_PARSE_NOWARNING.rawValue)
            | Int32(HTML_PARSE_IGNORE_ENC.rawValue)
        htmlCtxtUseOptions(context, options)
        // Our callbacks replace the tree builder's, in the handler the context owns.
        guard let sax = context.pointee.sax else { return builder.document }
        sax.pointee = handler
        context.pointee.userData = box.toOpaque()
        xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
        _ = htmlParseDocument(context)
        builder.finish()
        return builder.document
    }
}

/// Builds the document during one parse; confined to the calling thread.
final class PageBuilder {
    var document = PageDocument()
    /// Open elements, innermost last.
    private var stack: [Int32] = []
    /// How many open elements drop their text.
    private var droppedDepth = 0
    private var linkDepth = 0
    /// Where the paragraph being read began in `document.text`, and its link bytes.
    private var paragraphStart = 0
    private var paragraphLinkBytes = 0
    private var pendingSpace = false
    private var capture: Capture = .none
    private var captured: [UInt8] = []
    private var scratch: [UInt8] = []

    private enum Capture { case none, title, jsonLD }

    init() {
        document.text.reserveCapacity(1 << 15)
        document.elements.reserveCapacity(1 << 11)
    }

    func start(_ name: UnsafePointer<xmlChar>?, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        let tag = self.tag(name)
        if !tag.isInline { breakParagraph() }
        var hint = ClassHints.Hint()
        var isHidden = false
        var type: [UInt8] = []
        if let attributes {
            var index = 0
            while let key = attributes[index] {
                let value = attributes[index + 1]
                index += 2
                guard let value else {
                    if Self.equals(key, "hidden") { isHidden = true }
                    continue
                }
                switch attributeName(key) {
                case .className: ClassHints.read(Self.buffer(value), into: &hint, isClass: true)
                case .id, .role: ClassHints.read(Self.buffer(value), into: &hint, isClass: false)
                case .hidden: isHidden = true
                case .style:
                    scratch.removeAll(keepingCapacity: true)
                    for byte in Self.buffer(value) where byte != 0x20 { scratch.append(foldASCII(byte)) }
                    if scratch.contains(sequence: "display:none") || scratch.contains(sequence: "visibility:hidden") {
                        isHidden = true
                    }
                case .type where tag == .script: type = Self.buffer(value).map(foldASCII)
                case .type, .other: break
                }
            }
            if tag == .meta || tag == .link || tag == .html { readHead(tag, attributes) }
        }
        let parent = stack.last ?? -1
        // Furniture and hidden elements keep their text for now: a wrapper of the whole page
        // can carry such a class ("off-canvas-advertisement-pusher"), so ``MainText`` decides
        // once it knows how much of the page's prose each one holds.
        let isRoot = tag == .html || tag == .body || tag == .article || tag == .main
        if isHidden { hint.isFurniture = true }
        if isRoot { hint.isFurniture = false }
        let isDropped = tag.isDropped
        if parent >= 0, !tag.isInline { document.elements[Int(parent)].hasBlockChild = true }
        document.elements.append(
            PageDocument.Element(tag: tag, parent: parent, end: 0, hint: hint, isDropped: isDropped))
        stack.append(Int32(document.elements.count - 1))
        if isDropped { droppedDepth += 1 }
        if tag == .a { linkDepth += 1 }
        if tag == .title {
            capture = .title
            captured.removeAll(keepingCapacity: true)
        } else if tag == .script, type == Array("application/ld+json".utf8) {
            capture = .jsonLD
            captured.removeAll(keepingCapacity: true)
        }
        if tag == .br { breakParagraph() }
    }

    func end(_ name: UnsafePointer<xmlChar>?) {
        guard let open = stack.popLast() else { return }
        let element = document.elements[Int(open)]
        if !element.tag.isInline { breakParagraph() }
        document.elements[Int(open)].end = Int32(document.elements.count)
        if element.isDropped { droppedDepth -= 1 }
        if element.tag == .a { linkDepth -= 1 }
        switch (capture, element.tag) {
        case (.title, .title):
            if document.title.isEmpty { collapseWhitespace(captured, into: &document.title) }
            capture = .none
        case (.jsonLD, .script):
            document.jsonLD.append(captured)
            capture = .none
        default: break
        }
    }

    func characters(_ characters: UnsafePointer<xmlChar>, _ length: Int) {
        let buffer = UnsafeBufferPointer(start: characters, count: length)
        if capture != .none {
            captured.append(contentsOf: buffer)
            return
        }
        guard droppedDepth == 0 else { return }
        let before = document.text.count
        // Runs between whitespace are appended whole; whitespace becomes one space.
        var index = 0
        let count = buffer.count
        while index < count {
            var end = index
            while end < count, !Self.isSpace(buffer[end]) { end += 1 }
            if end > index {
                if pendingSpace, document.text.count > paragraphStart { document.text.append(0x20) }
                pendingSpace = false
                document.text.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<end]))
            }
            if end < count { pendingSpace = true }
            index = end + 1
        }
        if linkDepth > 0 { paragraphLinkBytes += document.text.count - before }
    }

    func finish() {
        breakParagraph()
        for open in stack { document.elements[Int(open)].end = Int32(document.elements.count) }
        stack.removeAll()
    }

    /// Ends the paragraph being read, if it has any text.
    private func breakParagraph() {
        pendingSpace = false
        guard document.text.count > paragraphStart else { return }
        var owner = stack.last ?? -1
        while owner >= 0, document.elements[Int(owner)].tag.isInline { owner = document.elements[Int(owner)].parent }
        let isHeading = owner >= 0 && document.elements[Int(owner)].tag.isHeading
        document.paragraphs.append(
            PageDocument.Paragraph(
                element: owner, range: paragraphStart..<document.text.count, linkBytes: paragraphLinkBytes,
                isHeading: isHeading))
        // Paragraphs are kept apart by a line break in the buffer, so a range never runs into
        // the next one and the whole buffer reads as lines.
        document.text.append(0x0A)
        paragraphStart = document.text.count
        paragraphLinkBytes = 0
    }

    /// The `meta` names and properties ``PageMetadata`` reads; pages carry dozens of others.
    static let metaKeys = WordTable<Void>(
        words: [
            "og:title", "twitter:title", "article:published_time", "og:article:published_time", "datepublished",
            "pubdate", "publishdate", "date", "dc.date", "dc.date.issued", "parsely-pub-date", "sailthru.date",
            "author", "article:author", "parsely-author", "og:locale", "content-language", "og:url",
        ], isCaseBlind: true)

    private func readHead(_ tag: PageTag, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>) {
        func value(of name: StaticString) -> UnsafePointer<xmlChar>? {
            var index = 0
            while let key = attributes[index] {
                if Self.equals(key, name) { return attributes[index + 1] }
                index += 2
            }
            return nil
        }
        switch tag {
        case .html:
            if let language = value(of: "lang"), language[0] != 0 { document.language = String(cString: language) }
        case .link:
            guard document.canonicalURL == nil, let rel = value(of: "rel"), let href = value(of: "href"),
                String(cString: rel).lowercased().split(separator: " ").contains("canonical")
            else { return }
            document.canonicalURL = String(cString: href)
        default:
            guard let content = value(of: "content") else { return }
            for name in [value(of: "property"), value(of: "name"), value(of: "itemprop")] {
                guard let name else { continue }
                let bytes = Self.buffer(name)
                guard Self.metaKeys.value(bytes, 0..<bytes.count) != nil else { continue }
                let key = String(decoding: bytes, as: UTF8.self).lowercased()
                if document.meta[key] == nil { document.meta[key] = String(cString: content) }
            }
        }
    }

    // MARK: names

    private enum AttributeName { case className, id, role, hidden, style, type, other }

    /// libxml2 interns element and attribute names in its dictionary, so each name arrives as
    /// the same pointer every time: it is looked up once per document.
    private var tags: [UnsafeRawPointer: PageTag] = [:]
    private var attributes: [UnsafeRawPointer: AttributeName] = [:]

    private func tag(_ name: UnsafePointer<xmlChar>?) -> PageTag {
        guard let name else { return .other }
        if let known = tags[UnsafeRawPointer(name)] { return known }
        let tag = Self.tag(name, scratch: &scratch)
        tags[UnsafeRawPointer(name)] = tag
        return tag
    }

    private func attributeName(_ name: UnsafePointer<xmlChar>) -> AttributeName {
        if let known = attributes[UnsafeRawPointer(name)] { return known }
        let kind = Self.attributeName(name)
        attributes[UnsafeRawPointer(name)] = kind
        return kind
    }

    private static func attributeName(_ name: UnsafePointer<xmlChar>) -> AttributeName {
        switch name[0] | 0x20 {
        case UInt8(ascii: "c") where equals(name, "class"): .className
        case UInt8(ascii: "i") where equals(name, "id"): .id
        case UInt8(ascii: "r") where equals(name, "role"): .role
        case UInt8(ascii: "h") where equals(name, "hidden"): .hidden
        case UInt8(ascii: "s") where equals(name, "style"): .style
        case UInt8(ascii: "t") where equals(name, "type"): .type
        default: .other
        }
    }

    /// Whether the C string `name` is `word`, ignoring ASCII case.
    private static func equals(_ name: UnsafePointer<xmlChar>, _ word: StaticString) -> Bool {
        let bytes = word.utf8Start
        var index = 0
        while index < word.utf8CodeUnitCount {
            guard foldASCII(name[index]) == bytes[index] else { return false }
            index += 1
        }
        return name[index] == 0
    }

    private static func buffer(_ value: UnsafePointer<xmlChar>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: value, count: strlen(value))
    }

    private static func tag(_ name: UnsafePointer<xmlChar>?, scratch: inout [UInt8]) -> PageTag {
        guard let name else { return .other }
        scratch.removeAll(keepingCapacity: true)
        var index = 0
        while name[index] != 0, index < 16 {
            scratch.append(name[index])
            index += 1
        }
        return PageTag.names.value(scratch, 0..<scratch.count) ?? .other
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
    }
}

extension [UInt8] {
    fileprivate func contains(sequence: StaticString) -> Bool {
        let needle = UnsafeBufferPointer(start: sequence.utf8Start, count: sequence.utf8CodeUnitCount)
        guard needle.count <= count, let first = needle.first else { return false }
        var index = 0
        while index + needle.count <= count {
            if self[index] == first, self[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}

private func builder(_ context: UnsafeMutableRawPointer?) -> PageBuilder? {
    guard let context else { return nil }
    return Unmanaged<PageBuilder>.fromOpaque(context).takeUnretainedValue()
}

private func pageStart(
    _ context: UnsafeMutableRawPointer?, _ name: UnsafePointer<xmlChar>?,
    _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
) {
    builder(context)?.start(name, attributes)
}

private func pageEnd(_ context: UnsafeMutableRawPointer?, _ name: UnsafePointer<xmlChar>?) {
    builder(context)?.end(name)
}

private func pageCharacters(_ context: UnsafeMutableRawPointer?, _ characters: UnsafePointer<xmlChar>?, _ length: Int32)
{
    guard let characters, length > 0 else { return }
    builder(context)?.characters(characters, Int(length))
}

private func pageIgnoreError(_ context: UnsafeMutableRawPointer?, _ error: UnsafeMutablePointer<xmlError>?) {}

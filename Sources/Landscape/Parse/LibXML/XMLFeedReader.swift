import CLandscapeShims
import CLibXML2

/// Streams a feed through libxml2's SAX2 push parser into a ``FeedBuilder``; no DOM is built.
///
/// Options: RECOVER (read what a broken feed still has, and report it as bozo), NONET, and never
/// NOENT, DTDLOAD or HUGE, so that external entities are not loaded and internal ones stay
/// within libxml2's amplification limits.
enum XMLFeedReader {
    static let chunkBytes = 64 * 1024

    static func read(
        _ original: [UInt8], origin: String, charset: String?, limits: ParseLimits
    ) throws(ParseError) -> ParsedFeed {
        LibXMLGlobal.initialise()
        var pass = Pass(origin: origin, limits: limits)
        var encodingIsBozo = false
        switch FeedEncoding.decide(original, httpCharset: charset) {
        case .native(let charset):
            pass.bytes = original
            pass.httpCharset = charset
        case .transcoded(let utf8, let isBozo):
            pass.bytes = utf8
            pass.extraOptions = Int32(XML_PARSE_IGNORE_ENC.rawValue)
            encodingIsBozo = isBozo
        }
        // A NUL byte ends libxml2's reading of the document, so one stray NUL would silently
        // drop its item and every item after it. Past the encoding step (UTF-16 is already
        // UTF-8 here) a NUL is never text: it becomes a space, and the feed is reported.
        let nulBytes = pass.bytes.count { $0 == 0 }
        if nulBytes > 0 {
            for index in pass.bytes.indices where pass.bytes[index] == 0 { pass.bytes[index] = 0x20 }
        }
        // HTML entities in a feed without a DTD are rare: parse as the bytes are, and rewrite
        // them and parse again only when libxml2 reported one, rather than scanning every feed
        // for them beforehand.
        var outcome = pass.run()
        var undefinedEntity: String?
        if outcome.sawUndeclaredEntity, let rewritten = UndefinedEntities.rewrite(pass.bytes) {
            pass.bytes = rewritten.bytes
            undefinedEntity = rewritten.first
            outcome = pass.run()
        }
        var feed = try outcome.feed.get()
        if !outcome.isWellFormed {
            feed.isBozo = true
            feed.bozoMessage = outcome.firstError
        } else if let undefinedEntity {
            feed.isBozo = true
            feed.bozoMessage = "undefined entity &\(undefinedEntity); read as the HTML character"
        } else if encodingIsBozo {
            feed.isBozo = true
            feed.bozoMessage = "declared UTF-8 but is not; read as windows-1252"
        } else if nulBytes > 0 {
            feed.isBozo = true
            feed.bozoMessage = "\(nulBytes) NUL byte\(nulBytes == 1 ? "" : "s") read as spaces"
        }
        return feed
    }

    /// What one run of the parser saw.
    private struct Outcome {
        var feed: Result<ParsedFeed, ParseError>
        var isWellFormed: Bool
        var firstError: String?
        var sawUndeclaredEntity: Bool
    }

    /// One run of libxml2 over `bytes`.
    private struct Pass {
        let origin: String
        let limits: ParseLimits
        var bytes: [UInt8] = []
        var httpCharset: String?
        var extraOptions: Int32 = 0

        init(origin: String, limits: ParseLimits) {
            self.origin = origin
            self.limits = limits
        }

        func run() -> Outcome {
            let builder = FeedBuilder(maxDepth: limits.maxDepth)
            var handler = xmlSAXHandler()
            xmlSAXVersion(&handler, 2)
            handler.startElementNs = saxStartElement
            handler.endElementNs = saxEndElement
            handler.characters = saxCharacters
            handler.cdataBlock = saxCharacters
            handler.serror = saxStructuredError
            handler.reference = nil
            handler.ignorableWhitespace = saxCharacters
            handler.comment = nil
            handler.processingInstruction = nil
            handler.externalSubset = nil
            handler.internalSubset = saxInternalSubset
            handler.resolveEntity = nil
            handler.warning = nil
            handler.error = nil
            handler.fatalError = nil

            let headLength = min(4, bytes.count)
            let created: xmlParserCtxtPtr? = bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: headLength) { head in
                    xmlCreatePushParserCtxt(&handler, nil, head, Int32(headLength), origin)
                }
            }
            guard let context = created else {
                let error = ParseError(code: .notXML, origin: origin, detail: bytes.isEmpty ? "empty body" : "")
                return Outcome(feed: .failure(error), isWellFormed: false, sawUndeclaredEntity: false)
            }
            defer {
                if let document = context.pointee.myDoc {
                    xmlFreeDoc(document)
                    context.pointee.myDoc = nil
                }
                xmlFreeParserCtxt(context)
            }
            let options =
                Int32(XML_PARSE_RECOVER.rawValue) | Int32(XML_PARSE_NONET.rawValue)
                | Int32(XML_PARSE_NOWARNING.rawValue) | Int32(XML_PARSE_NOERROR.rawValue) | extraOptions
            xmlCtxtUseOptions(context, options)
            let session = SAXSession(builder: builder)
            let box = Unmanaged.passRetained(session)
            defer { box.release() }
            context.pointee._private = box.toOpaque()

            if let httpCharset, let handlerForCharset = xmlFindCharEncodingHandler(httpCharset) {
                xmlSwitchToEncoding(context, handlerForCharset)
            }

            bytes.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                    var offset = headLength
                    repeat {
                        let length = min(chunkBytes, buffer.count - offset)
                        let isLast = offset + length >= buffer.count
                        let status = xmlParseChunk(context, chars + offset, Int32(length), isLast ? 1 : 0)
                        offset += length
                        if builder.isStopped || (status != 0 && context.pointee.disableSAX != 0) { break }
                        if isLast { break }
                    } while true
                }
            }
            let isWellFormed = context.pointee.wellFormed != 0 && builder.firstError == nil
            return Outcome(
                feed: finish(builder, isWellFormed: isWellFormed), isWellFormed: isWellFormed,
                firstError: builder.firstError, sawUndeclaredEntity: session.sawUndeclaredEntity)
        }

        private func finish(_ builder: FeedBuilder, isWellFormed: Bool) -> Result<ParsedFeed, ParseError> {
            if let limit = builder.depthExceeded {
                return .failure(ParseError(code: .tooDeep(limit: limit), origin: origin))
            }
            guard builder.sawRoot else {
                let isBlank = bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
                return .failure(
                    ParseError(
                        code: .notXML, origin: origin,
                        detail: isBlank ? "empty document" : builder.firstError ?? "no root element",
                        isWellFormed: isBlank))
            }
            do throws(ParseError) {
                return .success(try builder.finish(origin: origin))
            } catch {
                var error = error
                error.isWellFormed = isWellFormed
                return .failure(error)
            }
        }
    }
}

/// What the SAX callbacks of one parse share: the builder, and the names and namespaces
/// already converted.
private final class SAXSession {
    let builder: FeedBuilder
    /// libxml2 reported a reference to an entity nobody declared (`&nbsp;` in a feed without DTD).
    var sawUndeclaredEntity = false
    var names = InternedStrings<String>()
    var namespaces = InternedStrings<FeedNamespace>()

    init(builder: FeedBuilder) {
        self.builder = builder
    }
}

/// Strings from libxml2's dictionary, converted once per parse: the parser interns element
/// names, attribute names and namespace URIs, so within one parse a pointer always stands for
/// the same string (the dictionary frees nothing until the parser is freed).
private struct InternedStrings<Value> {
    private var keys = [UnsafePointer<xmlChar>?](repeating: nil, count: 64)
    private var values = [Value?](repeating: nil, count: 64)

    mutating func value(
        for pointer: UnsafePointer<xmlChar>, make: (UnsafePointer<xmlChar>) -> Value
    ) -> Value {
        let slot = Int(truncatingIfNeeded: UInt(bitPattern: pointer) >> 3) & 63
        if keys[slot] == pointer, let value = values[slot] { return value }
        let value = make(pointer)
        keys[slot] = pointer
        values[slot] = value
        return value
    }
}

private func session(from context: UnsafeMutableRawPointer?) -> SAXSession? {
    guard let context else { return nil }
    let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
    guard let opaque = parser.pointee._private else { return nil }
    return Unmanaged<SAXSession>.fromOpaque(opaque).takeUnretainedValue()
}

private func builder(from context: UnsafeMutableRawPointer?) -> FeedBuilder? {
    session(from: context)?.builder
}

private func saxStartElement(
    _ context: UnsafeMutableRawPointer?, _ localName: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?,
    _ uri: UnsafePointer<xmlChar>?, _ namespaceCount: Int32,
    _ namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
    _ attributeCount: Int32, _ defaultedCount: Int32, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
) {
    guard let session = session(from: context), let localName else { return }
    let builder = session.builder
    var attributeList: [XMLAttribute] = []
    if let attributes, attributeCount > 0 {
        attributeList.reserveCapacity(Int(attributeCount))
        for index in 0..<Int(attributeCount) {
            let base = index * 5
            guard let name = attributes[base], let valueStart = attributes[base + 3],
                let valueEnd = attributes[base + 4]
            else { continue }
            let raw = UnsafeBufferPointer(start: valueStart, count: valueEnd - valueStart)
            // Without entity substitution, libxml2 hands attribute values over with `&amp;` as
            // the character reference `&#38;`: decode what is left.
            let value =
                raw.contains(UInt8(ascii: "&"))
                ? decodeCharacterReferences(raw) : String(decoding: raw, as: UTF8.self)
            let namespace =
                attributes[base + 2].map { session.namespaces.value(for: $0, make: FeedNamespace.init) } ?? .none
            let attributeName = session.names.value(for: name, make: lowercasedName)
            attributeList.append(XMLAttribute(namespace: namespace, name: attributeName, value: value))
        }
    }
    if let namespaces, namespaceCount > 0, !builder.sawRoot {
        for index in 0..<Int(namespaceCount) {
            if let uri = namespaces[index * 2 + 1] { builder.noteNamespaceDeclaration(FeedNamespace(uri)) }
        }
    }
    var namespace = uri.map { session.namespaces.value(for: $0, make: FeedNamespace.init) } ?? .none
    // An unknown default namespace is the feed's own vocabulary to feedparser; only prefixed
    // unknown elements are extensions.
    if namespace == .other, prefix == nil { namespace = .none }
    // Element names are matched in lower case, as feedparser does (CDF and careless feeds
    // write `<TITLE>`, `<pubdate>`).
    let name = session.names.value(for: localName, make: lowercasedName)
    builder.startElement(namespace: namespace, name: name, attributes: attributeList)
    if builder.isStopped, let context {
        xmlStopParser(context.assumingMemoryBound(to: xmlParserCtxt.self))
    }
}

/// Character references and the five predefined entities in an attribute value, decoded.
private func decodeCharacterReferences(_ raw: UnsafeBufferPointer<UInt8>) -> String {
    var scalars = String.UnicodeScalarView()
    let text = String(decoding: raw, as: UTF8.self)
    var rest = Substring(text)
    while let amp = rest.firstIndex(of: "&") {
        scalars.append(contentsOf: rest[..<amp].unicodeScalars)
        let afterAmp = rest[rest.index(after: amp)...]
        guard let semicolon = afterAmp.prefix(12).firstIndex(of: ";") else {
            scalars.append("&")
            rest = afterAmp
            continue
        }
        let name = afterAmp[..<semicolon]
        var decoded: Unicode.Scalar?
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        } else if name.hasPrefix("#") {
            decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init)
        } else {
            decoded = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"][String(name)]
        }
        if let decoded {
            scalars.append(decoded)
            rest = afterAmp[afterAmp.index(after: semicolon)...]
        } else {
            scalars.append("&")
            rest = afterAmp
        }
    }
    scalars.append(contentsOf: rest.unicodeScalars)
    return String(scalars)
}

private func lowercasedName(_ name: UnsafePointer<xmlChar>) -> String {
    var length = 0
    var hasUpper = false
    while name[length] != 0 {
        if name[length] >= UInt8(ascii: "A") && name[length] <= UInt8(ascii: "Z") { hasUpper = true }
        length += 1
    }
    let bytes = UnsafeBufferPointer(start: name, count: length)
    guard hasUpper else { return String(decoding: bytes, as: UTF8.self) }
    return String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
}

private func saxEndElement(
    _ context: UnsafeMutableRawPointer?, _ localName: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?,
    _ uri: UnsafePointer<xmlChar>?
) {
    builder(from: context)?.endElement()
}

private func saxCharacters(_ context: UnsafeMutableRawPointer?, _ characters: UnsafePointer<xmlChar>?, _ length: Int32)
{
    guard let characters, length > 0, let builder = builder(from: context) else { return }
    builder.characters(UnsafeBufferPointer(start: characters, count: Int(length)))
}

private func saxInternalSubset(
    _ context: UnsafeMutableRawPointer?, _ name: UnsafePointer<xmlChar>?, _ publicID: UnsafePointer<xmlChar>?,
    _ systemID: UnsafePointer<xmlChar>?
) {
    builder(from: context)?.noteDoctype(
        publicID: publicID.map { String(cString: $0) }, systemID: systemID.map { String(cString: $0) })
}

private func saxStructuredError(_ context: UnsafeMutableRawPointer?, _ error: UnsafeMutablePointer<xmlError>?) {
    guard let error, let session = session(from: context) else { return }
    let builder = session.builder
    let code = error.pointee.code
    if code == Int32(XML_ERR_UNDECLARED_ENTITY.rawValue) || code == Int32(XML_WAR_UNDECLARED_ENTITY.rawValue) {
        session.sawUndeclaredEntity = true
    }
    guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
    let message = error.pointee.message.map { String(cString: $0) } ?? "XML error"
    builder.noteError("line \(error.pointee.line): " + message.trimmingCharacters(in: " \n"))
}

extension FeedNamespace {
    fileprivate init(_ uri: UnsafePointer<xmlChar>) {
        self.init(uri: String(cString: uri))
    }
}

import CLibXML2

/// Turns HTML fragments (feed summaries, titles) into plain text with libxml2's HTML parser.
///
/// Entities are decoded (named and numeric), `script` and `style` contents dropped, block-level
/// tags become a space while inline tags vanish, and whitespace is collapsed. Safe to call from
/// many threads: each call has its own parser context.
enum HTMLText {
    /// Tags that do not separate words.
    static let inlineTags: Set<String> = [
        "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i",
        "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u",
        "var", "wbr", "img",
    ]

    /// Plain text of an HTML fragment given as UTF-8 bytes; nil when no text remains.
    ///
    /// Well-nested fragments are read by ``SimpleHTML`` in one pass; the rest by libxml2.
    static func plainText(_ html: [UInt8]) -> String? {
        // Most summaries hold no markup at all: skip the parser for them.
        if !html.contains(UInt8(ascii: "<")) && !html.contains(UInt8(ascii: "&")) {
            var out: [UInt8] = []
            out.reserveCapacity(html.count)
            collapseWhitespace(html, into: &out)
            return out.isEmpty ? nil : String(decoding: out, as: UTF8.self)
        }
        if let text = html.withUnsafeBufferPointer(SimpleHTML.text) {
            return text.isEmpty ? nil : text
        }
        return libXMLPlainText(html)
    }

    /// ``plainText(_:)`` through libxml2's HTML parser, for every fragment ``SimpleHTML``
    /// declines.
    static func libXMLPlainText(_ html: [UInt8]) -> String? {
        LibXMLGlobal.initialise()
        let collector = HTMLTextCollector()
        var handler = htmlSAXHandler()
        handler.startElement = htmlStart
        handler.endElement = htmlEnd
        handler.characters = htmlCharacters
        handler.cdataBlock = htmlCharacters
        handler.ignorableWhitespace = htmlCharacters
        handler.serror = htmlIgnoreError
        let box = Unmanaged.passRetained(collector)
        defer { box.release() }
        guard
            let context = htmlCreatePushParserCtxt(&handler, box.toOpaque(), nil, 0, nil, XML_CHAR_ENCODING_UTF8)
        else { return nil }
        defer { htmlFreeParserCtxt(context) }
        let options =
            Int32(HTML_PARSE_RECOVER.rawValue) | Int32(HTML_PARSE_NONET.rawValue)
            | Int32(HTML_PARSE_NOERROR.rawValue) | Int32(HTML_PARSE_NOWARNING.rawValue)
        htmlCtxtUseOptions(context, options)
        html.withUnsafeBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                _ = htmlParseChunk(context, chars, Int32(buffer.count), 1)
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(collector.text.count)
        collapseWhitespace(collector.text, into: &out)
        return out.isEmpty ? nil : String(decoding: out, as: UTF8.self)
    }
}

/// Gathers text during one HTML parse; confined to the calling thread.
private final class HTMLTextCollector {
    var text: [UInt8] = []
    var skipDepth = 0
}

private func collector(_ context: UnsafeMutableRawPointer?) -> HTMLTextCollector? {
    guard let context else { return nil }
    return Unmanaged<HTMLTextCollector>.fromOpaque(context).takeUnretainedValue()
}

private func tagName(_ name: UnsafePointer<xmlChar>?) -> String {
    guard let name else { return "" }
    return String(cString: name).lowercased()
}

private func htmlStart(
    _ context: UnsafeMutableRawPointer?, _ name: UnsafePointer<xmlChar>?,
    _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
) {
    guard let collector = collector(context) else { return }
    let tag = tagName(name)
    if tag == "script" || tag == "style" { collector.skipDepth += 1 }
    if !HTMLText.inlineTags.contains(tag) { collector.text.append(0x20) }
}

private func htmlEnd(_ context: UnsafeMutableRawPointer?, _ name: UnsafePointer<xmlChar>?) {
    guard let collector = collector(context) else { return }
    let tag = tagName(name)
    if (tag == "script" || tag == "style") && collector.skipDepth > 0 { collector.skipDepth -= 1 }
    if !HTMLText.inlineTags.contains(tag) { collector.text.append(0x20) }
}

private func htmlCharacters(_ context: UnsafeMutableRawPointer?, _ characters: UnsafePointer<xmlChar>?, _ length: Int32)
{
    guard let collector = collector(context), let characters, length > 0, collector.skipDepth == 0 else { return }
    collector.text.append(contentsOf: UnsafeBufferPointer(start: characters, count: Int(length)))
}

private func htmlIgnoreError(_ context: UnsafeMutableRawPointer?, _ error: UnsafeMutablePointer<xmlError>?) {}

import CLibXML2

/// HTML named entities in feeds that declare no DTD (`&eacute;`, `&nbsp;`, `&mdash;`).
///
/// XML defines only five named entities, so such a feed is not well-formed and libxml2 drops
/// the character. Publishers mean the HTML character, which is what feedparser keeps. Before
/// parsing, each one is rewritten as a numeric character reference; the feed is still
/// reported bozo. CDATA sections and comments are left alone, and documents that declare
/// their own entities are not touched.
enum UndefinedEntities {
    /// The bytes with HTML entities rewritten, and the first entity name rewritten; nil when
    /// there was nothing to rewrite.
    static func rewrite(_ array: [UInt8]) -> (bytes: [UInt8], first: String)? {
        guard array.contains(UInt8(ascii: "&")) else { return nil }
        return array.withUnsafeBufferPointer { bytes -> (bytes: [UInt8], first: String)? in
            var output: [UInt8] = []
            var first: String?
            var copied = 0
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "<"), index + 1 < count, bytes[index + 1] == UInt8(ascii: "!") {
                    // A document that declares its own entities does so in its DTD, before any
                    // content, so nothing has been rewritten yet: leave it to libxml2.
                    if starts(bytes, at: index, with: entityDeclaration) { return nil }
                    if let end = skippedSectionEnd(bytes, at: index) {
                        index = end
                        continue
                    }
                }
                guard byte == UInt8(ascii: "&") else {
                    index += 1
                    continue
                }
                var end = index + 1
                while end < count, end - index <= 32, isNameByte(bytes[end]) { end += 1 }
                guard end < count, bytes[end] == UInt8(ascii: ";"), end > index + 1 else {
                    index += 1
                    continue
                }
                let name = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end])
                guard !isPredefined(name), let value = lookup(name) else {
                    index = end + 1
                    continue
                }
                if first == nil {
                    first = String(decoding: name, as: UTF8.self)
                    output.reserveCapacity(count + 64)
                }
                output.append(contentsOf: bytes[copied..<index])
                output.append(contentsOf: Array("&#\(value);".utf8))
                index = end + 1
                copied = index
            }
            guard let first else { return nil }
            output.append(contentsOf: bytes[copied...])
            return (output, first)
        }
    }

    private static func lookup(_ name: UnsafeBufferPointer<UInt8>) -> UInt32? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: name.count + 1) { terminated in
            _ = terminated.initialize(fromContentsOf: name)
            terminated[name.count] = 0
            return htmlEntityLookup(terminated.baseAddress).map { $0.pointee.value }
        }
    }

    /// `#...`, `amp`, `lt`, `gt`, `quot` and `apos`, which XML defines.
    private static func isPredefined(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        if name.first == UInt8(ascii: "#") { return true }
        return predefined.contains { $0.elementsEqual(name) }
    }

    private static let predefined: [[UInt8]] = [
        Array("amp".utf8), Array("lt".utf8), Array("gt".utf8), Array("quot".utf8), Array("apos".utf8),
    ]

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "#")
    }

    /// The index just past a CDATA section or comment starting at `index`, if one does.
    private static func skippedSectionEnd(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        for (open, close) in [(cdataOpen, cdataClose), (commentOpen, commentClose)]
        where starts(bytes, at: index, with: open) {
            guard let found = firstIndex(of: close, in: bytes, from: index + open.count) else { return bytes.count }
            return found + close.count
        }
        return nil
    }

    private static let entityDeclaration = Array("<!ENTITY".utf8)
    private static let cdataOpen = Array("<![CDATA[".utf8)
    private static let cdataClose = Array("]]>".utf8)
    private static let commentOpen = Array("<!--".utf8)
    private static let commentClose = Array("-->".utf8)

    private static func starts(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, with prefix: [UInt8]) -> Bool {
        index + prefix.count <= bytes.count && bytes[index..<(index + prefix.count)].elementsEqual(prefix)
    }

    private static func firstIndex(of needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let head = needle.first, bytes.count >= needle.count else { return nil }
        var index = start
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == head, starts(bytes, at: index, with: needle) { return index }
            index += 1
        }
        return nil
    }
}

import CLibXML2

/// Reads HTML fragments that need no repair to text in one pass over their bytes, giving what
/// ``HTMLText``'s libxml2 reading gives, at a fraction of the cost of a parser per fragment.
///
/// Most feed summaries are short, well-nested HTML: paragraphs, links, emphasis, lists, tables.
/// Anything libxml2's HTML parser would repair or read in a special way makes this reader
/// decline (return nil) so that the caller falls back to libxml2: tags outside a known set
/// (raw-text and head elements among them), a start tag that would close the open element
/// implicitly, an end tag that does not close the innermost open element, entities libxml2
/// would not decode, comments with `--` inside, `<!` and `<?` constructs, control characters.
/// A differential test compares both readings over the feed corpora.
enum SimpleHTML {
    /// The fragment's text with entities decoded and whitespace collapsed as
    /// ``collapseWhitespace(_:into:)`` does, block-level tags separating words; empty when no
    /// text remains, nil when the fragment needs libxml2.
    ///
    /// Text is written straight into the string's storage. No more is ever written than has
    /// been read (tags and entities are never shorter than what they become, and a space is
    /// owed only after at least one byte was read and not written), so the input's length
    /// bounds the output's.
    static func text(_ html: UnsafeBufferPointer<UInt8>) -> String? {
        var isRead = false
        let text = String(unsafeUninitializedCapacity: html.count) { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            var reader = Reader(input: html, output: base, capacity: buffer.count)
            isRead = reader.read()
            return isRead ? reader.written : 0
        }
        return isRead ? text : nil
    }

    /// One element the reader knows; `id` indexes ``closes``.
    struct Tag: Equatable {
        let id: Int
        let isInline: Bool
        let isVoid: Bool
    }

    /// The tags read without libxml2. Whether a tag separates words comes from
    /// ``HTMLText/inlineTags``, so both readings always agree on it; void ones are as in libxml2's
    /// HTML 4 table.
    static let tags: TagTable = {
        let names = [
            "a", "abbr", "b", "big", "cite", "code", "em", "font", "i", "q", "s", "small", "span", "strike",
            "strong", "sub", "sup", "tt", "u", "img", "p", "br", "hr", "div", "ul", "ol", "li", "h1", "h2", "h3",
            "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "td", "th", "thead", "tbody", "tfoot", "dl", "dt",
            "dd", "center",
        ]
        let void: Set<String> = ["img", "br", "hr"]
        var table = TagTable()
        for (index, name) in names.enumerated() {
            guard let key = TagKey(Array(name.utf8)) else { continue }
            table.insert(
                key, Tag(id: index, isInline: HTMLText.inlineTags.contains(name), isVoid: void.contains(name)))
        }
        return table
    }()

    /// Which open element (first) a start tag (second) closes implicitly in libxml2's HTML
    /// parser, for the tags above; seeing one of these makes the reader decline.
    static let closes: Set<Int> = {
        let pairs: [(String, [String])] = [
            ("a", ["a", "table", "td", "th"]),
            ("b", ["center", "p", "td", "th"]), ("i", ["center", "p", "td", "th"]),
            ("u", ["p", "td", "th"]), ("font", ["center", "td", "th"]), ("span", ["td", "th"]),
            ("big", ["p"]), ("s", ["p"]), ("small", ["p"]), ("strike", ["p"]), ("tt", ["p"]),
            ("dd", ["dt"]), ("dl", ["li"]), ("dt", ["dd", "dl"]), ("li", ["li"]),
            ("h1", ["li", "p", "table"]), ("h2", ["li", "p", "table"]), ("h3", ["li", "p", "table"]),
            ("h4", ["li", "p", "table"]), ("h5", ["li", "p", "table"]), ("h6", ["li", "p", "table"]),
            (
                "p",
                [
                    "blockquote", "center", "dd", "div", "dl", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li",
                    "ol", "p", "pre", "table", "tbody", "td", "tfoot", "th", "tr", "ul",
                ]
            ),
            ("pre", ["dd", "dl", "dt", "li", "table", "ul"]), ("ul", ["pre"]),
            ("tbody", ["tbody", "tfoot"]), ("tfoot", ["tbody"]), ("thead", ["tbody", "tfoot"]),
            ("td", ["tbody", "td", "tfoot", "th", "tr"]), ("th", ["tbody", "td", "tfoot", "th", "tr"]),
            ("tr", ["tbody", "tfoot", "tr"]),
        ]
        var set: Set<Int> = []
        for (old, news) in pairs {
            guard let oldTag = tag(old) else { continue }
            for new in news {
                if let newTag = tag(new) { set.insert(oldTag.id << 8 | newTag.id) }
            }
        }
        return set
    }()

    private static func tag(_ name: String) -> Tag? {
        TagKey(Array(name.utf8)).flatMap { tags.tag(for: $0) }
    }

    /// An open-addressed table from tag names to tags, looked up once per tag of every summary:
    /// a multiply-and-shift hash instead of the seeded hasher of `Dictionary`.
    struct TagTable {
        private var keys = [TagKey?](repeating: nil, count: 128)
        private var values = [Tag?](repeating: nil, count: 128)

        private static func slot(_ key: TagKey) -> Int {
            Int(truncatingIfNeeded: (key.low &* 0x9E37_79B9_7F4A_7C15 ^ key.high &* 0xC2B2_AE3D_27D4_EB4F) >> 57)
        }

        mutating func insert(_ key: TagKey, _ tag: Tag) {
            var slot = Self.slot(key)
            while keys[slot] != nil && keys[slot] != key { slot = (slot + 1) & 127 }
            keys[slot] = key
            values[slot] = tag
        }

        func tag(for key: TagKey) -> Tag? {
            var slot = Self.slot(key)
            while let stored = keys[slot] {
                if stored == key { return values[slot] }
                slot = (slot + 1) & 127
            }
            return nil
        }
    }

    /// A tag name of up to 16 bytes, lower-cased, packed into two words for hashing without
    /// allocating.
    struct TagKey: Hashable {
        let low: UInt64
        let high: UInt64

        init?<Bytes: Collection<UInt8>>(_ name: Bytes) {
            guard name.count <= 16 else { return nil }
            var low: UInt64 = 0
            var high: UInt64 = 0
            for (index, byte) in name.enumerated() {
                let lower = UInt64(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                if index < 8 {
                    low |= lower << (8 * UInt64(index))
                } else {
                    high |= lower << (8 * UInt64(index - 8))
                }
            }
            self.low = low
            self.high = high
        }
    }

    private struct Reader {
        let input: UnsafeBufferPointer<UInt8>
        let output: UnsafeMutablePointer<UInt8>
        let capacity: Int
        var written = 0
        /// Whitespace or a block-level tag came after the last text written.
        var pendingSpace = false
        var index = 0
        var open: [Tag] = []
        /// libxml2 implies `<html><body>` at the first tag, and `<p>` as well when text comes first.
        var sawContent = false

        init(input: UnsafeBufferPointer<UInt8>, output: UnsafeMutablePointer<UInt8>, capacity: Int) {
            self.input = input
            self.output = output
            self.capacity = capacity
        }

        mutating func read() -> Bool {
            let count = input.count
            while index < count {
                var byte = input[index]
                if byte &- 0x21 < 0x5F, byte != UInt8(ascii: "<"), byte != UInt8(ascii: "&") {
                    // A run of printable ASCII, the bulk of any text: copied without further checks.
                    if !sawContent { textBegins() }
                    guard write(byte) else { return false }
                    var from = index + 1
                    var to = written
                    while from < count {
                        byte = input[from]
                        guard byte &- 0x21 < 0x5F, byte != UInt8(ascii: "<"), byte != UInt8(ascii: "&") else { break }
                        output[to] = byte  // to <= from < count == capacity
                        to += 1
                        from += 1
                    }
                    index = from
                    written = to
                    continue
                }
                if byte == 0x20 || byte == 0x0A {
                    space()
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") {
                    let handled = byte == UInt8(ascii: "<") ? markup() : reference()
                    guard handled else { return false }
                    continue
                }
                if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D { return false }
                if byte == 0xEF, index + 2 < count, input[index + 1] == 0xBF, input[index + 2] >= 0xBE {
                    return false  // U+FFFE and U+FFFF are not characters to libxml2
                }
                let spaceLength = whitespaceLength(input, at: index, count: count)
                if spaceLength > 0 {
                    // Only ASCII blanks are blanks to libxml2: a leading no-break space is text.
                    if byte >= 0x80, !sawContent { textBegins() }
                    space()
                    index += spaceLength
                    continue
                }
                // Control characters below 0x20 other than blanks are refused above, so this is
                // a byte of a non-space character.
                if !sawContent { textBegins() }
                guard write(byte) else { return false }
                index += 1
            }
            return true
        }

        /// Writes one byte of text, after the space owed to earlier whitespace; false when the
        /// output is full (which the length bound rules out, but a reader must not overrun).
        @inline(__always)
        private mutating func write(_ byte: UInt8) -> Bool {
            if pendingSpace {
                guard written < capacity else { return false }
                output[written] = 0x20
                written += 1
                pendingSpace = false
            }
            guard written < capacity else { return false }
            output[written] = byte
            written += 1
            return true
        }

        @inline(__always)
        private mutating func space() {
            pendingSpace = written > 0
        }

        /// Character data before any tag sits in a paragraph libxml2 implies.
        private mutating func textBegins() {
            sawContent = true
            if let paragraph = SimpleHTML.tag("p") { open.append(paragraph) }
        }

        private func byte(at offset: Int) -> UInt8? {
            offset < input.count ? input[offset] : nil
        }

        private static func isLetter(_ byte: UInt8) -> Bool {
            (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
        }

        private static func isDigit(_ byte: UInt8) -> Bool {
            byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        }

        private static func isBlank(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }

        // MARK: Tags

        /// At `<`: a start tag, an end tag or a comment; false to decline.
        private mutating func markup() -> Bool {
            guard let next = byte(at: index + 1) else { return false }
            if Self.isLetter(next) { return startTag() }
            if next == UInt8(ascii: "/") { return endTag() }
            if next == UInt8(ascii: "!") { return comment() }
            return false
        }

        /// The tag whose name starts at `index`, with `index` moved past the name.
        private mutating func tagName() -> Tag? {
            let start = index
            while let byte = byte(at: index), Self.isLetter(byte) || Self.isDigit(byte) { index += 1 }
            if let byte = byte(at: index),
                byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            {
                return nil
            }
            return TagKey(UnsafeBufferPointer(rebasing: input[start..<index])).flatMap { SimpleHTML.tags.tag(for: $0) }
        }

        private mutating func startTag() -> Bool {
            index += 1
            guard let tag = tagName() else { return false }
            var isSelfClosing = false
            attributes: while true {
                while let byte = byte(at: index), Self.isBlank(byte) { index += 1 }
                guard let byte = byte(at: index) else { return false }
                switch byte {
                case UInt8(ascii: ">"):
                    index += 1
                    break attributes
                case UInt8(ascii: "/"):
                    guard self.byte(at: index + 1) == UInt8(ascii: ">") else { return false }
                    index += 2
                    isSelfClosing = true
                    break attributes
                default:
                    guard skipAttribute() else { return false }
                }
            }
            sawContent = true
            if let top = open.last, SimpleHTML.closes.contains(top.id << 8 | tag.id) { return false }
            if !tag.isInline { space() }
            if !(tag.isVoid || isSelfClosing) {
                open.append(tag)
            }
            return true
        }

        /// Skips `name`, `name=value`, `name="value"` or `name='value'`; false when libxml2
        /// would read the attribute some other way.
        private mutating func skipAttribute() -> Bool {
            guard let first = byte(at: index), Self.isLetter(first) else { return false }
            while let byte = byte(at: index),
                Self.isLetter(byte) || Self.isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
            {
                index += 1
            }
            var probe = index
            while let byte = byte(at: probe), Self.isBlank(byte) { probe += 1 }
            guard byte(at: probe) == UInt8(ascii: "=") else { return true }
            index = probe + 1
            while let byte = byte(at: index), Self.isBlank(byte) { index += 1 }
            guard let opening = byte(at: index) else { return false }
            if opening == UInt8(ascii: "\"") || opening == UInt8(ascii: "'") {
                index += 1
                while let byte = byte(at: index), byte != opening { index += 1 }
                guard index < input.count else { return false }
                index += 1
                return true
            }
            let start = index
            while let byte = byte(at: index), !Self.isBlank(byte), byte != UInt8(ascii: ">") {
                if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    return false
                }
                index += 1
            }
            return index > start
        }

        private mutating func endTag() -> Bool {
            index += 2
            guard let first = byte(at: index), Self.isLetter(first), let tag = tagName(), !tag.isVoid else {
                return false
            }
            while let byte = byte(at: index), Self.isBlank(byte) { index += 1 }
            guard byte(at: index) == UInt8(ascii: ">"), open.last == tag else { return false }
            index += 1
            open.removeLast()
            if !tag.isInline { space() }
            return true
        }

        /// `<!-- ... -->` without `--` inside: no text.
        private mutating func comment() -> Bool {
            guard byte(at: index + 2) == UInt8(ascii: "-"), byte(at: index + 3) == UInt8(ascii: "-") else {
                return false
            }
            var probe = index + 4
            if byte(at: probe) == UInt8(ascii: ">") { return false }
            while probe + 2 < input.count {
                if input[probe] == UInt8(ascii: "-"), input[probe + 1] == UInt8(ascii: "-") {
                    guard input[probe + 2] == UInt8(ascii: ">"), probe > index + 4 else { return false }
                    index = probe + 3
                    return true
                }
                probe += 1
            }
            return false
        }

        // MARK: References

        /// At `&`: a character reference, a known named entity, or a lone `&` before a blank.
        private mutating func reference() -> Bool {
            guard let next = byte(at: index + 1) else { return false }
            if !sawContent { textBegins() }
            if Self.isBlank(next) {
                index += 1
                return write(UInt8(ascii: "&"))
            }
            if next == UInt8(ascii: "#") { return characterReference() }
            guard Self.isLetter(next) else { return false }
            let start = index + 1
            var end = start
            while let byte = byte(at: end), Self.isLetter(byte) || Self.isDigit(byte) { end += 1 }
            guard byte(at: end) == UInt8(ascii: ";"), end - start <= 10 else { return false }
            let name = UnsafeBufferPointer(rebasing: input[start..<end])
            guard let scalar = Self.entityValue(name) else { return false }
            index = end + 1
            return writeScalar(scalar)
        }

        private mutating func characterReference() -> Bool {
            var probe = index + 2
            let isHex = byte(at: probe).map { $0 | 0x20 == UInt8(ascii: "x") } ?? false
            if isHex { probe += 1 }
            var value: UInt32 = 0
            let digitsStart = probe
            while let byte = byte(at: probe), probe - digitsStart < 8 {
                if Self.isDigit(byte) {
                    value = value * (isHex ? 16 : 10) + UInt32(byte - UInt8(ascii: "0"))
                } else if isHex, (byte | 0x20) >= UInt8(ascii: "a"), (byte | 0x20) <= UInt8(ascii: "f") {
                    value = value * 16 + UInt32((byte | 0x20) - UInt8(ascii: "a") + 10)
                } else {
                    break
                }
                probe += 1
            }
            guard probe > digitsStart, byte(at: probe) == UInt8(ascii: ";"), Self.isXMLCharacter(value),
                let scalar = Unicode.Scalar(value)
            else { return false }
            index = probe + 1
            return writeScalar(scalar)
        }

        private static func isXMLCharacter(_ value: UInt32) -> Bool {
            value == 0x09 || value == 0x0A || value == 0x0D || (value >= 0x20 && value <= 0xD7FF)
                || (value >= 0xE000 && value <= 0xFFFD) || (value >= 0x10000 && value <= 0x10FFFF)
        }

        /// A named entity from libxml2's own HTML table, so that both readings agree.
        private static func entityValue(_ name: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: name.count + 1) { buffer in
                _ = buffer.initialize(fromContentsOf: name)
                buffer[name.count] = 0
                guard let entry = htmlEntityLookup(buffer.baseAddress), entry.pointee.value > 0 else { return nil }
                return Unicode.Scalar(entry.pointee.value)
            }
        }

        /// Writes a decoded reference: a space when it is one of the spaces collapsed, else its
        /// UTF-8 bytes.
        private mutating func writeScalar(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            if isCollapsedSpace(value) {
                space()
                return true
            }
            switch value {
            case ..<0x80:
                return write(UInt8(value))
            case ..<0x800:
                return write(UInt8(0xC0 | value >> 6)) && write(UInt8(0x80 | value & 0x3F))
            case ..<0x10000:
                return write(UInt8(0xE0 | value >> 12)) && write(UInt8(0x80 | value >> 6 & 0x3F))
                    && write(UInt8(0x80 | value & 0x3F))
            default:
                return write(UInt8(0xF0 | value >> 18)) && write(UInt8(0x80 | value >> 12 & 0x3F))
                    && write(UInt8(0x80 | value >> 6 & 0x3F)) && write(UInt8(0x80 | value & 0x3F))
            }
        }
    }
}

/// Removes what no reader of article text needs before the HTML parser sees it: the contents
/// of `script`, `style` and `svg` elements (except JSON-LD scripts, which hold metadata) and
/// comments.
///
/// On news pages these are more than half of the bytes, and libxml2 reads them character by
/// character; one pass over the bytes here saves that. The elements themselves stay, empty, so
/// the parser builds the same tree. An element's contents end at the first `</script`,
/// `</style` or `</svg` whatever follows, as in a browser for the first two; inline drawings
/// are never text the page reader keeps.
enum RawTextStripper {
    static func strip(_ html: [UInt8]) -> [UInt8] {
        html.withUnsafeBufferPointer { input in
            var output: [UInt8] = []
            output.reserveCapacity(input.count / 2)
            var copied = 0
            var index = 0
            let count = input.count
            while index < count {
                guard let base = input.baseAddress,
                    let found = memchr(base + index, 0x3C, count - index)
                else { break }
                index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                guard index + 4 < count else { break }
                if input[index + 1] == UInt8(ascii: "!"), input[index + 2] == UInt8(ascii: "-"),
                    input[index + 3] == UInt8(ascii: "-")
                {
                    let close = find(input, "-->", from: index + 4) ?? count
                    output.append(contentsOf: input[copied..<index])
                    index = min(count, close + 3)
                    copied = index
                    continue
                }
                let first = input[index + 1] | 0x20
                guard first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else {
                    index += 1
                    continue
                }
                // A start tag: written again with only the attributes the reader looks at.
                guard let tagEnd = endOfTag(input, from: index + 1) else { break }
                output.append(contentsOf: input[copied..<index])
                slim(input[index...tagEnd], into: &output)
                copied = tagEnd + 1
                let name: StaticString
                if startsWithName(input, at: index + 1, "script") {
                    name = "</script"
                } else if startsWithName(input, at: index + 1, "style") {
                    name = "</style"
                } else if startsWithName(input, at: index + 1, "svg") {
                    name = "</svg"
                } else {
                    index = tagEnd + 1
                    continue
                }
                let contentEnd = find(input, name, from: tagEnd + 1, caseBlind: true) ?? count
                let keeps = name.utf8CodeUnitCount == 8 && find(input[index..<tagEnd], "ld+json") != nil
                if !keeps { copied = contentEnd }
                index = contentEnd
            }
            output.append(contentsOf: input[copied..<count])
            return output
        }
    }

    /// The attributes the page reader reads (``PageBuilder``): class words, hiding, script types,
    /// and what `html`, `meta` and `link` say. On news pages the others (links, image sources,
    /// data attributes, tracking ids) are more than a third of the markup left after scripts.
    private static let keptAttributes = WordTable<Void>(
        words: ["class", "id", "role", "hidden"], isCaseBlind: true)
    /// What `meta`, `link`, `html` and `script` say about the page.
    private static let headAttributes = WordTable<Void>(
        words: ["charset", "content", "name", "property", "itemprop", "http-equiv", "rel", "href", "lang", "type"],
        isCaseBlind: true)

    /// Writes the start tag `tag` (from `<` to `>`) with only the kept attributes, and `href`
    /// on `link`. A tag it cannot read attribute by attribute is written as it is.
    private static func slim(_ tag: Slice<UnsafeBufferPointer<UInt8>>, into output: inout [UInt8]) {
        let input = tag.base
        let end = tag.endIndex - 1  // the ">"
        var cursor = tag.startIndex + 1
        while cursor < end, !isTagSpace(input[cursor]), input[cursor] != UInt8(ascii: "/") { cursor += 1 }
        let nameEnd = cursor
        let isHead =
            startsWithName(input, at: tag.startIndex + 1, "meta")
            || startsWithName(input, at: tag.startIndex + 1, "link")
            || startsWithName(input, at: tag.startIndex + 1, "html")
            || startsWithName(input, at: tag.startIndex + 1, "script")
        var kept: [Range<Int>] = []
        while cursor < end {
            while cursor < end, isTagSpace(input[cursor]) || input[cursor] == UInt8(ascii: "/") { cursor += 1 }
            guard cursor < end else { break }
            let attributeStart = cursor
            while cursor < end, !isTagSpace(input[cursor]), input[cursor] != UInt8(ascii: "="),
                input[cursor] != UInt8(ascii: "/")
            {
                cursor += 1
            }
            let attributeName = attributeStart..<cursor
            var probe = cursor
            while probe < end, isTagSpace(input[probe]) { probe += 1 }
            if probe < end, input[probe] == UInt8(ascii: "=") {
                probe += 1
                while probe < end, isTagSpace(input[probe]) { probe += 1 }
                if probe < end, input[probe] == UInt8(ascii: "\"") || input[probe] == UInt8(ascii: "'") {
                    let quote = input[probe]
                    probe += 1
                    while probe < end, input[probe] != quote { probe += 1 }
                    guard probe < end else {
                        output.append(contentsOf: tag)
                        return
                    }
                    probe += 1
                } else {
                    while probe < end, !isTagSpace(input[probe]) { probe += 1 }
                }
                cursor = probe
            }
            // A style is kept only when it may hide the element.
            let keep =
                keptAttributes.value(input, attributeName) != nil
                || (isHead && headAttributes.value(input, attributeName) != nil)
                || (equals(input[attributeName], "style")
                    && (find(input[attributeStart..<cursor], "none", caseBlind: true) != nil
                        || find(input[attributeStart..<cursor], "hidden", caseBlind: true) != nil))
            if keep { kept.append(attributeStart..<cursor) }
        }
        output.append(contentsOf: input[tag.startIndex..<nameEnd])
        for range in kept {
            output.append(0x20)
            output.append(contentsOf: input[range])
        }
        if input[end - 1] == UInt8(ascii: "/") { output.append(UInt8(ascii: "/")) }
        output.append(UInt8(ascii: ">"))
    }

    /// Whether `bytes` are `word` (lower case), ignoring ASCII case.
    private static func equals(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        var offset = 0
        for byte in bytes {
            guard foldASCII(byte) == word.utf8Start[offset] else { return false }
            offset += 1
        }
        return true
    }

    @inline(__always)
    private static func isTagSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
    }

    /// Whether `name` (lower case) starts at `index`, followed by a byte that ends a tag name.
    private static func startsWithName(_ input: UnsafeBufferPointer<UInt8>, at index: Int, _ name: StaticString)
        -> Bool
    {
        let length = name.utf8CodeUnitCount
        guard index + length < input.count else { return false }
        for offset in 0..<length where foldASCII(input[index + offset]) != name.utf8Start[offset] { return false }
        let after = input[index + length]
        return after == UInt8(ascii: ">") || after == UInt8(ascii: "/") || after == 0x20 || after == 0x09
            || after == 0x0A || after == 0x0D || after == 0x0C
    }

    /// The index of the `>` that ends the tag whose name starts at `index`, skipping quoted
    /// attribute values.
    private static func endOfTag(_ input: UnsafeBufferPointer<UInt8>, from index: Int) -> Int? {
        var quote: UInt8 = 0
        var cursor = index
        while cursor < input.count {
            let byte = input[cursor]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                // A quote opens a value only after "=" (possibly spaced).
                var before = cursor - 1
                while before > index, input[before] == 0x20 { before -= 1 }
                if input[before] == UInt8(ascii: "=") { quote = byte }
            } else if byte == UInt8(ascii: ">") {
                return cursor
            }
            cursor += 1
        }
        return nil
    }

    private static func find(
        _ input: UnsafeBufferPointer<UInt8>, _ needle: StaticString, from start: Int, caseBlind: Bool = false
    ) -> Int? {
        find(input[start..<input.count], needle, caseBlind: caseBlind)
    }

    private static func find(
        _ input: Slice<UnsafeBufferPointer<UInt8>>, _ needle: StaticString, caseBlind: Bool = false
    )
        -> Int?
    {
        let length = needle.utf8CodeUnitCount
        let bytes = needle.utf8Start
        let first = bytes[0]
        var index = input.startIndex
        let last = input.endIndex - length
        guard let base = input.base.baseAddress else { return nil }
        while index <= last {
            guard let found = memchr(base + index, Int32(first), last + 1 - index) else { return nil }
            index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            do {
                var offset = 1
                while offset < length {
                    let byte = caseBlind ? foldASCII(input[index + offset]) : input[index + offset]
                    if byte != bytes[offset] { break }
                    offset += 1
                }
                if offset == length { return index }
            }
            index += 1
        }
        return nil
    }
}

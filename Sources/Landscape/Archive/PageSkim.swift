/// The words of an HTML page, skimmed: everything outside tags, with scripts, styles and
/// comments left out, in one pass over the bytes and no parse. Menus and footers stay in, and
/// entities stay undecoded; it is what the relevance filter reads before a page is worth the
/// article reader's full parse (most pages of a news crawl are not).
enum PageSkim {
    /// The page's text bytes, tags replaced by one space each.
    static func text(_ html: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(html.count / 3)
        html.withUnsafeBufferPointer { bytes in
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                guard byte == UInt8(ascii: "<") else {
                    output.append(byte)
                    index += 1
                    continue
                }
                if let end = skipRawText(bytes, at: index) {
                    index = end
                } else {
                    // Past the tag's closing bracket (or to the end of a cut page).
                    index += 1
                    while index < count, bytes[index] != UInt8(ascii: ">") { index += 1 }
                    index += 1
                }
                if output.last != 0x20 { output.append(0x20) }
            }
        }
        return output
    }

    /// The end of a comment, script or style element that opens at `start`, or nil for another tag.
    private static func skipRawText(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        if matches(bytes, start, commentOpen) { return find(bytes, commentClose, from: start + 4) }
        for (open, close) in rawElements where matches(bytes, start, open) {
            let after = start + open.count
            // "<scripts>" is no script element: a name must end at a space, slash or bracket.
            guard after < bytes.count,
                bytes[after] == 0x20 || bytes[after] == UInt8(ascii: ">")
                    || bytes[after] == UInt8(ascii: "/") || bytes[after] == 0x0A || bytes[after] == 0x09
            else { continue }
            return find(bytes, close, from: after)
        }
        return nil
    }

    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ phrase: [UInt8]) -> Bool {
        guard start + phrase.count <= bytes.count else { return false }
        for offset in 0..<phrase.count where foldASCII(bytes[start + offset]) != phrase[offset] { return false }
        return true
    }

    /// The index just past `phrase` at or after `from`, or the end when it never comes.
    private static func find(_ bytes: UnsafeBufferPointer<UInt8>, _ phrase: [UInt8], from: Int) -> Int {
        var index = from
        while index + phrase.count <= bytes.count {
            if bytes[index] == phrase[0], matches(bytes, index, phrase) { return index + phrase.count }
            index += 1
        }
        return bytes.count
    }

    private static let commentOpen = Array("<!--".utf8)
    private static let commentClose = Array("-->".utf8)
    private static let rawElements: [([UInt8], [UInt8])] = [
        (Array("<script".utf8), Array("</script".utf8)), (Array("<style".utf8), Array("</style".utf8)),
    ]
}

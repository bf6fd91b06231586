/// Splits text (UTF-8 bytes) into sentences, by byte ranges.
///
/// A sentence ends at `.`, `!` or `?` followed by a space and a capital, digit or quote, unless
/// the word before the stop is an abbreviation ("Co.", "Ltd.", "Inc.", "Dr.", an initial), and
/// always at a line break.
enum SentenceSplitter {
    static let abbreviations = WordTable(
        words: [
            "co", "ltd", "inc", "corp", "dr", "mr", "mrs", "ms", "prof", "st", "no", "vs", "jr", "sr", "u.s", "e.g",
            "i.e", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "bhd", "pte",
            "sdn", "pty", "pvt",
            "plc", "approx", "est", "fig", "gov", "govt", "dept", "u.k", "s.a", "n.v", "etc", "int'l", "intl", "mt",
        ], isCaseBlind: true)

    static func split(_ bytes: [UInt8]) -> [Range<Int>] {
        var sentences: [Range<Int>] = []
        var start = 0
        var index = 0
        let count = bytes.count
        func close(at end: Int) {
            var lower = start
            var upper = end
            while lower < upper, isSpaceByte(bytes[lower]) { lower += 1 }
            while upper > lower, isSpaceByte(bytes[upper - 1]) { upper -= 1 }
            if upper > lower { sentences.append(lower..<upper) }
        }
        while index < count {
            let byte = bytes[index]
            if byte == 0x0A {
                close(at: index)
                start = index + 1
            } else if byte == UInt8(ascii: "."), isStop(bytes, at: index) {
                close(at: index + 1)
                start = index + 1
            } else if byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?"),
                isFollowedByNewSentence(bytes, after: index)
            {
                close(at: index + 1)
                start = index + 1
            }
            index += 1
        }
        close(at: count)
        return sentences
    }

    private static func isStop(_ bytes: [UInt8], at index: Int) -> Bool {
        guard isFollowedByNewSentence(bytes, after: index) else { return false }
        // The word before the dot.
        var wordStart = index
        while wordStart > 0, !isSpaceByte(bytes[wordStart - 1]), bytes[wordStart - 1] != UInt8(ascii: "(") {
            wordStart -= 1
        }
        if index - wordStart == 1, bytes[wordStart] >= 0x41, bytes[wordStart] <= 0x5A { return false }  // an initial
        var lower = wordStart
        var upper = index
        while lower < upper, isQuoteOrComma(bytes[lower]) { lower += 1 }
        while upper > lower, isQuoteOrComma(bytes[upper - 1]) { upper -= 1 }
        guard abbreviations.contains(bytes, lower..<upper) else { return true }
        // "… IDT Biologika Corp. With much of …": after a company's suffix, a word that only
        // opens sentences starts a new one.
        return legalAbbreviations.contains(bytes, lower..<upper) && isSentenceOpener(bytes, after: index)
    }

    private static let legalAbbreviations = WordTable(
        words: ["co", "ltd", "inc", "corp", "plc", "bhd", "pte"], isCaseBlind: true)

    /// Capitalised words that begin sentences and never names.
    private static let openers = WordTable(words: [
        "The", "With", "In", "On", "It", "Its", "This", "That", "These", "As", "But", "And", "For", "At", "After",
        "Before", "Under", "While", "When", "Meanwhile", "However", "Separately", "Earlier", "Last", "Shares",
        "According", "Through", "He", "She", "They", "We", "Our", "Their", "A", "An", "If", "Since", "Also",
    ])

    private static func isSentenceOpener(_ bytes: [UInt8], after index: Int) -> Bool {
        var start = index + 1
        while start < bytes.count, isSpaceByte(bytes[start]) { start += 1 }
        var end = start
        while end < bytes.count, (bytes[end] | 0x20) >= UInt8(ascii: "a"), (bytes[end] | 0x20) <= UInt8(ascii: "z") {
            end += 1
        }
        return end > start && openers.contains(bytes, start..<end)
    }

    private static func isQuoteOrComma(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "(")
            || byte == UInt8(ascii: ",")
    }

    private static func isFollowedByNewSentence(_ bytes: [UInt8], after index: Int) -> Bool {
        var next = index + 1
        // Closing quotes or brackets may sit between the stop and the space.
        while next < bytes.count, bytes[next] == UInt8(ascii: "\"") || bytes[next] == UInt8(ascii: ")") {
            next += 1
        }
        guard next < bytes.count else { return true }
        guard isSpaceByte(bytes[next]) else { return false }
        while next < bytes.count, isSpaceByte(bytes[next]) { next += 1 }
        guard next < bytes.count else { return true }
        let first = bytes[next]
        return (first >= 0x41 && first <= 0x5A) || (first >= 0x30 && first <= 0x39) || first == UInt8(ascii: "\"")
            || first == UInt8(ascii: "(") || first >= 0x80
    }
}

@inline(__always)
func isSpaceByte(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
}

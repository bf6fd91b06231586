/// Case-blind comparison of ASCII phrases with UTF-8 text, for the small fixed cue lists that
/// rules check around a name or a trigger (the large lexicons go through ``PhraseMatcher``).
enum ASCIIMatch {
    /// Whether `text` holds `phrase` (lower-case ASCII) from byte `start` on.
    static func matches(_ text: [UInt8], at start: Int, _ phrase: [UInt8]) -> Bool {
        guard start >= 0, start + phrase.count <= text.count else { return false }
        var index = 0
        while index < phrase.count {
            guard foldASCII(text[start + index]) == phrase[index] else { return false }
            index += 1
        }
        return true
    }

    /// Whether `text` holds `phrase` just before byte `end`.
    static func endsWith(_ text: [UInt8], at end: Int, _ phrase: [UInt8]) -> Bool {
        matches(text, at: end - phrase.count, phrase)
    }

    /// Whether `phrase` occurs anywhere in `text[range]`.
    static func contains(_ text: [UInt8], in range: Range<Int>, _ phrase: [UInt8]) -> Bool {
        guard range.count >= phrase.count else { return false }
        return (range.lowerBound...(range.upperBound - phrase.count)).contains { matches(text, at: $0, phrase) }
    }

    /// The phrases as lower-case bytes.
    static func phrases(_ phrases: [String]) -> [[UInt8]] {
        phrases.map { Array($0.lowercased().utf8) }
    }
}

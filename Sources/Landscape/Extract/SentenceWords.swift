/// The words and punctuation of one sentence, as byte ranges: what the rules that read a
/// sentence's shape (who is named where, next to which verb) walk over.
///
/// A word is a run of letters, digits and bytes beyond ASCII, with `.`, `-` and `&` inside it
/// when a letter or digit follows ("Y.S.P.", "Bio-Thera", "inno.V", "AT&T"), and the full stop
/// of a short abbreviation kept ("Co.", "B.V.", "U.S."). A trailing possessive ("Telix's",
/// "Telix’s") is cut off and remembered on the word.
struct SentenceWords {
    struct Word {
        let start: Int
        let end: Int
        /// The word was written with a possessive `'s` after it.
        let isPossessive: Bool
        /// One punctuation byte (`,`, `(`, `)`, `;`, `:`, a quote) rather than a word.
        let isPunctuation: Bool
        var range: Range<Int> { start..<end }
    }

    let words: [Word]

    init(_ text: [UInt8], in sentence: Range<Int>) {
        var words: [Word] = []
        // English runs five to six bytes a word with its space: one allocation, not one per doubling.
        words.reserveCapacity(sentence.count / 5 + 4)
        var index = sentence.lowerBound
        let end = sentence.upperBound
        while index < end {
            let byte = text[index]
            if isWordByte(byte) {
                let start = index
                index += 1
                while index < end {
                    let next = text[index]
                    if isWordByte(next) {
                        index += 1
                    } else if next == UInt8(ascii: ".") || next == UInt8(ascii: "-") || next == UInt8(ascii: "&"),
                        index + 1 < end, isWordByte(text[index + 1])
                    {
                        index += 2
                    } else {
                        break
                    }
                }
                // The full stop of "Co.", "Inc.", "B.V.", "U.S." belongs to the word.
                if index < end, text[index] == UInt8(ascii: "."), index - start <= 4 { index += 1 }
                var wordEnd = index
                var isPossessive = false
                if let length = Self.possessiveLength(text, at: index, end: end) {
                    isPossessive = true
                    index += length
                } else if wordEnd - start > 2, text[wordEnd - 1] == UInt8(ascii: "'") {
                    wordEnd -= 1  // "Siemens'" and the like
                    isPossessive = true
                }
                words.append(Word(start: start, end: wordEnd, isPossessive: isPossessive, isPunctuation: false))
            } else if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            } else if byte == 0xC2, index + 1 < end, text[index + 1] == 0xA0 {
                index += 2  // a no-break space
            } else {
                // Curly quotes and dashes are three bytes, ® and « two, ASCII punctuation one.
                let length = min(end - index, byte == 0xE2 ? 3 : byte == 0xC2 ? 2 : 1)
                words.append(Word(start: index, end: index + length, isPossessive: false, isPunctuation: true))
                index += length
            }
        }
        self.words = words
    }

    /// The length of `'s` or `’s` at `index` when a word boundary follows it.
    private static func possessiveLength(_ text: [UInt8], at index: Int, end: Int) -> Int? {
        var length = 0
        if index < end, text[index] == UInt8(ascii: "'") {
            length = 1
        } else if index + 2 < end, text[index] == 0xE2, text[index + 1] == 0x80, text[index + 2] == 0x99 {
            length = 3
        } else {
            return nil
        }
        guard index + length < end, text[index + length] | 0x20 == UInt8(ascii: "s") else { return nil }
        let after = index + length + 1
        guard after >= end || !isWordByte(text[after]) else { return nil }
        return length + 1
    }
}

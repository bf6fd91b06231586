/// Phrases that settle a deal's type whatever its trigger words say.
enum DealShape {
    /// Words that name a single asset: buying one is a licence in this trade's terms.
    private static let assetWords = WordTable(
        words: [
            "antibody", "antibodies", "drug", "candidate", "asset", "rights", "compound", "program", "programme",
            "molecule", "therapy", "license", "licence", "biosimilar", "product",
        ], isCaseBlind: true)

    /// Whether the first five words just after a buying verb (up to 48 bytes, within the clause)
    /// name an asset.
    static func buysAnAsset(_ text: [UInt8], after end: Int) -> Bool {
        let window = text[end..<min(text.count, end + 48)]
        let clause = window.prefix { $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: ";") }
        guard clause.allSatisfy({ $0 < 0x80 }) else {
            // Letters beyond ASCII, rare here: let Unicode say what a letter is.
            let words = String(decoding: clause, as: UTF8.self).lowercased().split { !$0.isLetter }
            return words.prefix(5).contains { assetWords.contains(Array($0.utf8), 0..<$0.utf8.count) }
        }
        var words = 0
        var index = clause.startIndex
        while index < clause.endIndex, words < 5 {
            guard isLetter(text[index]) else {
                index += 1
                continue
            }
            let start = index
            while index < clause.endIndex, isLetter(text[index]) { index += 1 }
            if assetWords.contains(text, start..<index) { return true }
            words += 1
        }
        return false
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    /// What may follow a percentage for it to be a stake.
    private static let stakeWords = ASCIIMatch.phrases([
        "stake", "interest", "equity", "shareholding", "holding", "of the shares",
    ])

    /// The percentage of a stake the sentence states ("a 51% stake", "20 percent interest").
    ///
    /// Read on bytes: almost every sentence has no `%` and no "percent", and is passed over at once.
    static func stakePercent(in bytes: [UInt8], _ sentence: Range<Int>) -> Double? {
        var index = sentence.lowerBound
        while index < sentence.upperBound {
            var after: Int?
            if bytes[index] == UInt8(ascii: "%") {
                after = index + 1
            } else if bytes[index] | 0x20 == UInt8(ascii: "p"), let length = wordAt(bytes, index, percentWords) {
                after = index + length
            }
            guard let after else {
                index += 1
                continue
            }
            var next = after
            while next < sentence.upperBound, bytes[next] == 0x20 { next += 1 }
            if wordAt(bytes, next, stakeWords) != nil,
                let value = number(endingBefore: index, in: bytes, from: sentence.lowerBound), value > 0,
                value <= 100
            {
                return value
            }
            index = after
        }
        return nil
    }

    private static let percentWords = ASCIIMatch.phrases(["percent", "per cent"])

    /// The length of the first of `words` found at `index`, case-blind, if any.
    private static func wordAt(_ bytes: [UInt8], _ index: Int, _ words: [[UInt8]]) -> Int? {
        words.first { ASCIIMatch.matches(bytes, at: index, $0) }?.count
    }

    /// The decimal number whose last byte is just before `end` (one space allowed: "20 percent").
    private static func number(endingBefore end: Int, in bytes: [UInt8], from start: Int) -> Double? {
        var last = end
        if last > start, bytes[last - 1] == 0x20 { last -= 1 }
        var first = last
        while first > start,
            bytes[first - 1] == UInt8(ascii: ".") || (bytes[first - 1] >= 0x30 && bytes[first - 1] <= 0x39)
        {
            first -= 1
        }
        guard first < last else { return nil }
        return Double(String(decoding: bytes[first..<last], as: UTF8.self))
    }
}

/// Phrases that settle a deal's type whatever its trigger words say.
enum DealShape {
    /// Words that name a single asset: buying one is a licence in this trade's terms.
    private static let assetWords = [
        "antibody", "antibodies", "drug", "candidate", "asset", "rights", "compound", "program", "programme",
        "molecule", "therapy", "license", "licence", "biosimilar", "product",
    ]

    /// Whether the words just after a buying verb (up to 48 bytes, within the clause) name an asset.
    static func buysAnAsset(_ text: [UInt8], after end: Int) -> Bool {
        let window = text[end..<min(text.count, end + 48)]
        let clause = window.prefix { $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: ";") }
        let words = String(decoding: clause, as: UTF8.self).lowercased().split { !$0.isLetter }
        return words.prefix(5).contains { assetWords.contains(String($0)) }
    }

    /// What may follow a percentage for it to be a stake.
    private static let stakeWords = ASCIIMatch.phrases([
        "stake", "interest", "equity", "shareholding", "holding", "of the shares",
    ])

    /// The percentage of a stake the sentence states ("a 51% stake", "20 percent interest").
    ///
    /// Read on bytes: almost every sentence has no `%` and no "percent", and is passed over at once.
    static func stakePercent(in sentence: ArraySlice<UInt8>) -> Double? {
        let bytes = Array(sentence)
        var index = 0
        while index < bytes.count {
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
            while next < bytes.count, bytes[next] == 0x20 { next += 1 }
            if wordAt(bytes, next, stakeWords) != nil, let value = number(endingBefore: index, in: bytes), value > 0,
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
    private static func number(endingBefore end: Int, in bytes: [UInt8]) -> Double? {
        var last = end
        if last > 0, bytes[last - 1] == 0x20 { last -= 1 }
        var first = last
        while first > 0, bytes[first - 1] == UInt8(ascii: ".") || (bytes[first - 1] >= 0x30 && bytes[first - 1] <= 0x39)
        {
            first -= 1
        }
        guard first < last else { return nil }
        return Double(String(decoding: bytes[first..<last], as: UTF8.self))
    }
}

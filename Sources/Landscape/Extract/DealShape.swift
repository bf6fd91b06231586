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

    /// The percentage of a stake the sentence states ("a 51% stake", "20 percent interest").
    static func stakePercent(in sentence: ArraySlice<UInt8>) -> Double? {
        let text = String(decoding: sentence, as: UTF8.self).lowercased()
        for marker in [
            "% stake", "% interest", "% equity", "% shareholding", " percent stake", " per cent stake",
            " percent interest", " per cent interest", "% holding", "% of the shares", " percent of the shares",
        ] {
            guard let range = text.range(of: marker) else { continue }
            let number = text[..<range.lowerBound].reversed().prefix { $0.isNumber || $0 == "." }
            if let value = Double(String(number.reversed())), value > 0, value <= 100 { return value }
        }
        return nil
    }
}

/// "The company signed …": a sentence that opens by pointing back at the article's company.
///
/// News names its company once and then says "the company", "the firm", "the Korean drugmaker".
/// A deal sentence that opens so, and names one other party, is a deal of the company the
/// article is about.
enum CompanyAnaphor {
    /// The bytes of "The [adjective] company" at the start of `sentence`, if it opens so.
    static func opening(_ text: [UInt8], _ sentence: Range<Int>) -> Range<Int>? {
        let words = SentenceWords(text, in: sentence.lowerBound..<min(sentence.upperBound, sentence.lowerBound + 48))
            .words
        guard words.count >= 3, the.contains(text, words[0].range) else { return nil }
        // "The company", "The Korean company", "The Seoul-based drugmaker".
        for index in 1...2 where index < words.count - 1 {
            if nouns.contains(text, words[index].range) {
                // A verb must follow: "The company said", not "The company's plant".
                guard !words[index].isPossessive, !words[index + 1].isPunctuation else { return nil }
                return words[0].start..<words[index].end
            }
            guard !words[index].isPunctuation else { return nil }
        }
        return nil
    }

    private static let the = WordTable(words: ["the"], isCaseBlind: true)
    private static let nouns = WordTable(
        words: ["company", "firm", "drugmaker", "biotech", "group", "developer", "maker", "pharma"], isCaseBlind: true)
}

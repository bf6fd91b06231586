/// "The company signed …": a sentence that opens by pointing back at the article's company.
///
/// News names its company once and then says "the company", "the firm", "the Korean drugmaker".
/// A deal sentence that opens so, and names one other party, is a deal of the company the
/// article is about.
enum CompanyAnaphor {
    /// The bytes of "The [adjective] company" at the start of `sentence`, if it opens so.
    static func opening(_ text: [UInt8], _ sentence: Range<Int>) -> Range<Int>? {
        // "The company", "The Korean company", "The Seoul-based drugmaker"; a verb must follow:
        // "The company said", not "The company's plant".
        theOpening(text, sentence, nouns: nouns) { words, index in
            !words[index].isPossessive && !words[index + 1].isPunctuation
        }
    }

    /// "The financing was led by X": a sentence that opens with the company's round and names
    /// its investor after "by" or "from" is the company's deal.
    ///
    /// - Returns: the bytes of "The financing" (or round, funding...), when the sentence opens so.
    static func roundOpening(_ text: [UInt8], _ sentence: Range<Int>) -> Range<Int>? {
        theOpening(text, sentence, nouns: roundNouns) { words, index in
            let rest = words[index + 1].start..<min(sentence.upperBound, words[index + 1].start + 24)
            return roundVerbs.contains { ASCIIMatch.contains(text, in: rest, $0) }
        }
    }

    /// "The" and one of `nouns` as its first or second word after, when `accepts` the words
    /// and the noun's index.
    private static func theOpening(
        _ text: [UInt8], _ sentence: Range<Int>, nouns: WordTable<Void>,
        accepts: ([SentenceWords.Word], Int) -> Bool
    ) -> Range<Int>? {
        let words = SentenceWords(text, in: sentence.lowerBound..<min(sentence.upperBound, sentence.lowerBound + 48))
            .words
        guard words.count >= 3, the.contains(text, words[0].range) else { return nil }
        for index in 1...2 where index < words.count - 1 {
            if nouns.contains(text, words[index].range) {
                return accepts(words, index) ? words[0].start..<words[index].end : nil
            }
            guard !words[index].isPunctuation else { return nil }
        }
        return nil
    }

    private static let roundNouns = WordTable(
        words: ["financing", "round", "funding", "investment", "placement", "fundraise", "raise"], isCaseBlind: true)
    private static let roundVerbs = ASCIIMatch.phrases(["led by", "backed by", "came from", "joined by", "from"])

    private static let the = WordTable(words: ["the"], isCaseBlind: true)
    private static let nouns = WordTable(
        words: ["company", "firm", "drugmaker", "biotech", "group", "developer", "maker", "pharma"], isCaseBlind: true)
}

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

    /// "The" and one of `nouns` as its first, second or third word after, when `accepts` the
    /// words and the noun's index. "The" opens the sentence or follows a short opening phrase
    /// and its comma ("In late 2021, the company signed").
    private static func theOpening(
        _ text: [UInt8], _ sentence: Range<Int>, nouns: WordTable<Void>,
        accepts: ([SentenceWords.Word], Int) -> Bool
    ) -> Range<Int>? {
        // Most sentences open otherwise: judged by their first word before any is split off.
        var firstEnd = sentence.lowerBound
        while firstEnd < sentence.upperBound, text[firstEnd] != 0x20 { firstEnd += 1 }
        guard
            the.contains(text, sentence.lowerBound..<firstEnd) || openers.contains(text, sentence.lowerBound..<firstEnd)
        else { return nil }
        let words = SentenceWords(text, in: sentence.lowerBound..<min(sentence.upperBound, sentence.lowerBound + 72))
            .words
        var first = 0
        // "In late 2021, the company": an opening phrase of time or sequence, then its comma.
        if words.count >= 3, openers.contains(text, words[0].range),
            let comma = words.prefix(7).firstIndex(where: { $0.isPunctuation && text[$0.start] == UInt8(ascii: ",") })
        {
            first = comma + 1
        }
        guard words.count >= first + 3, the.contains(text, words[first].range) else { return nil }
        for index in (first + 1)...(first + 3) where index < words.count - 1 {
            if nouns.contains(text, words[index].range) {
                return accepts(words, index) ? words[first].start..<words[index].end : nil
            }
            guard !words[index].isPunctuation else { return nil }
        }
        return nil
    }

    /// First words of an opening phrase of time or sequence.
    private static let openers = WordTable(
        words: [
            "in", "on", "at", "last", "earlier", "later", "meanwhile", "and", "also", "separately", "previously",
            "since", "by", "during", "after", "before", "this", "next", "then", "back", "today", "yesterday",
        ], isCaseBlind: true)

    private static let roundNouns = WordTable(
        words: ["financing", "round", "funding", "investment", "placement", "fundraise", "raise"], isCaseBlind: true)
    private static let roundVerbs = ASCIIMatch.phrases(["led by", "backed by", "came from", "joined by", "from"])

    private static let the = WordTable(words: ["the"], isCaseBlind: true)
    private static let nouns = WordTable(
        words: [
            "company", "firm", "drugmaker", "biotech", "group", "developer", "maker", "pharma", "manufacturer",
            "startup",
            "biopharma", "cdmo",
        ], isCaseBlind: true)
}

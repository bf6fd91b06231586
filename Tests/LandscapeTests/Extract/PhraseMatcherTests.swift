import Testing

@testable import Landscape

@Suite("Phrase matcher")
struct PhraseMatcherTests {
    private func found(_ matcher: PhraseMatcher, _ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return matcher.allMatches(in: bytes).map {
            "\($0.phrase):" + String(decoding: bytes[$0.start..<$0.end], as: UTF8.self)
        }
    }

    @Test("whole words only, case folded, overlapping phrases all found, ordered by end")
    func wholeWords() {
        let matcher = PhraseMatcher(phrases: ["licence", "licence agreement", "agreement", "cell"])
        #expect(
            found(matcher, "A Licence Agreement, not a licensee; cells are not a cell.")
                == ["0:Licence", "1:Licence Agreement", "2:Agreement", "3:cell"])
    }

    @Test("a phrase listed twice is found under both numbers")
    func samePhraseTwice() {
        let matcher = PhraseMatcher(phrases: ["Alliance", "merger", "alliance"])
        #expect(found(matcher, "The alliance ended.") == ["0:alliance", "2:alliance"])
        // Of two matches of one span, the lower number is the longest match.
        let longest = PhraseMatcher.longest(matcher.allMatches(in: Array("an Alliance".utf8)))
        #expect(longest.map(\.phrase) == [0])
    }

    @Test("one walk finds the gazetteer's names and the extra phrases, even one spelled like a name")
    func recognizerExtras() {
        let gazetteer = Gazetteer(
            organizations: [
                Organization(id: "alliance", name: "Alliance", aliases: [], country: "AU", kind: .company),
                Organization(
                    id: "hanmi", name: "Hanmi Pharmaceutical", aliases: ["Hanmi"], country: "KR", kind: .company),
            ],
            places: [])
        let recognizer = EntityRecognizer(gazetteer: gazetteer, alsoFinding: ["licensed", "alliance", "Hanmi Pharm"])
        let text = Array("Hanmi Pharmaceutical licensed a drug to Alliance in an alliance.".utf8)
        let (hits, extra) = recognizer.scan(text)
        #expect(hits.map(\.organizationIndex) == [1, 0, 0])
        #expect(
            hits.map { String(decoding: text[$0.start..<$0.end], as: UTF8.self) } == [
                "Hanmi Pharmaceutical", "Alliance", "alliance",
            ])
        // Extra phrases are numbered as given; "Hanmi Pharm" is no whole word here.
        #expect(extra.map(\.phrase) == [0, 1, 1])
        #expect(recognizer.hits(in: text) == hits)
    }

    @Test("no phrase of the deal lexicon and the modalities is listed twice: each has one meaning")
    func lexiconPhrasesAreUnique() {
        let phrases = (DealLexicon.entries.map(\.0) + ModalityLexicon.entries.map(\.0)).map { $0.lowercased() }
        let repeated = Dictionary(grouping: phrases, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(repeated.isEmpty, "\(repeated)")
    }
}

/// The cheap test a page from a news archive passes before full extraction: does it read like
/// life-science deal news at all?
///
/// A news crawl is mostly sport, politics and markets. A page is kept when it has a deal word
/// (the extractor's own triggers: "licence", "acquire", "partnership"...) and either an
/// organisation the gazetteer knows or a word of the sector ("biotech", "pharmaceutical",
/// "therapeutics", "drug"...). Two passes of the phrase matchers over the text, no sentence or
/// name analysis: thousands of pages a second on one core.
public struct RelevanceFilter: Sendable {
    private let lexicon = DealLexicon()
    private let recognizer: EntityRecognizer

    public init(gazetteer: Gazetteer) {
        recognizer = EntityRecognizer(gazetteer: gazetteer)
    }

    /// Whether a page whose text (title included) is `bytes` may report a deal of the landscape.
    public func isRelevant(_ bytes: [UInt8]) -> Bool {
        let hasDealWord = lexicon.matcher.allMatches(in: bytes).contains { match in
            if case .trigger = DealLexicon.cue(of: match) { return true }
            if case .genericTrigger = DealLexicon.cue(of: match) { return true }
            return false
        }
        guard hasDealWord else { return false }
        if !Self.sectorWords.allMatches(in: bytes).isEmpty { return true }
        return recognizer.hits(in: bytes).contains { $0.organizationIndex != nil }
    }

    private static let sectorWords = PhraseMatcher(phrases: [
        "biotech", "biotechnology", "biopharma", "biopharmaceutical", "pharma", "pharmaceutical", "pharmaceuticals",
        "therapeutics", "biologics", "biosciences", "bioscience", "drug", "drugs", "drugmaker", "medicine",
        "medicines", "vaccine", "vaccines", "antibody", "clinical", "biosimilar", "cell therapy", "gene therapy",
        "diagnostics", "medtech", "medical device", "oncology", "CDMO", "CRO",
    ])
}

/// The clauses of a sentence that each name their own parties.
///
/// News joins two deals in one sentence with a contrast: "Hansoh licensed its ADC to GSK,
/// while Daewoong agreed to buy a stake in Norvana". The parties of one clause have no deal with
/// those of the other, so a sentence is read clause by clause when a contrast divides it and
/// organisations stand on both sides; otherwise it stays whole ("X licensed A to Y, while
/// keeping the rights in China" has no party after the contrast).
enum Clauses {
    /// The sentence's clauses.
    ///
    /// - Parameters:
    ///   - sentence: the sentence's bytes in the text.
    ///   - hits: the names recognised in the sentence, in order.
    ///   - contrasts: where the sentence's contrasts (``DealLexicon/Cue/contrast``) begin, in order.
    /// - Returns: the clauses' bytes in order; the sentence itself when it does not divide.
    static func split(
        _ sentence: Range<Int>, hits: ArraySlice<EntityRecognizer.Hit>, contrasts: some Sequence<Int>
    ) -> [Range<Int>] {
        var organizations = hits.lazy.filter { $0.organizationIndex != nil }.map(\.start).makeIterator()
        guard let first = organizations.next(), organizations.next() != nil else { return [sentence] }
        var clauses: [Range<Int>] = []
        var start = sentence.lowerBound
        for contrast in contrasts where contrast > first && sentence.contains(contrast) {
            let left = start..<contrast
            let right = contrast..<sentence.upperBound
            // Both sides must name an organisation for the contrast to divide the sentence.
            guard hits.contains(where: { $0.organizationIndex != nil && left.contains($0.start) }),
                hits.contains(where: { $0.organizationIndex != nil && right.contains($0.start) })
            else { continue }
            clauses.append(left)
            start = contrast
        }
        guard !clauses.isEmpty else { return [sentence] }
        clauses.append(start..<sentence.upperBound)
        return clauses
    }
}

/// Counterparties a deal sentence describes without naming: "a supply agreement with a Qatari
/// medical device distributor", "services to a U.S. pharmaceutical firm it did not name", "with
/// two partners from Singapore". The deal is real and the country known; the name stays `nil`.
///
/// A description counts when a deal preposition (with, to, from, for, by) opens it, an article
/// or "undisclosed" follows, a word for a kind of body ends it within a few words, and a country
/// stands in it or right after it ("from Singapore", "based in Japan"). A description followed by
/// the name it describes (", Kelbron,") is left to the name.
enum DescribedParties {
    struct Found {
        let range: Range<Int>
        let country: String
        let kind: OrganizationKind
        /// The noun that says what it is ("distributor"), for its id.
        let noun: String
    }

    static func find(
        in text: [UInt8], words: [SentenceWords.Word], places: [(range: Range<Int>, country: String)],
        organizations: [Range<Int>]
    ) -> [Found] {
        var found: [Found] = []
        for (index, word) in words.enumerated() where openers.contains(text, word.range) {
            guard index + 1 < words.count, determiners.contains(text, words[index + 1].range) else { continue }
            // The kind noun within five words, nothing named before it.
            var last = index + 2
            var noun: (index: Int, kind: OrganizationKind)?
            while last < min(words.count, index + 8), !words[last].isPunctuation {
                if organizations.contains(where: { $0.overlaps(words[last].range) }) { break }
                if let kind = kindNouns.value(text, words[last].range) { noun = (last, kind) }
                last += 1
                if noun != nil, last < words.count, kindNouns.value(text, words[last].range) == nil { break }
            }
            guard let noun else { continue }
            let span = words[index + 1].start..<words[noun.index].end
            // Named right after: ", Kelbron," is the party.
            if let next = organizations.first(where: { $0.lowerBound >= span.upperBound }),
                next.lowerBound - span.upperBound <= 3
            {
                continue
            }
            var country = places.first { span.contains($0.range.lowerBound) }?.country
            if country == nil, noun.index + 2 < words.count,
                followers.contains(text, words[noun.index + 1].range)
            {
                let after = words[(noun.index + 2)...].prefix(3)
                country = places.first { place in after.contains { $0.range.overlaps(place.range) } }?.country
            }
            guard let country else { continue }
            found.append(
                Found(
                    range: span, country: country, kind: noun.kind,
                    noun: String(decoding: text[words[noun.index].range], as: UTF8.self).lowercased()))
        }
        return found
    }

    private static let openers = WordTable(words: ["with", "to", "from", "for", "by"], isCaseBlind: true)
    private static let determiners = WordTable(
        words: ["a", "an", "one", "two", "three", "undisclosed", "unnamed", "unidentified"], isCaseBlind: true)
    private static let followers = WordTable(words: ["from", "in", "based"], isCaseBlind: true)

    private static let kindNouns = WordTable<OrganizationKind>(
        [
            ("company", .company), ("firm", .company), ("drugmaker", .company), ("biotech", .company),
            ("distributor", .company), ("partner", .company), ("partners", .company), ("client", .company),
            ("customer", .company), ("manufacturer", .company), ("developer", .company), ("startup", .company),
            ("start-up", .company), ("biopharma", .company), ("investor", .company), ("fund", .company),
            ("companies", .company), ("firms", .company), ("hospital", .hospital), ("university", .university),
            ("institute", .researchInstitute),
        ], isCaseBlind: true)
}

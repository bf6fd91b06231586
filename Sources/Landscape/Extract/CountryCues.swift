/// Where the text says an organisation it names is from.
///
/// News places a company it introduces in a few set ways: a place inside the name ("Royal
/// University of Bhutan"), a place or nationality just before it ("Seoul-based", "Japanese
/// drugmaker", "Canada's"), just after it ("of Taiwan", "(South Korea)"), in an apposition
/// (", a pharmaceutical company from Japan,"), a stock listing after it ("(TPEx: 6492)",
/// "(KOSDAQ: 141080)"), or, failing all these, a legal form of one country ("Pte Ltd", "Sdn
/// Bhd"). A place is only taken when nothing else named stands between it and the organisation.
enum CountryCues {
    /// The country the text gives for the organisation at `range`, if any.
    ///
    /// - Parameters:
    ///   - range: the organisation's bytes.
    ///   - text: UTF-8 text.
    ///   - places: places recognised in the text, with their countries, in order.
    ///   - organizations: byte ranges of every organisation recognised in the text.
    /// - Returns: an ISO 3166-1 alpha-2 code, or `nil` when the text does not say.
    static func country(
        of range: Range<Int>, in text: [UInt8], places: [(range: Range<Int>, country: String)],
        organizations: [Range<Int>]
    ) -> String? {
        if let inside = places.first(where: { range.contains($0.range.lowerBound) }) { return inside.country }
        if let before = places.last(where: {
            $0.range.upperBound <= range.lowerBound && range.lowerBound - $0.range.upperBound <= 64
        }) {
            let gap = before.range.upperBound..<range.lowerBound
            if gap.count <= 24, isClear(text, gap, organizations: organizations), !hasClauseWord(text, gap) {
                return before.country
            }
            if isDescription(text, gap, organizations: organizations) { return before.country }
        }
        if let after = places.first(where: {
            $0.range.lowerBound >= range.upperBound && $0.range.lowerBound - range.upperBound <= 6
        }), isClear(text, range.upperBound..<after.range.lowerBound, organizations: organizations) {
            return after.country
        }
        if let listed = listing(after: range.upperBound, in: text) { return listed }
        if let country = apposition(after: range.upperBound, in: text, places: places, organizations: organizations) {
            return country
        }
        return legalForm(of: range, in: text)
    }

    /// The country a company's legal form belongs to: "Pte Ltd" is Singapore's, "Sdn Bhd"
    /// Malaysia's, "Pty Ltd" Australia's, "Pvt Ltd" India's, "GmbH" Germany's, "B.V." the
    /// Netherlands', "LLC" the United States' (where English-language news meets it). Forms
    /// several countries share ("Inc.", "Co., Ltd.", "AG") say nothing.
    private static func legalForm(of range: Range<Int>, in text: [UInt8]) -> String? {
        // The name's words from the end, and the word after it ("Kelbron Pty Ltd").
        var end = range.upperBound
        var checked = 0
        while checked < 3 {
            var start = end
            while start > range.lowerBound, text[start - 1] != 0x20, text[start - 1] != UInt8(ascii: ",") { start -= 1 }
            guard start < end else { break }
            if let country = legalForms.value(text, start..<end) { return country }
            end = start
            while end > range.lowerBound, text[end - 1] == 0x20 || text[end - 1] == UInt8(ascii: ",") { end -= 1 }
            checked += 1
        }
        return nil
    }

    private static let legalForms = WordTable<String>(
        [
            ("Pte", "SG"), ("Pte.", "SG"), ("Sdn", "MY"), ("Sdn.", "MY"), ("Bhd", "MY"), ("Bhd.", "MY"),
            ("Berhad", "MY"), ("Pty", "AU"), ("Pty.", "AU"), ("Pvt", "IN"), ("Pvt.", "IN"), ("Tbk", "ID"),
            ("Tbk.", "ID"), ("GmbH", "DE"), ("B.V.", "NL"), ("BV", "NL"), ("N.V.", "NL"), ("K.K.", "JP"),
            ("S.p.A.", "IT"), ("SpA", "IT"), ("Oy", "FI"), ("Oyj", "FI"), ("A/S", "DK"), ("ApS", "DK"),
            ("ASA", "NO"), ("PLC", "GB"), ("plc", "GB"), ("LLC", "US"), ("L.L.C.", "US"),
        ])

    /// A description of the organisation between a place and its name: lower-case words
    /// ending in a noun for an organisation, with a comma at most at its end ("U.S.
    /// biopharmaceutical company CV Therapeutics", "Czech-based clinical-stage immune-oncology
    /// company SOTIO", "its Indian unit, Ranbaxy"). Longer than the plain window, it is taken
    /// only when its last word says an organisation follows.
    private static func isDescription(_ text: [UInt8], _ gap: Range<Int>, organizations: [Range<Int>]) -> Bool {
        guard !organizations.contains(where: { $0.overlaps(gap) }) else { return false }
        var end = gap.upperBound
        while end > gap.lowerBound, text[end - 1] == 0x20 { end -= 1 }
        if end > gap.lowerBound, text[end - 1] == UInt8(ascii: ",") { end -= 1 }
        var words: [Range<Int>] = []
        var index = gap.lowerBound
        while index < end {
            while index < end, text[index] == 0x20 { index += 1 }
            let start = index
            while index < end, text[index] != 0x20 { index += 1 }
            if start < index { words.append(start..<index) }
        }
        guard let last = words.last, organizationNouns.contains(text, last) else { return false }
        return words.allSatisfy { word in
            let first = text[word.lowerBound]
            let isLower = first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")
            return isLower
                && !text[word].contains {
                    $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ";")
                }
        }
    }

    private static let organizationNouns = WordTable(
        words: [
            "company", "firm", "biotech", "biotechnology", "drugmaker", "developer", "group", "startup", "start-up",
            "maker", "pharma", "biopharma", "distributor", "manufacturer", "cdmo", "cro", "giant", "rival", "unit",
            "subsidiary", "affiliate", "specialist", "producer", "biopharmaceutical", "partner", "conglomerate",
            "institute", "university", "hospital", "fund", "investor",
        ], isCaseBlind: true)

    /// Whether the words between a place and a name go on with the sentence instead of
    /// describing the name: a verb or a joint ("Metro Manila will use Varian's", "Taiwan's
    /// Health Ministry and Yale New Haven Hospital"). A place describes the name next to it.
    private static func hasClauseWord(_ text: [UInt8], _ gap: Range<Int>) -> Bool {
        clauseWords.containsAnyWord(of: text, in: gap)
    }

    private static let clauseWords = WordTable(
        words: [
            "and", "or", "will", "would", "with", "to", "for", "by", "from", "is", "are", "was", "were", "has",
            "have", "had", "said", "says", "signed", "signs", "use", "uses", "that", "which", "who", "as", "at", "on",
        ], isCaseBlind: true)

    /// Nothing named and no clause break between two spots.
    private static func isClear(_ text: [UInt8], _ gap: Range<Int>, organizations: [Range<Int>]) -> Bool {
        guard gap.lowerBound <= gap.upperBound else { return false }
        if organizations.contains(where: { $0.overlaps(gap) }) { return false }
        return !text[gap].contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ".") || $0 == 0x0A
        }
    }

    /// ", a pharmaceutical company from Japan," / ", based in Seoul,": the first place before
    /// the apposition's end, when the apposition describes (starts with a, an, the, based…).
    private static func apposition(
        after end: Int, in text: [UInt8], places: [(range: Range<Int>, country: String)],
        organizations: [Range<Int>]
    ) -> String? {
        var start = end
        // A bracket that describes ("(a contract research organisation based in the US)") is
        // the apposition; one that abbreviates or lists ("(HKIC)", "(TW: 6461)") is passed.
        if start + 1 < text.count, text[start] == 0x20, text[start + 1] == UInt8(ascii: "(") {
            let opening = start + 2
            if appositionStarts.contains(where: { ASCIIMatch.matches(text, at: opening, $0) }),
                let close = text[opening..<min(text.count, opening + 90)].firstIndex(of: UInt8(ascii: ")"))
            {
                let span = opening..<close
                guard !organizations.contains(where: { $0.overlaps(span) }) else { return nil }
                return places.first { span.contains($0.range.lowerBound) }?.country
            }
            guard let close = text[start..<min(text.count, start + 40)].firstIndex(of: UInt8(ascii: ")")) else {
                return nil
            }
            start = close + 1
        }
        // "A and B, both based in Japan" places each of the two.
        if ASCIIMatch.matches(text, at: start, Self.and),
            let partner = organizations.first(where: { $0.lowerBound == start + Self.and.count })
        {
            guard ASCIIMatch.matches(text, at: partner.upperBound, Self.both) else { return nil }
            return appositionCountry(
                opening: partner.upperBound + Self.both.count, in: text, places: places, organizations: organizations)
        }
        guard start + 2 < text.count, text[start] == UInt8(ascii: ","), text[start + 1] == 0x20 else { return nil }
        return appositionCountry(opening: start + 2, in: text, places: places, organizations: organizations)
    }

    /// The country of the apposition that opens at `opening`, when it describes.
    private static func appositionCountry(
        opening: Int, in text: [UInt8], places: [(range: Range<Int>, country: String)], organizations: [Range<Int>]
    ) -> String? {
        guard appositionStarts.contains(where: { ASCIIMatch.matches(text, at: opening, $0) }) else { return nil }
        var close = opening
        let limit = min(text.count, opening + 90)
        while close < limit, text[close] != UInt8(ascii: ","), text[close] != UInt8(ascii: "."),
            text[close] != UInt8(ascii: ";"), text[close] != 0x0A
        {
            close += 1
        }
        let span = opening..<close
        // "a subsidiary of Fosun Pharma" places the owner, not the company.
        guard !organizations.contains(where: { $0.overlaps(span) }) else { return nil }
        return places.first { span.contains($0.range.lowerBound) }?.country
    }

    private static let and = Array(" and ".utf8)
    private static let both = Array(", both ".utf8)

    /// Legal forms written after a comma, which a stock listing may follow.
    private static let trailingForms = WordTable<Void>(
        words: [
            "Inc.", "Inc", "Ltd.", "Ltd", "Co.", "Corp.", "Corporation", "Limited", "LLC", "plc", "PLC", "AG", "SA",
            "S.A.",
        ])

    private static let appositionStarts = ASCIIMatch.phrases([
        "a ", "an ", "the ", "based in ", "headquartered in ", "one of ",
        // A relative clause that describes: ", which is among the largest hospital groups in the Philippines".
        "which is ",
    ])

    /// A stock listing in brackets: "(TPEx: 6492)", "(KOSDAQ:141080)", "(HKEX: 02315)".
    private static func listing(after end: Int, in text: [UInt8]) -> String? {
        var index = end
        // Past the legal form a name may trail: "PharmaEngine, Inc. (TW:4162)".
        var skipped = 0
        while skipped < 2, index + 2 < text.count, text[index] == UInt8(ascii: ","), text[index + 1] == 0x20 {
            var wordEnd = index + 2
            while wordEnd < text.count, wordEnd - index < 16, text[wordEnd] != 0x20, text[wordEnd] != UInt8(ascii: ",")
            {
                wordEnd += 1
            }
            guard trailingForms.contains(text, index + 2..<wordEnd) else { break }
            index = wordEnd
            skipped += 1
        }
        while index < text.count, text[index] == 0x20 { index += 1 }
        guard index < text.count, text[index] == UInt8(ascii: "(") else { return nil }
        index += 1
        let start = index
        while index < text.count, index - start < 12, isWordByte(text[index]) { index += 1 }
        guard index < text.count, text[index] == UInt8(ascii: ":"), index > start else { return nil }
        return exchanges.value(text, start..<index)
    }

    /// Exchanges and the country each lists companies of.
    private static let exchanges = WordTable<String>(
        [
            ("TW", "TW"), ("TPEx", "TW"), ("TWSE", "TW"), ("TWO", "TW"), ("HKEX", "HK"), ("HK", "HK"), ("SEHK", "HK"),
            ("SSE", "CN"), ("SZSE", "CN"), ("SHA", "CN"), ("SHE", "CN"), ("STAR", "CN"), ("KOSDAQ", "KR"),
            ("KOSPI", "KR"), ("KRX", "KR"), ("KQ", "KR"), ("KS", "KR"), ("TSE", "JP"), ("TYO", "JP"),
            ("NSE", "IN"), ("BSE", "IN"), ("ASX", "AU"), ("SGX", "SG"), ("NASDAQ", "US"), ("Nasdaq", "US"),
            ("NYSE", "US"), ("LSE", "GB"), ("AIM", "GB"), ("TSX", "CA"), ("SIX", "CH"),
            ("IDX", "ID"), ("SET", "TH"), ("Bursa", "MY"), ("PSE", "PH"), ("HOSE", "VN"), ("NZX", "NZ"),
        ])
}

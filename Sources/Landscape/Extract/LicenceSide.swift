/// Which side of a licence a party's own words put it on, read from what the party gets.
///
/// A licence trades rights for money, so a party that gets money gave the rights and one that
/// gets rights pays: "Bio-Thera stands to collect $8.5 million upfront" and "GenFleet keeps the
/// rights in China" make a licensor, "Verastem may take a licence" and "Mankind gets the
/// exclusive right to sell it" a licensee. The words are the ones after the party, up to the
/// next organisation or the end of the clause: a verb of getting or keeping, then within a few
/// words what is got; verbs that need no object ("will pay", "granted", "in-licensed") decide at
/// once.
enum LicenceSide {
    /// The side `party`'s words put it on.
    ///
    /// - Parameters:
    ///   - party: the bytes of the party's name in `text`.
    ///   - text: UTF-8 text of the article field.
    ///   - end: where its words end: the sentence's end or the next organisation named.
    /// - Returns: `.licensor`, `.licensee`, or `nil` when the words say neither.
    static func side(of party: Range<Int>, in text: [UInt8], until end: Int) -> PartyRole? {
        let window = party.upperBound..<min(end, party.upperBound + windowBytes)
        guard !window.isEmpty else { return nil }
        // "The deal grants Lilly rights to OLX702A": the one given rights is the licensee.
        if givingVerbs.contains(where: { ASCIIMatch.endsWith(text, at: party.lowerBound, $0) }) {
            let object = window.lowerBound..<min(window.upperBound, window.lowerBound + objectReach)
            if matcher.allMatches(in: text, range: object).contains(where: { table[$0.phrase].1 == .rights }) {
                return .licensee
            }
        }
        // "teamed up with Innovent to take a licence": the purpose is the subject's, not Innovent's.
        if purposeOpenings.contains(where: { ASCIIMatch.matches(text, at: window.lowerBound, $0) }) { return nil }
        var verb: Word?
        var verbEnd = 0
        for match in matcher.allMatches(in: text, range: window) {
            let word = table[match.phrase].1
            switch word {
            case .clauseEnd:
                return nil
            case .pays, .takesUp:
                return .licensee
            case .grants:
                return .licensor
            case .gets, .keeps:
                verb = word
                verbEnd = match.end
            case .money, .rights:
                guard let held = verb, match.start - verbEnd <= objectReach else { continue }
                switch (held, word) {
                case (.gets, .money): return .licensor
                case (.gets, .rights): return .licensee
                case (.keeps, .rights): return .licensor
                default: continue
                }
            }
        }
        return nil
    }

    /// How far after the party its words are read, and how far after the verb its object.
    private static let windowBytes = 160
    private static let objectReach = 64

    private enum Word {
        // takesUp: in-licensing, commercialising or distributing what the other side gives.
        case gets, keeps, pays, grants, takesUp, money, rights, clauseEnd
    }

    private static let purposeOpenings = ASCIIMatch.phrases([" to ", ", to "])
    private static let givingVerbs = ASCIIMatch.phrases([
        "grants ", "granted ", "grant ", "gives ", "gave ", "give ", "giving ", "granting ", "hands ", "handed ",
    ])

    private static let table: [(String, Word)] = {
        var table: [(String, Word)] = []
        func add(_ word: Word, _ phrases: [String]) { table += phrases.map { ($0, word) } }
        add(
            .gets,
            [
                "receive", "receives", "received", "receiving", "collect", "collects", "collected", "get", "gets",
                "got", "earn", "earns", "earned", "gain", "gains", "gained", "obtain", "obtains", "obtained", "take",
                "takes", "took", "secure", "secures", "secured", "win", "wins", "won", "eligible", "entitled",
                "qualifies", "qualify", "acquire", "acquires", "acquired", "holds", "hold",
                "be paid", "is paid",
                "was paid", "was granted", "were granted", "been granted", "is granted", "be granted",
            ])
        add(.keeps, ["keep", "keeps", "kept", "retain", "retains", "retained", "retaining", "keeping"])
        add(.pays, ["pay", "pays", "paying", "will pay"])
        add(
            .grants,
            [
                "grant", "grants", "granted", "has granted", "will grant", "licensed out", "out-licensed",
                "out-licenses", "out-licences", "out-license", "out-licence",
            ])
        add(
            .takesUp,
            [
                "in-licensed", "in-license", "in-licenses", "in-licence", "in-licences", "will commercialise",
                "will commercialize", "will distribute", "will market", "will promote", "will sell", "distributes",
                "will import",
            ])
        add(
            .money,
            [
                "upfront", "up-front", "milestone", "milestones", "royalty", "royalties", "payment", "payments", "$",
                "usd", "us$", "rmb", "yuan", "yen", "won", "euro", "euros", "€", "million", "billion", "share of",
                "fee", "fees",
            ])
        add(
            .rights,
            [
                "right", "rights", "licence", "license", "licences", "licenses", "option", "exclusivity",
                "sublicence", "sublicense",
            ])
        add(.clauseEnd, ["; ", " while ", ", while", " whereas ", " but "])
        return table
    }()

    private static let matcher = PhraseMatcher(phrases: table.map(\.0))
}

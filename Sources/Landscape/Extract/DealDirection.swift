/// Which way a deal goes: the role each party plays in it, read from the sentence that states it.
///
/// A deal sentence has a subject side (the parties named before the deal's trigger) and an
/// object side (those after it). The type says which roles there are; the words say which side
/// plays which: the verb between the sides ("licensed … to", "will pay", "acquired", "raised")
/// and the preposition in front of each object party ("to Y", "from Y", "by Y", "in Y").
/// Where the sentence does not say, a directional party's role stays unknown (`nil`) rather
/// than guessed; symmetric deals make every party a `partner`.
enum DealDirection {
    /// The role of each party, in the order of `spans`.
    ///
    /// - Parameters:
    ///   - type: the deal's type.
    ///   - text: UTF-8 text of the article field.
    ///   - sentence: the sentence's bytes in `text`.
    ///   - spans: the first span of each party in the sentence, in order.
    ///   - trigger: where the deal's trigger phrase starts, if one was found.
    /// - Returns: one role per span; `nil` where the sentence does not say.
    static func roles(
        type: DealType, text: [UInt8], sentence: Range<Int>, spans: [Range<Int>], trigger: Int?
    ) -> [PartyRole?] {
        guard let sides = roleNames(type) else { return spans.map { _ in .partner } }
        let pivot = trigger ?? sentence.upperBound
        // The subject side: the first party and those coordinated with it ("X and Y agreed"),
        // before the trigger; the rest are objects ("X will pay Y … to license").
        // A first party written as an agent ("a round co-led by A and B") is no subject.
        let opensWithAgent =
            !spans.isEmpty
            && (endsWithWord(text, spans[0].lowerBound, "by") || endsWithWord(text, spans[0].lowerBound, "from"))
        var subject: [Int] = spans.isEmpty || opensWithAgent ? [] : [0]
        while let last = subject.last, last + 1 < spans.count, spans[last + 1].lowerBound < pivot,
            isCoordination(text, spans[last].upperBound..<spans[last + 1].lowerBound)
        {
            subject.append(last + 1)
        }
        let objects = spans.indices.filter { !subject.contains($0) }
        let predicateStart = subject.map { spans[$0].upperBound }.max() ?? sentence.lowerBound
        let predicateEnd = objects.map { spans[$0].lowerBound }.min() ?? sentence.upperBound
        let predicate = predicateStart..<max(predicateStart, predicateEnd)

        var roles = [PartyRole?](repeating: nil, count: spans.count)
        // The subject's role from the verb between the sides.
        var subjectRole: PartyRole?
        var lists = verbLists(text, predicate)
        // "acquired by X" speaks of X only when X follows it: "Takeda, led by its chief
        // executive, has made acquisitions, including one of Nycomed" is no passive of Takeda's.
        if lists & (1 << UInt16(Verbs.passive.rawValue)) != 0,
            !passiveReachesObject(text, predicate, objects: objects.map { spans[$0].lowerBound })
        {
            lists &= ~(1 << UInt16(Verbs.passive.rawValue))
        }
        if lists & (1 << UInt16(Verbs.passive.rawValue)) != 0 {
            subjectRole = sides.passive
        } else if lists & (1 << UInt16(sides.sourceVerbs.rawValue)) != 0 {
            subjectRole = sides.sourceVerbRole
        } else if lists & (1 << UInt16(sides.sinkVerbs.rawValue)) != 0 {
            subjectRole = sides.sink
        }
        // Each object's role from the word just before it.
        for index in objects {
            let before = spans[index].lowerBound
            if endsWithWord(text, before, "by") {
                roles[index] = sides.agent
            } else if endsWithWord(text, before, "from") {
                roles[index] = sides.fromRole
            } else if endsWithWord(text, before, "to") || endsWithWord(text, before, "for") {
                roles[index] = sides.toRole
            } else if endsWithWord(text, before, "in") || endsWithWord(text, before, "of") {
                roles[index] = sides.inRole
            } else if index > 0, objects.contains(index - 1), spans[index - 1].upperBound <= before,
                isListJoint(text, spans[index - 1].upperBound..<before)
            {
                // "buying it from Sawai and Sumitomo": a list shares its first member's preposition.
                roles[index] = roles[index - 1]
            }
        }
        // One side known makes the other its counterpart.
        if subjectRole == nil, let known = objects.compactMap({ roles[$0] }).first {
            subjectRole = sides.counterpart(of: known)
        }
        if subjectRole == nil, sides.subjectByDefault != nil, !objects.isEmpty {
            subjectRole = sides.subjectByDefault
        }
        for index in subject { roles[index] = subjectRole }
        if let subjectRole, let other = sides.counterpart(of: subjectRole) {
            for index in objects where roles[index] == nil { roles[index] = other }
        }
        // A deal with one side only says nothing of its direction.
        if roles.count >= 2, let first = roles[0], roles.allSatisfy({ $0 == first }) {
            roles = spans.map { _ in nil }
        }
        // "A and B signed a licence to develop A's DMX-200": where the words around the parties
        // do not say, the licence goes from the party whose asset it names.
        if type == .licensing || type == .technologyPlatform, roles.count >= 2, roles.allSatisfy({ $0 == nil }),
            let owner = assetOwner(text, sentence: sentence, spans: spans)
        {
            return spans.indices.map { $0 == owner ? .licensor : .licensee }
        }
        return roles
    }

    /// The one party the sentence names as owner of a product or technology ("Dimerix's phase
    /// III candidate", "Kelbron Pharma's platform"), known by the first word of its name; nil
    /// when none or several are.
    private static func assetOwner(_ text: [UInt8], sentence: Range<Int>, spans: [Range<Int>]) -> Int? {
        let firstWords = spans.map { span in
            text[span.lowerBound..<(text[span].firstIndex { !isWordByte($0) } ?? span.upperBound)]
        }
        var owners = Set<Int>()
        for end in sentence {
            guard let mark = PartyRoles.possessives.first(where: { ASCIIMatch.matches(text, at: end, $0) }),
                namesAsset(text, after: end + mark.count - 1, in: sentence)
            else { continue }
            let name = capitalisedRun(text, endingAt: end, in: sentence)
            let wordStarts = name.indices.filter { $0 == name.lowerBound || text[$0 - 1] == 0x20 }
            for (party, word) in firstWords.enumerated() where word.count >= 3 {
                if wordStarts.contains(where: { text[$0..<name.upperBound].starts(with: word) }) {
                    owners.insert(party)
                }
            }
        }
        return owners.count == 1 ? owners.first : nil
    }

    /// The words before `end` that one name can run over: "Fuso Pharmaceutical" in "with Fuso
    /// Pharmaceutical's", each word after the first capitalised, 60 bytes at most.
    private static func capitalisedRun(_ text: [UInt8], endingAt end: Int, in sentence: Range<Int>) -> Range<Int> {
        var start = end
        while start > sentence.lowerBound, end - start < 60 {
            if isWordByte(text[start - 1]) {
                start -= 1
            } else if text[start - 1] == 0x20, start < end, text[start] >= UInt8(ascii: "A"),
                text[start] <= UInt8(ascii: "Z"), start - 1 > sentence.lowerBound, isWordByte(text[start - 2])
            {
                start -= 1
            } else {
                break
            }
        }
        return start..<end
    }

    /// Whether an asset noun follows `start` before the phrase ends (a comma, semicolon, colon
    /// or full stop, or 48 bytes).
    private static func namesAsset(_ text: [UInt8], after start: Int, in sentence: Range<Int>) -> Bool {
        let limit = min(sentence.upperBound, start + 49)
        let end = text[start..<limit].firstIndex { [0x2C, 0x3B, 0x2E, 0x3A].contains($0) } ?? limit
        return assetNouns.contains { ASCIIMatch.contains(text, in: start..<end, $0) }
    }

    /// What a licence is for, after its owner's possessive.
    private static let assetNouns = ASCIIMatch.phrases([
        " candidate", " drug", " compound", " asset", " antibod", " therap", " program", " molecule",
        " vaccine", " adc", " inhibitor", " platform", " technolog", " product", " biosimilar",
    ])

    /// ", ", " and ", ", and ", " & " between two names, and nothing else.
    private static func isCoordination(_ text: [UInt8], _ gap: Range<Int>) -> Bool {
        guard gap.lowerBound <= gap.upperBound, gap.count <= 6 else { return false }
        return coordinators.contains { $0.count == gap.count && ASCIIMatch.matches(text, at: gap.lowerBound, $0) }
    }

    private static let coordinators = ASCIIMatch.phrases([", ", " and ", ", and ", " & ", " with "])

    /// ", ", " and ", ", and ", " & " between two names of one list, after the capitalised
    /// words a name may have beyond what was recognised ("Sawai Group Holdings and Sumitomo").
    private static func isListJoint(_ text: [UInt8], _ gap: Range<Int>) -> Bool {
        var start = gap.lowerBound
        while start + 1 < gap.upperBound, text[start] == 0x20,
            text[start + 1] >= UInt8(ascii: "A"), text[start + 1] <= UInt8(ascii: "Z")
        {
            start += 1
            while start < gap.upperBound, text[start] != 0x20, text[start] != UInt8(ascii: ",") { start += 1 }
        }
        let rest = start..<gap.upperBound
        guard rest.count <= 6 else { return false }
        return listJoints.contains { $0.count == rest.count && ASCIIMatch.matches(text, at: rest.lowerBound, $0) }
    }

    private static let listJoints = ASCIIMatch.phrases([", ", " and ", ", and ", " & "])

    /// The two roles of a directional type and the words that tell them apart.
    private struct Sides {
        /// The side that gives (licensor, target, investee… in the sense of the asset's flow).
        let source: PartyRole
        let sink: PartyRole
        /// Verbs that make the subject the source ("licensed out", "will receive").
        let sourceVerbs: Verbs
        /// Verbs that make the subject the sink ("will pay", "acquired", "in-licensed").
        let sinkVerbs: Verbs
        /// The subject's role when a source verb names it: the source, or the seller of a target.
        var sourceVerbRole: PartyRole { source == .target ? .seller : source }
        /// The subject's role in a passive sentence ("was acquired by").
        let passive: PartyRole
        /// An object after "by", "from", "to"/"for", "in"/"of".
        let agent: PartyRole
        let fromRole: PartyRole
        let toRole: PartyRole
        let inRole: PartyRole?
        /// The subject's role when the sentence says nothing more ("X acquired Y").
        let subjectByDefault: PartyRole?

        /// The role of the other side; what a seller sells is the target.
        func counterpart(of role: PartyRole) -> PartyRole? {
            role == source ? sink : role == sink ? source : role == .seller ? .target : nil
        }
    }

    private static func roleNames(_ type: DealType) -> Sides? {
        switch type {
        case .licensing, .technologyPlatform:
            return Sides(
                source: .licensor, sink: .licensee, sourceVerbs: .licensor, sinkVerbs: .licensee,
                passive: .licensor, agent: .licensee, fromRole: .licensor, toRole: .licensee, inRole: nil,
                subjectByDefault: nil)
        case .mAndA:
            return Sides(
                source: .target, sink: .acquirer, sourceVerbs: .seller, sinkVerbs: .acquirer,
                passive: .target, agent: .acquirer, fromRole: .seller, toRole: .acquirer, inRole: .target,
                subjectByDefault: .acquirer)
        case .equityInvestment:
            return Sides(
                source: .investee, sink: .investor, sourceVerbs: .investee, sinkVerbs: .investor,
                passive: .investee, agent: .investor, fromRole: .investor, toRole: .investee, inRole: .investee,
                subjectByDefault: .investor)
        case .cdmoManufacturing, .distributionCommercialization:
            return Sides(
                source: .provider, sink: .client, sourceVerbs: .provider, sinkVerbs: .client,
                passive: .provider, agent: .client, fromRole: .provider, toRole: .client, inRole: nil,
                subjectByDefault: nil)
        case .coDevelopment, .researchCollaboration, .mouStrategicAlliance, .other:
            return nil
        }
    }

    /// The verb lists that tell the sides apart.
    private enum Verbs: Int {
        case passive, licensor, licensee, seller, acquirer, investee, investor, provider, client
    }

    private static let verbTable: [(String, Verbs)] = {
        var table: [(String, Verbs)] = []
        func add(_ list: Verbs, _ phrases: [String]) { table += phrases.map { ($0, list) } }
        add(
            .passive,
            [
                "acquired by", "bought by", "be acquired", "taken over by", "purchased by", "backed by", "led by",
                "funded by", "licensed by", "manufactured by", "produced by",
            ])
        add(
            .licensor,
            [
                "out-license", "out-licensed", "out-licenses", "out-licensing", "out-licence", "out-licenced",
                "licensed out", "licenses out", "license out", "licence out", "grant", "grants", "granted", "granting",
                "will receive", "receive", "receives", "received", "stands to collect", "collect", "collects",
                "eligible", "will get", "gets", "transfer", "transfers", "transferred", "sold the rights",
                "sells the rights", "licensed its", "licenses its", "licensed the rights to", "to license its",
            ])
        add(
            .licensee,
            [
                "in-license", "in-licensed", "in-licenses", "in-licensing", "in-licence", "licensed in",
                "license in", "will pay", "pays", "paid", "to pay", "acquire", "acquires", "acquired", "acquiring",
                "obtain", "obtains", "obtained", "gain", "gains", "gained", "takes", "took", "bought", "buy",
                "buys", "licensed the rights from", "licensed from", "will take", "exercised", "exercise its option",
                "rights from",
            ])
        add(.seller, ["sold", "sell", "sells", "selling", "divest", "divests", "divested", "spin off", "spun off"])
        add(
            .acquirer,
            [
                "acquire", "acquires", "acquired", "acquiring", "acquisition", "acquisitions", "buy", "buys",
                "bought", "buying", "purchase", "purchases", "purchased", "take over", "takeover", "took over",
                "merge", "merges", "merged",
            ])
        add(
            .investee,
            ["raised", "raises", "raise", "secured", "closed", "received", "receives", "attracted", "won", "drew"])
        add(
            .investor,
            [
                "invest", "invests", "invested", "investing", "stake in", "buy", "buys", "bought", "acquire",
                "acquires", "acquired", "subscribe", "subscribes", "subscribed", "put", "puts", "lead the", "led the",
                "participate", "participated", "participates", "participating", "take a", "took a", "will pay",
            ])
        add(
            .provider,
            [
                "manufacture", "manufactures", "manufactured", "manufacturing", "produce", "produces", "produced",
                "provide", "provides", "provided", "supply", "supplies", "supplied", "won", "wins", "secured",
                "make", "makes",
            ])
        add(
            .client,
            [
                "outsource", "outsources", "outsourced", "outsourcing", "selected", "chose", "tapped", "hired",
                "commission", "commissioned", "distribute", "distributes", "commercialize", "commercializes",
                "commercialise", "commercialises", "commercializing", "commercialising", "market", "markets",
                "marketed", "sell", "sells", "rights to sell", "promote", "promotes",
            ])
        return table
    }()

    /// One matcher for every list: a predicate is read once, whatever the number of verbs.
    private static let verbMatcher = PhraseMatcher(phrases: verbTable.map(\.0))

    /// Whether a passive phrase in `range` is followed at once (an article at most) by an
    /// object party.
    private static func passiveReachesObject(_ text: [UInt8], _ range: Range<Int>, objects: [Int]) -> Bool {
        for match in verbMatcher.allMatches(in: text, range: range) where verbTable[match.phrase].1 == .passive {
            var next = match.end
            while next < text.count, text[next] == 0x20 { next += 1 }
            if ASCIIMatch.matches(text, at: next, the) { next += the.count }
            if objects.contains(where: { $0 >= match.end && $0 <= next + 1 }) { return true }
        }
        return false
    }

    private static let the = Array("the ".utf8)

    /// The verb lists that have a phrase in `text[range]`, as a bit set over ``Verbs``.
    private static func verbLists(_ text: [UInt8], _ range: Range<Int>) -> UInt16 {
        guard !range.isEmpty else { return 0 }
        var lists: UInt16 = 0
        for match in verbMatcher.allMatches(in: text, range: range) {
            lists |= 1 << UInt16(verbTable[match.phrase].1.rawValue)
        }
        return lists
    }

    /// Whether the word just before byte `end` (spaces skipped) is `word`.
    private static func endsWithWord(_ text: [UInt8], _ end: Int, _ word: StaticString) -> Bool {
        var last = end
        while last > 0, text[last - 1] == 0x20 { last -= 1 }
        let start = last - word.utf8CodeUnitCount
        guard start >= 0 else { return false }
        // A literal's bytes, compared in place: this runs for every party of every deal sentence.
        let matches = word.withUTF8Buffer { bytes in
            bytes.indices.allSatisfy { foldASCII(text[start + $0]) == bytes[$0] }
        }
        return matches && (start == 0 || !isWordByte(text[start - 1]))
    }
}

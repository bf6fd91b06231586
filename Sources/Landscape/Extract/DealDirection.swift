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
    static func roles(
        type: DealType, text: [UInt8], sentence: Range<Int>, spans: [Range<Int>], trigger: Int?
    ) -> [PartyRole?] {
        guard let sides = roleNames(type) else { return spans.map { _ in .partner } }
        let pivot = trigger ?? sentence.upperBound
        // The subject side: the first party and those coordinated with it ("X and Y agreed"),
        // before the trigger; the rest are objects ("X will pay Y … to license").
        var subject: [Int] = spans.isEmpty ? [] : [0]
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
        if contains(text, predicate, passiveCues) {
            subjectRole = sides.passive
        } else if contains(text, predicate, sides.sourceVerbs) {
            subjectRole = sides.sourceVerbRole
        } else if contains(text, predicate, sides.sinkVerbs) {
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
        let sidesSeen = Set(roles.compactMap { $0 })
        if sidesSeen.count == 1, roles.count >= 2 { return spans.map { _ in nil } }
        return roles
    }

    /// ", ", " and ", ", and ", " & " between two names, and nothing else.
    private static func isCoordination(_ text: [UInt8], _ gap: Range<Int>) -> Bool {
        guard gap.lowerBound <= gap.upperBound, gap.count <= 6 else { return false }
        return coordinators.contains { $0.count == gap.count && ASCIIMatch.matches(text, at: gap.lowerBound, $0) }
    }

    private static let coordinators = ASCIIMatch.phrases([", ", " and ", ", and ", " & ", " with "])

    /// The two roles of a directional type and the words that tell them apart.
    private struct Sides {
        /// The side that gives (licensor, target, investee… in the sense of the asset's flow).
        let source: PartyRole
        let sink: PartyRole
        /// Verbs that make the subject the source ("licensed out", "will receive").
        let sourceVerbs: [[UInt8]]
        /// Verbs that make the subject the sink ("will pay", "acquired", "in-licensed").
        let sinkVerbs: [[UInt8]]
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
                source: .licensor, sink: .licensee, sourceVerbs: licensorVerbs, sinkVerbs: licenseeVerbs,
                passive: .licensor, agent: .licensee, fromRole: .licensor, toRole: .licensee, inRole: nil,
                subjectByDefault: nil)
        case .mAndA:
            return Sides(
                source: .target, sink: .acquirer, sourceVerbs: sellerVerbs, sinkVerbs: acquirerVerbs,
                passive: .target, agent: .acquirer, fromRole: .seller, toRole: .acquirer, inRole: .target,
                subjectByDefault: .acquirer)
        case .equityInvestment:
            return Sides(
                source: .investee, sink: .investor, sourceVerbs: investeeVerbs, sinkVerbs: investorVerbs,
                passive: .investee, agent: .investor, fromRole: .investor, toRole: .investee, inRole: .investee,
                subjectByDefault: .investor)
        case .cdmoManufacturing, .distributionCommercialization:
            return Sides(
                source: .provider, sink: .client, sourceVerbs: providerVerbs, sinkVerbs: clientVerbs,
                passive: .provider, agent: .client, fromRole: .provider, toRole: .client, inRole: nil,
                subjectByDefault: nil)
        case .coDevelopment, .researchCollaboration, .mouStrategicAlliance, .other:
            return nil
        }
    }

    private static let passiveCues = ASCIIMatch.phrases([
        "acquired by", "bought by", "be acquired", "taken over by", "purchased by", "backed by", "led by",
        "funded by", "licensed by", "manufactured by", "produced by",
    ])
    private static let licensorVerbs = ASCIIMatch.phrases([
        "out-licens", "licensed out", "licenses out", "license out", "licence out", "grant", "will receive",
        "receive", "stands to collect", "collect", "eligible", "will get", "gets ", "transfer", "sold the rights",
        "sells the rights", "licensed its", "licenses its", "licensed the rights to", "to license its",
    ])
    private static let licenseeVerbs = ASCIIMatch.phrases([
        "in-licens", "licensed in", "license in", "will pay", "pays", "paid", "to pay", "acquire", "obtain",
        "gain", "takes", "took", "secured", "bought", "buy", "licensed the rights from", "licensed from",
        "will take", "exercised", "exercise its option", "rights from",
    ])
    private static let sellerVerbs = ASCIIMatch.phrases(["sold", "sell", "divest", "spin off", "spun off"])
    private static let acquirerVerbs = ASCIIMatch.phrases([
        "acquire", "acquisition", "buy", "bought", "purchase", "take over", "takeover", "took over", "merge",
    ])
    private static let investeeVerbs = ASCIIMatch.phrases([
        "raised", "raises", "raise", "secured", "closed", "received", "receives", "attracted", "won", "drew",
    ])
    private static let investorVerbs = ASCIIMatch.phrases([
        "invest", "stake in", "buy", "bought", "acquire", "subscribe", "put ", "lead the", "led the",
        "participat", "take a", "took a", "will pay",
    ])
    private static let providerVerbs = ASCIIMatch.phrases([
        "manufactur", "produce", "provide", "supply", "supplies", "won", "wins", "secured", "make",
    ])
    private static let clientVerbs = ASCIIMatch.phrases([
        "outsourc", "selected", "chose", "tapped", "hired", "commission", "distribute", "commercializ",
        "commercialis", "market", "sell", "rights to sell", "promote",
    ])

    private static func contains(_ text: [UInt8], _ range: Range<Int>, _ phrases: [[UInt8]]) -> Bool {
        phrases.contains { ASCIIMatch.contains(text, in: range, $0) }
    }

    /// Whether the word just before byte `end` (spaces skipped) is `word`.
    private static func endsWithWord(_ text: [UInt8], _ end: Int, _ word: String) -> Bool {
        var last = end
        while last > 0, text[last - 1] == 0x20 { last -= 1 }
        let bytes = Array(word.utf8)
        guard ASCIIMatch.endsWith(text, at: last, bytes) else { return false }
        let start = last - bytes.count
        return start == 0 || !SentenceWords.isLetterOrDigit(text[start - 1])
    }
}

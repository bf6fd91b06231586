/// Which organisations named in a sentence are parties to what it reports.
///
/// Two kinds of mention are not: examples in a list ("companies including Pfizer and
/// AstraZeneca", "its partners, among them Sanofi and Eli Lilly") and owners named to place a
/// party ("GCLTEC, a GC Cell subsidiary", "part of the Sinopharm group", "owned by WuXi
/// Biologics and WuXi STA"). An owner is remembered with the party it owns, so that a later
/// sentence naming the owner for its subsidiary ("Sinopharm's general manager signed") is
/// read as the subsidiary's deal.
enum PartyRoles {
    enum Role: Equatable {
        case party
        case example
        /// Approves the deal ("approval from", "cleared by"): a party unless a government body.
        case approver
        /// Owns the party named just before it in the sentence (`nil` when none was).
        case owner(of: Int?)
    }

    /// The role of each organisation hit, in order. `organizations[i]` is the organisation
    /// index of hit `i`, and `spans[i]` its bytes.
    static func roles(in text: [UInt8], spans: [Range<Int>], organizations: [Int]) -> [Role] {
        var roles: [Role] = []
        roles.reserveCapacity(spans.count)
        var attributed: Int?  // the last name read as a report's source
        for (index, span) in spans.enumerated() {
            // A list goes on: "including A, B and C", "owned by A and B". Spans from two
            // recognisers may overlap; only a real gap between them can be a joint.
            if index > 0, spans[index - 1].upperBound <= span.lowerBound,
                isListJoint(text, spans[index - 1].upperBound..<span.lowerBound)
            {
                switch roles[index - 1] {
                case .example:
                    // An attribution ends at its comma: "According to KoBIA, Hanmi signed".
                    if attributed != index - 1 || text[spans[index - 1].upperBound] != UInt8(ascii: ",") {
                        roles.append(.example)
                        continue
                    }
                case .approver:
                    roles.append(.approver)
                    continue
                case .owner(let owned):
                    // "owned by WuXi Biologics and WuXi STA" goes on; "X, a unit of Y, and Z" has
                    // closed its apposition at the comma.
                    if text[spans[index - 1].upperBound] != UInt8(ascii: ",") {
                        roles.append(.owner(of: owned))
                        continue
                    }
                case .party:
                    break
                }
            }
            let start = span.lowerBound
            let end = span.upperBound
            // "Gyalpozhing College of Information Technology, Royal University of Bhutan": the
            // college signs, and the university after the comma is its owner.
            if index > 0, isUniversityOfUnit(text, spans[index - 1], span) {
                roles.append(.owner(of: organizations[index - 1]))
                continue
            }
            // "Daewoong's New Drug Center": a department stands for its owner, named just before.
            if index > 0, isDepartment(text, span), spans[index - 1].upperBound < start,
                possessives.contains(where: {
                    $0.count == start - spans[index - 1].upperBound
                        && ASCIIMatch.matches(text, at: spans[index - 1].upperBound, $0)
                })
            {
                roles.append(.example)
                continue
            }
            if eventCuesAfter.contains(where: { ASCIIMatch.matches(text, at: end, $0) }) || isFollowedByYear(text, end)
            {
                // "Samsung Biologics used the BIO International Convention to announce": an event.
                roles.append(.example)
            } else if isAttributed(text, before: start), isAssociation(text, span) {
                attributed = index
                // "According to the Korea Pharmaceutical and Bio-Pharma Manufacturers Association,":
                // a trade body or an agency reporting deals is their source. A company is not
                // ("according to a statement from Dr Reddy's"): it speaks of its own deal.
                roles.append(.example)
            } else if let cue = exampleCues.first(where: { ASCIIMatch.endsWith(text, at: start, $0) }),
                !investorNouns.contains(where: { ASCIIMatch.endsWith(text, at: start - cue.count, $0) })
            {
                // "investors including X and Y" name the round's investors, who are parties.
                roles.append(.example)
            } else if approverCues.contains(where: { ASCIIMatch.endsWith(text, at: start, $0) })
                || approverCuesAfter.contains(where: { ASCIIMatch.matches(text, at: end, $0) })
            {
                roles.append(.approver)
            } else if let cue = ownerCuesBefore.first(where: { ASCIIMatch.endsWith(text, at: start, $0) }),
                indefiniteOwned.contains(where: { ASCIIMatch.endsWith(text, at: start - cue.count, $0) })
            {
                // "with a subsidiary of China Medical Systems": the unit is not named, so the
                // group stands for it.
                roles.append(.party)
            } else if index + 1 < spans.count,
                possessives.contains(where: {
                    $0.count == spans[index + 1].lowerBound - end && ASCIIMatch.matches(text, at: end, $0)
                }),
                !isDepartment(text, spans[index + 1])
            {
                // "AstraZeneca's MedImmune", "Tang Capital's Concentra": the owner places its unit.
                // A department ("Daewoong's New Drug Center") signs nothing: its owner is the party.
                roles.append(.owner(of: organizations[index + 1]))
            } else if ownerCuesBefore.contains(where: { ASCIIMatch.endsWith(text, at: start, $0) })
                || isDescribedOwner(text, before: start)
                || ownerCuesAfter.contains(where: { ASCIIMatch.matches(text, at: end, $0) })
                || (ASCIIMatch.endsWith(text, at: start, by)
                    && ASCIIMatch.contains(text, in: max(0, start - 48)..<start, owned))
            {
                // "Biocytogen subsidiary Doer Biologics": the owned one follows at once; "Doer
                // Biologics, a Biocytogen subsidiary": it came before.
                if index + 1 < spans.count, spans[index + 1].lowerBound > end,
                    ownerBeforeOwned.contains(where: {
                        $0.count == spans[index + 1].lowerBound - end && ASCIIMatch.matches(text, at: end, $0)
                    })
                {
                    roles.append(.owner(of: organizations[index + 1]))
                } else {
                    let owner = (0..<index).last { roles[$0] == .party }.map { organizations[$0] }
                    roles.append(.owner(of: owner))
                }
            } else {
                roles.append(.party)
                // "X said its subsidiary Y signed", "through its Japanese subsidiary Y": Y is the
                // party, X its owner.
                if subsidiaryCues.contains(where: { ASCIIMatch.endsWith(text, at: start, $0) })
                    || (unitWords.contains(where: { ASCIIMatch.endsWith(text, at: start, $0) })
                        && ASCIIMatch.contains(text, in: max(0, start - 40)..<start, its)),
                    let owner = (0..<index).last(where: { roles[$0] == .party })
                {
                    roles[owner] = .owner(of: organizations[index])
                }
            }
        }
        return roles
    }

    /// The bytes of the name's last word.
    private static func lastWord(_ text: [UInt8], _ span: Range<Int>) -> Range<Int> {
        var start = span.upperBound
        while start > span.lowerBound, text[start - 1] != 0x20 { start -= 1 }
        return start..<span.upperBound
    }

    /// Whether `span` names a university standing after a comma behind `unit`, a college, school,
    /// faculty or department, and ends no list ("A College, B University and C" are three).
    private static func isUniversityOfUnit(_ text: [UInt8], _ unit: Range<Int>, _ span: Range<Int>) -> Bool {
        guard unit.upperBound + 2 == span.lowerBound, ASCIIMatch.matches(text, at: unit.upperBound, comma),
            universityWords.containsAnyWord(of: text, in: span), academicUnitWords.containsAnyWord(of: text, in: unit)
        else { return false }
        return !listEnds.contains { ASCIIMatch.matches(text, at: span.upperBound, $0) }
    }

    private static let comma = Array(", ".utf8)
    private static let listEnds = ASCIIMatch.phrases([" and ", ", and ", " & "])
    private static let universityWords = WordTable(
        words: ["university", "universiti", "universitas"], isCaseBlind: true)
    private static let academicUnitWords = WordTable(
        words: ["college", "school", "faculty", "department"], isCaseBlind: true)

    /// Whether the name ends in a word for a part of an organisation rather than a company.
    private static func isDepartment(_ text: [UInt8], _ span: Range<Int>) -> Bool {
        departmentWords.contains(text, lastWord(text, span))
    }

    private static let departmentWords = WordTable(
        words: [
            "center", "centre", "department", "division", "team", "unit", "office", "institute", "school", "college",
            "faculty", "hospital", "laboratory", "lab", "labs", "centers", "centres",
        ], isCaseBlind: true)

    /// Whether an owner cue stands before `start` with a short description of the owner in
    /// between: "a unit of Indian drugmaker Strides Arcolab", "a subsidiary of the Japanese group
    /// Marubeni". Up to three words, none a comma or a verb's object.
    private static func isDescribedOwner(_ text: [UInt8], before start: Int) -> Bool {
        var index = start
        var spaces = 0
        while index > max(0, start - 48) {
            index -= 1
            let byte = text[index]
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ".") || byte == 0x0A { return false }
            guard byte == 0x20 else { continue }
            spaces += 1
            if spaces > 4 { return false }
            // The words between the cue and the name: "of " ends the cue.
            if spaces >= 2, unitCues.contains(where: { ASCIIMatch.endsWith(text, at: index + 1, $0) }) {
                return true
            }
            // Only words that describe a company may stand between: "Indian drugmaker", "the group".
            let word = index + 1..<(text[index + 1..<start].firstIndex(of: 0x20) ?? start)
            if !word.isEmpty,
                !(text[word.lowerBound] >= UInt8(ascii: "A") && text[word.lowerBound] <= UInt8(ascii: "Z")),
                !ownerDescriptions.contains(text, word)
            {
                return false
            }
        }
        return false
    }

    private static let unitCues = ASCIIMatch.phrases([
        "subsidiary of ", "unit of ", "affiliate of ", "arm of ", "division of ",
    ])
    private static let ownerDescriptions = WordTable(
        words: [
            "the", "drugmaker", "pharmaceutical", "pharma", "biotech", "group", "company", "firm", "conglomerate",
            "maker", "giant", "major", "listed", "parent", "holding",
        ], isCaseBlind: true)

    /// Whether "according to" stands before `start` in the same phrase (no comma in between).
    private static func isAttributed(_ text: [UInt8], before start: Int) -> Bool {
        var index = start
        let limit = max(0, start - 80)
        while index > limit {
            index -= 1
            if text[index] == UInt8(ascii: ",") || text[index] == UInt8(ascii: ".") { return false }
            if text[index] == UInt8(ascii: "a") || text[index] == UInt8(ascii: "A"),
                ASCIIMatch.matches(text, at: index, accordingTo)
            {
                return index == 0 || text[index - 1] == 0x20 || text[index - 1] == 0x0A
            }
        }
        return false
    }

    private static let accordingTo = Array("according to ".utf8)

    /// Whether the name ends in a word for a trade body or an agency.
    private static func isAssociation(_ text: [UInt8], _ span: Range<Int>) -> Bool {
        associationWords.contains(text, lastWord(text, span))
    }

    private static let associationWords = WordTable(
        words: [
            "association", "federation", "council", "agency", "ministry", "commission", "organization",
            "organisation", "society", "bureau", "board", "administration", "exchange",
        ], isCaseBlind: true)

    private static let its = Array("its ".utf8)
    /// "'s " and "’s ": a name's possessive.
    static let possessives = ASCIIMatch.phrases(["'s ", "’s "])
    private static let unitWords = ASCIIMatch.phrases([
        " subsidiary ", " subsidiary, ", " unit ", " affiliate ", " arm ",
    ])

    private static let subsidiaryCues = ASCIIMatch.phrases([
        "its subsidiary ", "its unit ", "its affiliate ", "its wholly-owned subsidiary ",
        "its wholly owned subsidiary ",
        "its subsidiary, ", "its arm ",
    ])

    /// Words before "subsidiary of" that leave the subsidiary unnamed: "a subsidiary of X".
    private static let indefiniteOwned = ASCIIMatch.phrases([
        "with a ", "with an ", "to a ", "to an ", "from a ", "from an ", "with one ", "and a ", "acquire a ",
        "acquired a ", "buy a ", "bought a ", "by a ", "by an ", "with a wholly-owned ", "with a wholly owned ",
    ])

    private static let owned = Array("owned".utf8)
    private static let by = Array(" by ".utf8)

    /// Cues of names that are not parties: examples, and an owner named only for its product
    /// ("a biosimilar of Janssen's Stelara").
    private static let exampleCues = ASCIIMatch.phrases([
        "including ", "includes ", "such as ", "among them ", "among them, ", "among which ", "like ",
        "including, ", "biosimilar of ", "biosimilar to ", "version of ", "generic of ", "copy of ",
        "biosimilar referencing ", "data from ",
    ])

    /// Words after a name that make it an event's ("the BIO International Convention", "BIO 2023").
    private static let eventCuesAfter = ASCIIMatch.phrases([
        " international convention", " convention", " conference", " summit", " forum", " expo", " congress",
        " annual meeting", " awards",
    ])

    /// Whether a year follows the name at once ("BIO 2023"): an event of that year.
    private static func isFollowedByYear(_ text: [UInt8], _ end: Int) -> Bool {
        guard end + 5 <= text.count, text[end] == 0x20, text[end + 1] == UInt8(ascii: "2"),
            text[end + 2] == UInt8(ascii: "0")
        else { return false }
        let digits = (end + 3)..<(end + 5)
        guard digits.allSatisfy({ text[$0] >= UInt8(ascii: "0") && text[$0] <= UInt8(ascii: "9") }) else {
            return false
        }
        return end + 5 == text.count || !isWordByte(text[end + 5])
    }

    /// Nouns before "including" whose examples are parties: a round's investors.
    private static let investorNouns = ASCIIMatch.phrases([
        "investors ", "vcs ", "backers ", "shareholders ", "funds ", "investors, ", "backers, ", "shareholders, ",
        "participants ",
    ])

    /// Verbs right after a name that approves the deal: "the ministry cleared AstraZeneca to".
    private static let approverCuesAfter = ASCIIMatch.phrases([
        " cleared ", " has cleared ", " approved ", " has approved ", " authorised ", " authorized ",
        " granted approval", " gave approval", " gave the green light",
    ])

    /// Cues of a name that approves the deal: a regulator is no party, a shareholder body is.
    private static let approverCues = ASCIIMatch.phrases([
        "approval from ", "approval from the ", "approved by ", "approved by the ", "clearance from ",
        "clearance from the ", "cleared by ", "cleared by the ", "nod from ", "nod from the ", "permission from ",
        "permission from the ", "consent from ", "consent from the ",
    ])
    private static let ownerCuesBefore = ASCIIMatch.phrases([
        "subsidiary of ", "unit of ", "affiliate of ", "arm of ", "part of the ", "part of ", "owned by ",
        "which is backed by ", "that is backed by ", "which is controlled by ", "controlled by ",
        "a unit of ", "spun off from ", "spin-off of ", "spun out of ", "spun out from ", "spin-out of ",
        "spinout of ", "spin-out from ",
    ])
    /// Words between an owner and the unit it names next ("Biocytogen subsidiary Doer").
    private static let ownerBeforeOwned = ASCIIMatch.phrases([
        " subsidiary ", " unit ", " affiliate ", "'s subsidiary ", "'s unit ", "’s subsidiary ", "’s unit ",
    ])
    private static let ownerCuesAfter = ASCIIMatch.phrases([
        " subsidiary", " affiliate", " unit ", " unit,", " group", "'s subsidiary", "'s unit", "'s affiliate",
        "-owned", "’s subsidiary", "’s unit", "’s affiliate",
    ])

    /// ", ", " and ", ", and ", " or " or " & " between two names, after a legal suffix the
    /// first name may carry ("Sanofi SA and Eli Lilly", "Eisai Co., Ltd., Daiichi Sankyo").
    private static func isListJoint(_ text: [UInt8], _ between: Range<Int>) -> Bool {
        var start = between.lowerBound
        while start < between.upperBound, text[start] == 0x20 || text[start] == UInt8(ascii: ",") {
            let wordStart = start + (text[start] == UInt8(ascii: ",") ? 2 : 1)
            var wordEnd = wordStart
            while wordEnd < between.upperBound, text[wordEnd] != 0x20, text[wordEnd] != UInt8(ascii: ",") {
                wordEnd += 1
            }
            guard wordEnd > wordStart, wordEnd <= between.upperBound,
                UnknownOrganizations.legalSuffixes.contains(text, wordStart..<wordEnd)
            else { break }
            start = wordEnd
        }
        let gap = start..<between.upperBound
        return listJoints.contains { $0.count == gap.count && ASCIIMatch.matches(text, at: gap.lowerBound, $0) }
    }

    private static let listJoints = ASCIIMatch.phrases([", ", " and ", ", and ", " or ", " & "])
}

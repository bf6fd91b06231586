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
        /// Owns the party named just before it in the sentence (`nil` when none was).
        case owner(of: Int?)
    }

    /// The role of each organisation hit, in order. `organizations[i]` is the organisation
    /// index of hit `i`, and `spans[i]` its bytes.
    static func roles(in text: [UInt8], spans: [Range<Int>], organizations: [Int]) -> [Role] {
        var roles: [Role] = []
        roles.reserveCapacity(spans.count)
        for (index, span) in spans.enumerated() {
            let before = lowercasedTail(text, endingAt: span.lowerBound, length: 48)
            let after = lowercasedHead(text, startingAt: span.upperBound, length: 16)
            // A list goes on: "including A, B and C", "owned by A and B".
            if index > 0, isListJoint(text[spans[index - 1].upperBound..<span.lowerBound]) {
                switch roles[index - 1] {
                case .example:
                    roles.append(.example)
                    continue
                case .owner(let owned):
                    roles.append(.owner(of: owned))
                    continue
                case .party:
                    break
                }
            }
            if exampleCues.contains(where: { before.hasSuffix($0) }) {
                roles.append(.example)
            } else if ownerCuesBefore.contains(where: { before.hasSuffix($0) })
                || ownerCuesAfter.contains(where: { after.hasPrefix($0) })
                || (before.hasSuffix(" by ") && before.utf8.contains(ownedWord))
            {
                let owned = (0..<index).last { roles[$0] == .party }.map { organizations[$0] }
                roles.append(.owner(of: owned))
            } else {
                roles.append(.party)
            }
        }
        return roles
    }

    private static let ownedWord = Array("owned".utf8)

    private static let exampleCues = [
        "including ", "includes ", "such as ", "among them ", "among them, ", "among which ", "like ",
        "including, ",
    ]
    private static let ownerCuesBefore = [
        "subsidiary of ", "unit of ", "affiliate of ", "arm of ", "part of the ", "part of ", "owned by ",
        "a unit of ", "spun off from ", "spin-off of ",
    ]
    private static let ownerCuesAfter = [
        " subsidiary", " affiliate", " unit ", " unit,", " group", "'s subsidiary", "'s unit", "'s affiliate",
        "-owned", "’s subsidiary", "’s unit", "’s affiliate",
    ]

    /// ", ", " and ", ", and " or " or " between two names.
    private static func isListJoint(_ bytes: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self).lowercased()
        return [", ", " and ", ", and ", " or ", " & "].contains(text)
    }

    private static func lowercasedTail(_ text: [UInt8], endingAt end: Int, length: Int) -> String {
        String(decoding: text[max(0, end - length)..<end], as: UTF8.self).lowercased()
    }

    private static func lowercasedHead(_ text: [UInt8], startingAt start: Int, length: Int) -> String {
        String(decoding: text[start..<min(text.count, start + length)], as: UTF8.self).lowercased()
    }
}

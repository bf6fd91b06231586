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
            let start = span.lowerBound
            let end = span.upperBound
            if exampleCues.contains(where: { endsWith(text, at: start, $0) }) {
                roles.append(.example)
            } else if ownerCuesBefore.contains(where: { endsWith(text, at: start, $0) })
                || ownerCuesAfter.contains(where: { startsWith(text, at: end, $0) })
                || (endsWith(text, at: start, by) && contains(text[max(0, start - 48)..<start], owned))
            {
                let owner = (0..<index).last { roles[$0] == .party }.map { organizations[$0] }
                roles.append(.owner(of: owner))
            } else {
                roles.append(.party)
            }
        }
        return roles
    }

    private static let owned = Array("owned".utf8)
    private static let by = Array(" by ".utf8)

    private static let exampleCues = bytes([
        "including ", "includes ", "such as ", "among them ", "among them, ", "among which ", "like ",
        "including, ",
    ])
    private static let ownerCuesBefore = bytes([
        "subsidiary of ", "unit of ", "affiliate of ", "arm of ", "part of the ", "part of ", "owned by ",
        "a unit of ", "spun off from ", "spin-off of ", "spun out of ", "spun out from ", "spin-out of ",
        "spinout of ", "spin-out from ",
    ])
    private static let ownerCuesAfter = bytes([
        " subsidiary", " affiliate", " unit ", " unit,", " group", "'s subsidiary", "'s unit", "'s affiliate",
        "-owned", "’s subsidiary", "’s unit", "’s affiliate",
    ])

    private static func bytes(_ phrases: [String]) -> [[UInt8]] {
        phrases.map { Array($0.utf8) }
    }

    /// ", ", " and ", ", and ", " or " or " & " between two names.
    private static func isListJoint(_ between: ArraySlice<UInt8>) -> Bool {
        listJoints.contains { joint in
            joint.count == between.count && zip(joint, between).allSatisfy { $0 == $1 | 0x20 || $0 == $1 }
        }
    }

    private static let listJoints = bytes([", ", " and ", ", and ", " or ", " & "])

    /// Whether the bytes just before `end` are `cue`, ASCII letters compared case-blind.
    private static func endsWith(_ text: [UInt8], at end: Int, _ cue: [UInt8]) -> Bool {
        guard end >= cue.count else { return false }
        return zip(text[(end - cue.count)..<end], cue).allSatisfy { lowered($0) == $1 }
    }

    /// Whether the bytes from `start` are `cue`, ASCII letters compared case-blind.
    private static func startsWith(_ text: [UInt8], at start: Int, _ cue: [UInt8]) -> Bool {
        guard start + cue.count <= text.count else { return false }
        return zip(text[start..<(start + cue.count)], cue).allSatisfy { lowered($0) == $1 }
    }

    private static func contains(_ window: ArraySlice<UInt8>, _ word: [UInt8]) -> Bool {
        guard window.count >= word.count else { return false }
        var index = window.startIndex
        while index + word.count <= window.endIndex {
            if zip(window[index..<(index + word.count)], word).allSatisfy({ lowered($0) == $1 }) { return true }
            index += 1
        }
        return false
    }

    private static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}

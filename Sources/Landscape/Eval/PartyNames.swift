import Foundation

/// When a predicted party name stands for a gold party, by the rules of
/// `../shared/tools/score_deals.py`: names compared as tokens after folding accents and case and
/// dropping legal suffixes; equal, an alias, one's tokens inside the other's with the same first
/// token, or the same letters once spaces are gone.
enum PartyNames {
    static let ignoredTokens: Set<String> = [
        "co", "ltd", "inc", "corp", "corporation", "limited", "plc", "ag", "sa", "gmbh", "holdings", "holding",
        "group", "company", "the", "llc", "kk", "bv", "nv", "pte", "pvt", "se", "of", "and", "&",
    ]

    /// The name's tokens: ASCII letters, digits and `*` after compatibility decomposition.
    static func tokens(_ name: String?) -> [String] {
        guard let name else { return [] }
        let ascii = String(
            String.UnicodeScalarView(name.decomposedStringWithCompatibilityMapping.unicodeScalars.filter(\.isASCII))
        ).lowercased().replacingOccurrences(of: "'s", with: "s")
        var tokens: [String] = []
        var current = ""
        for character in ascii {
            if character.isLetter || character.isNumber || character == "*" {
                current.append(character)
            } else if !current.isEmpty {
                tokens.append(current)
                current = ""
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens.filter { !ignoredTokens.contains($0) }
    }

    static func names(of party: EvalSet.Party) -> [[String]] {
        ([party.name] + (party.aliases ?? [])).map(tokens).filter { !$0.isEmpty }
    }

    static func matches(_ party: EvalSet.Party, _ predicted: String) -> Bool {
        let candidate = tokens(predicted)
        guard let first = candidate.first else { return false }
        for gold in names(of: party) {
            if gold == candidate { return true }
            let goldSet = Set(gold)
            let candidateSet = Set(candidate)
            if goldSet.isSubset(of: candidateSet) || candidateSet.isSubset(of: goldSet), gold.first == first {
                return true
            }
            if gold.joined() == candidate.joined() { return true }
        }
        return false
    }
}

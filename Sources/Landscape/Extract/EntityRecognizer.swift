/// Finds the gazetteer's organisations and places in text.
///
/// Built once per run from the ``Gazetteer`` and shared read-only across threads.
struct EntityRecognizer: Sendable {
    enum Target: Sendable, Hashable {
        case organization(Int)
        case place(Int)
    }

    /// A recognised name at bytes `start..<end`.
    struct Hit: Sendable, Hashable {
        let start: Int
        let end: Int
        let target: Target

        /// The organisation's index, when the hit is one.
        var organizationIndex: Int? {
            if case .organization(let index) = target { return index }
            return nil
        }
    }

    let gazetteer: Gazetteer
    private let matcher: PhraseMatcher
    private let targets: [Target]
    /// Phrases below this number are the gazetteer's names; the rest are the extra phrases.
    private let nameCount: Int
    /// Phrases that must match with their exact case: short all-capital acronyms ("GSK", "UCB").
    private let exactCase: [[UInt8]?]

    /// - Parameters:
    ///   - gazetteer: the organisations and places to find.
    ///   - extraPhrases: other phrases found in the same walk over a text (``scan(_:)``), so a
    ///     caller that needs them too does not walk the text twice.
    init(gazetteer: Gazetteer, alsoFinding extraPhrases: [String] = []) {
        self.gazetteer = gazetteer
        var phrases: [String] = []
        var targets: [Target] = []
        for (index, organization) in gazetteer.organizations.enumerated() {
            for name in [organization.name] + organization.aliases {
                // News writes the apostrophe of "Dr. Reddy's" straight or curly.
                for spelling in Set([name, name.replacingOccurrences(of: "'", with: "\u{2019}")]).sorted() {
                    phrases.append(spelling)
                    targets.append(.organization(index))
                }
            }
        }
        for (index, place) in gazetteer.places.enumerated() {
            for name in [place.name] + place.aliases {
                phrases.append(name)
                targets.append(.place(index))
            }
        }
        nameCount = phrases.count
        matcher = PhraseMatcher(phrases: phrases + extraPhrases)
        self.targets = targets
        exactCase = phrases.map { phrase in
            let letters = phrase.unicodeScalars.filter { $0.properties.isAlphabetic }
            let isAcronym = !letters.isEmpty && letters.allSatisfy { $0.properties.isUppercase } && phrase.count <= 6
            return isAcronym ? Array(phrase.utf8) : nil
        }
    }

    func hits(in text: [UInt8]) -> [Hit] {
        scan(text).hits
    }

    /// The names recognised in `text` (ordered by start, the longest of overlapping ones), and
    /// every whole-word match of the extra phrases, numbered as given and ordered by end.
    func scan(_ text: [UInt8]) -> (hits: [Hit], extra: [PhraseMatcher.Match]) {
        var names: [PhraseMatcher.Match] = []
        var extra: [PhraseMatcher.Match] = []
        for match in matcher.allMatches(in: text) {
            if match.phrase >= nameCount {
                extra.append(PhraseMatcher.Match(start: match.start, end: match.end, phrase: match.phrase - nameCount))
            } else if let exact = exactCase[match.phrase] {
                if text[match.start..<match.end].elementsEqual(exact) { names.append(match) }
            } else {
                names.append(match)
            }
        }
        let hits = PhraseMatcher.longest(names).map { Hit(start: $0.start, end: $0.end, target: targets[$0.phrase]) }
        return (hits, extra)
    }
}

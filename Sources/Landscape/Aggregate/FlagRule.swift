import Yams

/// A policy question as data (`flags:` in a pipeline): a name and conditions over a deal, all of
/// which must hold. Deals that meet them carry the name in `flags`.
public struct FlagRule: Sendable, Hashable {
    /// A country code, or a bloc id standing for each of its countries.
    public enum Place: Sendable, Hashable {
        case country(String)
        case bloc(String)
    }

    public let name: String
    /// Every place among the parties' countries.
    public var countriesAll: [Place] = []
    /// At least one place among the parties' countries.
    public var countriesAny: [Place] = []
    /// For each role, a party in that role placed in one of the places ("licensor in China,
    /// licensee in the US or Europe"): the direction of the deal.
    public var roles: [PartyRole: [Place]] = [:]
    public var dealTypes: Set<DealType> = []
    public var modalities: Set<String> = []
    /// Names of watch lists, one of which must match; `*` for any list.
    public var watchLists: [String] = []
    /// Phrases, one of which must be in a report's evidence or title (any case).
    public var evidenceWords: [String] = []

    public init(name: String) {
        self.name = name
    }

    /// Whether the deal meets every condition.
    func matches(_ deal: Deal, blocs: Blocs, onLists: [String]) -> Bool {
        func contains(_ place: Place, _ countries: [String]) -> Bool {
            switch place {
            case .country(let code): return countries.contains(code)
            case .bloc(let id): return countries.contains { blocs.bloc(of: $0) == id }
            }
        }
        guard countriesAll.allSatisfy({ contains($0, deal.countries) }) else { return false }
        guard countriesAny.isEmpty || countriesAny.contains(where: { contains($0, deal.countries) }) else {
            return false
        }
        guard dealTypes.isEmpty || dealTypes.contains(deal.dealType) else { return false }
        guard modalities.isEmpty || deal.modalities.contains(where: modalities.contains) else { return false }
        for (role, places) in roles {
            let placed = deal.parties.filter { $0.role == role }.compactMap(\.country)
            guard places.contains(where: { contains($0, placed) }) else { return false }
        }
        if !watchLists.isEmpty {
            guard watchLists.contains("*") ? !onLists.isEmpty : watchLists.contains(where: onLists.contains) else {
                return false
            }
        }
        if !evidenceWords.isEmpty {
            let texts = deal.sources.flatMap { [$0.evidence, $0.title ?? ""] }.map { $0.lowercased() }
            guard evidenceWords.contains(where: { word in texts.contains { Self.hasPhrase(word, in: $0) } }) else {
                return false
            }
        }
        return true
    }

    /// Whether `phrase` is in `text` between word boundaries ("biobank" in "a biobank's", not in
    /// "biobanking"; both lower-case).
    static func hasPhrase(_ phrase: String, in text: String) -> Bool {
        var searchFrom = text.startIndex
        while let found = text.range(of: phrase, range: searchFrom..<text.endIndex) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            let isWordCharacter = { (character: Character?) in
                character?.isLetter == true || character?.isNumber == true
            }
            if !isWordCharacter(before), !isWordCharacter(after) { return true }
            searchFrom = text.index(after: found.lowerBound)
        }
        return false
    }
}

extension FlagRule {
    /// Reads the `flags:` list of a pipeline, checking every name against the blocs, watch lists,
    /// deal types, roles and modalities there are.
    static func readAll(
        _ node: Node, reader: YAMLReader, blocs: Blocs, watchLists: [WatchList]
    ) throws(ConfigError) -> [FlagRule] {
        var rules: [FlagRule] = []
        for item in try reader.sequence(node) {
            let map = try reader.mapping(
                item,
                allowed: [
                    "name", "countries_all", "countries_any", "roles", "deal_types", "modalities", "watchlists",
                    "evidence_words",
                ])
            var rule = FlagRule(name: try PolicyNames.id(map["name"], in: item, what: "flag", reader: reader))
            guard !rules.contains(where: { $0.name == rule.name }) else {
                throw ConfigError(
                    file: reader.file, line: item.mark?.line, message: "a second flag called `\(rule.name)`")
            }
            func strings(_ key: String) throws(ConfigError) -> [(String, Node)] {
                try (map[key].map { node throws(ConfigError) in try reader.sequence(node) } ?? []).map {
                    node throws(ConfigError) in (try reader.string(node), node)
                }
            }
            func places(_ list: [(String, Node)]) throws(ConfigError) -> [Place] {
                try list.map { text, node throws(ConfigError) in try place(text, node, reader: reader, blocs: blocs) }
            }
            rule.countriesAll = try places(strings("countries_all"))
            rule.countriesAny = try places(strings("countries_any"))
            for (text, node) in try strings("deal_types") {
                guard let type = DealType(rawValue: text) else {
                    throw ConfigError(
                        file: reader.file, line: node.mark?.line,
                        message:
                            "`\(text)` is not a deal type (\(DealType.allCases.map(\.rawValue).joined(separator: ", ")))"
                    )
                }
                rule.dealTypes.insert(type)
            }
            for (text, node) in try strings("modalities") {
                guard ModalityLexicon.order.contains(text) else {
                    throw ConfigError(
                        file: reader.file, line: node.mark?.line,
                        message: "`\(text)` is not a modality (\(ModalityLexicon.order.joined(separator: ", ")))")
                }
                rule.modalities.insert(text)
            }
            for (text, node) in try strings("watchlists") {
                guard text == "*" || watchLists.contains(where: { $0.name == text }) else {
                    let known = watchLists.map(\.name).joined(separator: ", ")
                    throw ConfigError(
                        file: reader.file, line: node.mark?.line,
                        message:
                            "no watch list called `\(text)` (known: \(known.isEmpty ? "none" : known); `*` for any)")
                }
                rule.watchLists.append(text)
            }
            rule.evidenceWords = try strings("evidence_words").map { $0.0.lowercased() }
            if let rolesNode = map["roles"] {
                for (key, value) in try reader.mapping(rolesNode, allowed: Set(PartyRole.allCases.map(\.rawValue))) {
                    guard let role = PartyRole(rawValue: key) else { continue }  // the mapping allowed only roles
                    let list = try reader.sequence(value).map { node throws(ConfigError) in
                        (try reader.string(node), node)
                    }
                    rule.roles[role] = try places(list)
                }
            }
            rules.append(rule)
        }
        return rules
    }

    private static func place(_ text: String, _ node: Node, reader: YAMLReader, blocs: Blocs) throws(ConfigError)
        -> Place
    {
        if PolicyNames.isCountryCode(text) { return .country(text) }
        guard blocs.ids.contains(text) else {
            throw ConfigError(
                file: reader.file, line: node.mark?.line,
                message:
                    "`\(text)` is neither a country code (two capital letters) nor a bloc (\(blocs.ids.joined(separator: ", ")))"
            )
        }
        return .bloc(text)
    }
}

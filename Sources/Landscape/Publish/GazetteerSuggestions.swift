import FoundationEssentials

/// The organisations a snapshot found outside the gazetteer, as lines a researcher can paste
/// into it: the names extraction learned from the shape of the news, most used first.
public enum GazetteerSuggestions {
    /// One organisation the gazetteer does not hold.
    public struct Suggestion: Sendable, Hashable {
        public let name: String
        /// Other names the articles gave it (short forms, bracketed abbreviations).
        public let aliases: [String]
        /// The country most of its mentions were placed in, if any.
        public let country: String?
        public let kind: OrganizationKind
        public let deals: Int
        public let articles: Int
        /// A sentence that states one of its deals (or mentions it, when it has none).
        public let evidence: String?
    }

    /// The suggestions of a snapshot: names in deals first, by deals then articles, then by name.
    ///
    /// - Parameter snapshot: a published snapshot.
    /// - Returns: one suggestion per organisation id beginning with `unknown:`.
    /// - Throws: an error naming the file and line of a record that does not decode.
    public static func make(from snapshot: PublishedSnapshot) throws -> [Suggestion] {
        let mentions = try snapshot.records(Mention.self, .mentions)
        let deals = try snapshot.records(Deal.self, .deals)
        var surfaces: [String: [String: Int]] = [:]
        var countries: [String: [String: Int]] = [:]
        var kinds: [String: OrganizationKind] = [:]
        var names: [String: String] = [:]
        var articles: [String: Set<String>] = [:]
        for mention in mentions where mention.type == .organization && mention.entityID.hasPrefix("unknown:") {
            let id = mention.entityID
            names[id] = mention.name
            surfaces[id, default: [:]][mention.surface, default: 0] += 1
            if let country = mention.country { countries[id, default: [:]][country, default: 0] += 1 }
            if let kind = mention.kind { kinds[id] = kind }
            articles[id, default: []].insert(mention.articleID)
        }
        var dealCounts: [String: Int] = [:]
        var evidence: [String: String] = [:]
        for deal in deals {
            for party in deal.parties where party.entityID.hasPrefix("unknown:") {
                dealCounts[party.entityID, default: 0] += 1
                names[party.entityID] = names[party.entityID] ?? party.name
                if evidence[party.entityID] == nil { evidence[party.entityID] = deal.sources.first?.evidence }
                if let country = party.country { countries[party.entityID, default: [:]][country, default: 0] += 1 }
                kinds[party.entityID] = kinds[party.entityID] ?? party.kind
            }
        }
        let suggestions = names.map { id, name in
            Suggestion(
                name: name,
                aliases: (surfaces[id] ?? [:]).keys.filter { $0 != name }.sorted(),
                country: (countries[id] ?? [:]).max { ($0.value, $1.key) < ($1.value, $0.key) }?.key,
                kind: kinds[id] ?? .company, deals: dealCounts[id] ?? 0, articles: articles[id]?.count ?? 0,
                evidence: evidence[id])
        }
        return suggestions.sorted { ($1.deals, $1.articles, $0.name) < ($0.deals, $0.articles, $1.name) }
    }

    /// The suggestions as gazetteer lines, with the counts and the evidence in `note`.
    public static func lines(_ suggestions: [Suggestion]) -> [UInt8] {
        var writer = JSONWriter()
        for suggestion in suggestions {
            writer.beginObject()
            writer.field("name", suggestion.name)
            writer.field("aliases", suggestion.aliases)
            writer.field("country", suggestion.country)
            writer.field("kind", suggestion.kind.rawValue)
            var note = "\(suggestion.deals) deals, \(suggestion.articles) articles"
            if let evidence = suggestion.evidence { note += ": " + evidence }
            writer.field("note", note)
            writer.endObject()
            writer.newline()
        }
        return writer.bytes
    }
}

import Foundation

/// An annotated set in the format of `../shared/eval/`: articles (`articles.jsonl`) and, per
/// article, the deals a careful reader finds in it (`gold.jsonl`).
public struct EvalSet: Sendable {
    public struct Article: Sendable, Decodable {
        public let id: String
        public let url: String
        /// `YYYY-MM-DD`, or nil when the source did not say.
        public let published: String?
        public let title: String?
        public let text: String
    }

    public struct Party: Sendable, Decodable {
        /// nil for a counterparty the text describes but does not name.
        public let name: String?
        public let country: String?
        public let kind: String?
        public let aliases: [String]?
    }

    public struct GoldDeal: Sendable, Decodable {
        public let parties: [Party]
        public let dealType: String
        public let dealTypeAlternatives: [String]?
        public let modalities: [String]?

        enum CodingKeys: String, CodingKey {
            case parties, modalities
            case dealType = "deal_type"
            case dealTypeAlternatives = "deal_type_alt"
        }

        /// The gold type and the alternatives the annotator would accept.
        public var acceptedTypes: [String] { [dealType] + (dealTypeAlternatives ?? []) }
    }

    public struct Gold: Sendable, Decodable {
        public let id: String
        public let deals: [GoldDeal]
    }

    /// The roles annotated for one gold deal: `{id, deal, roles: {party name: role}}`, where
    /// `deal` is the deal's index in its article's gold line.
    public struct DealRoles: Sendable, Decodable {
        public let id: String
        public let deal: Int
        public let roles: [String: String]
    }

    public let articles: [Article]
    /// Gold deals by article id, for every annotated article.
    public let gold: [String: [GoldDeal]]
    /// Gold roles by article id and deal index, then by the party's gold name.
    public let roles: [String: [Int: [String: PartyRole]]]

    /// Reads the files; a line that is not a valid record is reported with its file and number.
    ///
    /// - Parameters:
    ///   - goldPath: `gold.jsonl`.
    ///   - articlesPath: `articles.jsonl`.
    ///   - rolesPath: optional roles of the gold deals' parties (lines for articles the set does
    ///     not hold are passed over, so one file serves a set and its parts).
    /// - Returns: the annotated articles, their gold deals and roles.
    /// - Throws: ``ConfigError`` naming the file and line that cannot be read.
    public static func load(goldPath: String, articlesPath: String, rolesPath: String? = nil) throws(ConfigError)
        -> EvalSet
    {
        let articles = try loadArticles(articlesPath)
        let gold: [Gold] = try records(goldPath)
        let known = Set(articles.map(\.id))
        for entry in gold where !known.contains(entry.id) {
            throw ConfigError(file: goldPath, message: "gold for \(entry.id), which is not in \(articlesPath)")
        }
        let goldByID = Dictionary(gold.map { ($0.id, $0.deals) }, uniquingKeysWith: { first, _ in first })
        var roles: [String: [Int: [String: PartyRole]]] = [:]
        if let rolesPath {
            let entries: [DealRoles] = try records(rolesPath)
            for (index, entry) in entries.enumerated() {
                guard let deals = goldByID[entry.id] else { continue }
                let line = index + 1
                guard deals.indices.contains(entry.deal) else {
                    throw ConfigError(
                        file: rolesPath, line: line, message: "\(entry.id) has no gold deal \(entry.deal)")
                }
                for (name, text) in entry.roles {
                    guard let role = PartyRole(rawValue: text) else {
                        throw ConfigError(file: rolesPath, line: line, message: "unknown role `\(text)`")
                    }
                    guard deals[entry.deal].parties.contains(where: { $0.name == name }) else {
                        throw ConfigError(
                            file: rolesPath, line: line,
                            message: "\(name) is no party of \(entry.id) deal \(entry.deal)")
                    }
                    roles[entry.id, default: [:]][entry.deal, default: [:]][name] = role
                }
            }
        }
        return EvalSet(
            articles: articles.filter { id in gold.contains { $0.id == id.id } }, gold: goldByID, roles: roles)
    }

    /// Articles alone, for extraction without gold.
    public static func loadArticles(_ path: String) throws(ConfigError) -> [Article] {
        try records(path)
    }

    private static func records<Record: Decodable>(_ path: String) throws(ConfigError) -> [Record] {
        guard let bytes = FileBytes.read(path) else { throw ConfigError(file: path, message: "cannot read the file") }
        var records: [Record] = []
        let decoder = JSONDecoder()
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        where line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
            do {
                records.append(try decoder.decode(Record.self, from: Data(line)))
            } catch {
                throw ConfigError(file: path, line: index + 1, message: "not a valid record: \(describe(error))")
            }
        }
        return records
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "wrong type at \"\(path)\""
        default: return "not JSON"
        }
    }
}

extension EvalSet.Article {
    /// The article as the pipeline sees it when the set is served as a feed: the text read as
    /// HTML (so whitespace is collapsed the same way), published at 09:00 UTC of its day, and a
    /// title made of the first twelve words when there is none.
    func pipelineArticle(seenAt: Timestamp) -> Article {
        let published = self.published.flatMap { FeedDate.parse(String($0.prefix(10)) + "T09:00:00Z") }
        let headline = title ?? text.split(whereSeparator: \.isWhitespace).prefix(12).joined(separator: " ")
        return Article(
            articleID: id, url: url, canonicalURL: url, sourceID: "eval", title: collapseWhitespace(headline),
            published: published, summary: HTMLText.plainText(Array(text.utf8)), content: nil, language: nil,
            authors: [], categories: [], firstSeen: seenAt)
    }
}

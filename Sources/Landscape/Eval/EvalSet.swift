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

    public let articles: [Article]
    /// Gold deals by article id, for every annotated article.
    public let gold: [String: [GoldDeal]]

    /// Reads both files; a line that is not a valid record is reported with its file and number.
    public static func load(goldPath: String, articlesPath: String) throws(ConfigError) -> EvalSet {
        let articles = try loadArticles(articlesPath)
        let gold: [Gold] = try records(goldPath)
        let known = Set(articles.map(\.id))
        for entry in gold where !known.contains(entry.id) {
            throw ConfigError(file: goldPath, message: "gold for \(entry.id), which is not in \(articlesPath)")
        }
        return EvalSet(
            articles: articles.filter { id in gold.contains { $0.id == id.id } },
            gold: Dictionary(gold.map { ($0.id, $0.deals) }, uniquingKeysWith: { first, _ in first }))
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

/// The dedupe stage's outputs in the ``StageCache``: the story group of every article
/// (`groups.jsonl`) and the merged deals (`deals.jsonl`).
///
/// Only the grouping is kept, not the articles: they are the stage's input, which a run has
/// already, and the grouping is a small part of their size.
struct DedupeCache {
    let cache: StageCache

    /// The file listing the keys of the fingerprint months an output was made from.
    static let fingerprintsFile = "fingerprint-months.txt"

    /// Stores an output with what it was made from besides the previous deals (settings,
    /// articles and reports, as ``DedupeStep`` words them) and the keys of the fingerprint
    /// months it used, which stay in the cache as long as it does.
    func store(
        key: String, ids: [String], groups stories: [StoryGroup], deals: [Deal], madeFrom: String,
        mergeBasis: MergeBasis, fingerprintMonths: [String], jobs: Int
    ) throws {
        let groups = zip(ids, stories).map {
            ArticleGroup(articleID: $0, duplicateOf: $1.duplicateOf, clusterID: $1.clusterID)
        }
        // Each large file is encoded in chunks on every core.
        let encoded = [groups.jsonLines(jobs: jobs), deals.jsonLines(jobs: jobs)]
        try cache.store(
            .dedupe, key: key,
            files: [
                ("groups.jsonl", encoded[0]), ("deals.jsonl", encoded[1]), ("made-from.txt", Array(madeFrom.utf8)),
                (Self.fingerprintsFile, Array(fingerprintMonths.map { $0 + "\n" }.joined().utf8)),
                (Self.mergeBasisFile, mergeBasis.encoded()),
            ])
    }

    private static let mergeBasisFile = "merge-basis.txt"

    /// What the deals stored under `key` were merged from, or nil when it is gone or unreadable.
    func mergeBasis(key: String) -> MergeBasis? {
        (try? cache.bytes(.dedupe, key: key, file: Self.mergeBasisFile)).flatMap(MergeBasis.init(decoding:))
    }

    /// What the output under `key` was made from, or nil when it is gone or says nothing.
    func madeFrom(key: String) -> String? {
        (try? cache.bytes(.dedupe, key: key, file: "made-from.txt")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The story group stored under `key` of each of `ids`, in order, and the deals.
    func load(key: String, ids: [String]) throws -> (groups: [StoryGroup], deals: [Deal]) {
        (try groups(key: key, ids: ids), try cache.load(Deal.self, .dedupe, key: key, file: "deals.jsonl"))
    }

    /// The story group stored under `key` of each of `ids`, in order.
    func groups(key: String, ids: [String]) throws -> [StoryGroup] {
        let stored = try cache.load(ArticleGroup.self, .dedupe, key: key, file: "groups.jsonl")
        let byID = Dictionary(stored.map { ($0.articleID, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.map { id in
            byID[id].map { StoryGroup(duplicateOf: $0.duplicateOf, clusterID: $0.clusterID) } ?? StoryGroup(alone: id)
        }
    }
}

/// Which story an article belongs to, as dedupe decided.
struct ArticleGroup: Sendable, Codable, JSONLineRecord {
    let articleID: String
    let duplicateOf: String?
    let clusterID: String

    enum CodingKeys: String, CodingKey {
        case articleID = "article_id"
        case duplicateOf = "duplicate_of"
        case clusterID = "cluster_id"
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("article_id", articleID)
        writer.field("duplicate_of", duplicateOf)
        writer.field("cluster_id", clusterID)
        writer.endObject()
    }
}

/// What a dedupe output's deals were merged from, so that the next night can merge only the
/// party sets whose reports changed since (``DealMerger/merge(_:touching:partySetsSharingSources:windowDays:previous:jobs:)``).
struct MergeBasis: Equatable {
    /// The code that merged, the deal window, and the extract output whose reports were merged.
    var code: String
    var windowDays: Int
    var extractKey: String
    var partySetsSharingSources: Set<String>

    private static let header = "landscape deal merge 1"

    func encoded() -> [UInt8] {
        let lines = [Self.header, code, String(windowDays), extractKey] + partySetsSharingSources.sorted()
        return Array(lines.map { $0 + "\n" }.joined().utf8)
    }

    init(code: String, windowDays: Int, extractKey: String, partySetsSharingSources: Set<String>) {
        self.code = code
        self.windowDays = windowDays
        self.extractKey = extractKey
        self.partySetsSharingSources = partySetsSharingSources
    }

    init?(decoding bytes: [UInt8]) {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        guard lines.count >= 5, lines[0] == Self.header, let window = Int(lines[2]), lines.last == "" else {
            return nil
        }
        self.init(
            code: lines[1], windowDays: window, extractKey: lines[3],
            partySetsSharingSources: Set(lines[4..<(lines.count - 1)]))
    }
}

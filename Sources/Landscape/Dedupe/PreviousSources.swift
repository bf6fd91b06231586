/// What a merge of every report in parts needs of the previous deals to give tonight's deals
/// the ids one merge would (``IDClaims``): each previous deal's id and party set, and which
/// previous deals each source article is a source of. Numbers, a few bytes a source, rather
/// than the deals with their sources (2.3 GB held beside every report at a million articles,
/// the night after an upgrade of the binary).
struct PreviousSources: Sendable {
    /// Each previous deal's id (``DealID/number``), in file order.
    let ids: [UInt64]
    /// Each previous deal's party set (``DealOutline/partySetHash(_:)``), in file order.
    let partySets: [Int]
    /// Each previous deal's sources, by article: the article and the deal's place.
    private let sources: [Source]
    /// The ids, sorted, to tell an id made for a deal that a previous deal holds.
    private let sortedIDs: [UInt64]

    private struct Source: Sendable {
        let article: ArticleKey
        let deal: Int32
    }

    /// How many previous deals there are.
    var count: Int { ids.count }

    /// Nil when a deal's id is not in the form this code writes, or two deals have one id: a
    /// merge of every report is then made in memory, as it keeps such ids.
    init?(_ outlines: [DealSourceOutline], jobs: Int) {
        var builder = Builder()
        guard builder.add(outlines) else { return nil }
        self.init(builder, jobs: jobs)
    }

    private init?(_ builder: consuming Builder, jobs: Int) {
        ids = builder.ids
        partySets = builder.partySets
        sources = builder.sources.sorted(jobs: jobs) { $0.article < $1.article }
        sortedIDs = ids.sorted(jobs: jobs, by: <)
        guard zip(sortedIDs, sortedIDs.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
    }

    /// Reads the previous deals' outlines a block at a time (a block of a million deals' file
    /// decoded at once, not the file); nil as for ``init(_:jobs:)``.
    static func read(scanning scan: Scan, jobs: Int) throws -> PreviousSources? {
        var builder = Builder()
        var isStandard = true
        try scan { outlines in
            if isStandard { isStandard = builder.add(outlines) }
        }
        return isStandard ? PreviousSources(builder, jobs: jobs) : nil
    }

    /// Reads the previous deals' source outlines, handing them to `body` a block at a time.
    typealias Scan = @Sendable (_ body: ([DealSourceOutline]) throws -> Void) throws -> Void

    private struct Builder: ~Copyable {
        var ids: [UInt64] = []
        var partySets: [Int] = []
        var sources: [Source] = []

        /// Adds the outlines; false when an id is not in the merge's form.
        mutating func add(_ outlines: [DealSourceOutline]) -> Bool {
            for outline in outlines {
                guard let number = outline.id.number, ids.count < Int32.max else { return false }
                let deal = Int32(ids.count)
                ids.append(number)
                partySets.append(outline.partySetHash)
                for article in outline.articles { sources.append(Source(article: article, deal: deal)) }
            }
            return true
        }
    }

    /// Whether a previous deal holds the id.
    func holds(_ id: DealID) -> Bool {
        guard let number = id.number else { return false }
        let low = sortedIDs.partitionPoint { $0 < number }
        return low < sortedIDs.count && sortedIDs[low] == number
    }

    /// The previous deals that share source articles with `deal`, each with how many it shares,
    /// in order of their place.
    func shared(with deal: Deal) -> [(previous: Int32, articles: Int32)] {
        var shared: [(previous: Int32, articles: Int32)] = []
        for source in deal.sources {
            let article = ArticleKey(source.articleID)
            var index = sources.partitionPoint { $0.article < article }
            while index < sources.count, sources[index].article == article {
                let previous = sources[index].deal
                if let found = shared.firstIndex(where: { $0.previous == previous }) {
                    shared[found].articles += 1
                } else {
                    shared.append((previous, 1))
                }
                index += 1
            }
        }
        return shared.sorted { $0.previous < $1.previous }
    }
}

/// A deal's id, party set and source articles, read from its line without the rest: what
/// ``PreviousSources`` keeps of each previous deal.
struct DealSourceOutline: Sendable, Decodable, ScannableRecord {
    let id: DealID
    /// ``Deal/partyKey``'s hash in this process (``DealOutline/partySetHash(_:)``).
    let partySetHash: Int
    /// The articles of its sources, in their order.
    let articles: [ArticleKey]

    init(_ deal: Deal) {
        id = deal.id
        partySetHash = DealOutline.partySetHash(deal.partyKey)
        articles = deal.sources.map { ArticleKey($0.articleID) }
    }

    init(scanning scanner: inout JSONScanner) throws(JSONScanner.Failure) {
        var id: DealID?
        var entityIDs: [String] = []
        var articles: [ArticleKey] = []
        try scanner.object { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "deal_id":
                id = try DealID(scanning: &scanner)
            case "parties":
                try scanner.fieldOfEach("entity_id") { scanner throws(JSONScanner.Failure) in
                    entityIDs.append(try scanner.sharedString())
                }
            case "sources":
                try scanner.fieldOfEach("article_id") { scanner throws(JSONScanner.Failure) in
                    articles.append(try scanner.string(ArticleKey.init(utf8:)))
                }
            default:
                try scanner.skipValue()
            }
        }
        guard let id else { throw JSONScanner.Failure() }
        self.id = id
        partySetHash = DealOutline.partySetHash(entityIDs.sorted().joined(separator: "|"))
        self.articles = articles
    }

    public init(from decoder: any Decoder) throws {
        self.init(try Deal(from: decoder))
    }
}

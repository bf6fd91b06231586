import FoundationEssentials

/// The extract stage's outputs in the ``StageCache``: mentions, per-article deal reports, and
/// the digest of every article they came from, under the digest of the settings and code that
/// made them (so a later night reuses what it can; see ``earlier(settings:)``).
struct ExtractCache {
    let cache: StageCache

    func store(
        key: String, settings: String, articleIDs: [String], digests: [String], output: ExtractOutput
    ) throws {
        var inputs: [UInt8] = []
        for (id, digest) in zip(articleIDs, digests) { inputs += Array("\(id) \(digest)\n".utf8) }
        try cache.store(
            .extract, key: key,
            files: [
                ("mentions.jsonl", output.mentions.jsonLines(Array(0..<output.mentions.count))),
                ("deals.jsonl", output.deals.jsonLines()), ("articles.txt", inputs),
                ("settings.txt", Array(settings.utf8)),
            ])
    }

    /// The deal reports stored under `key`, one or more per article that states a deal.
    func deals(key: String) throws -> [Deal] {
        try cache.load(Deal.self, .extract, key: key, file: "deals.jsonl")
    }

    /// The mentions stored under `key`, as lines: publish needs nothing more of them.
    func mentions(key: String) throws -> MentionLines {
        guard cache.has(.extract, key: key) else {
            throw RunError("the extract output \(key) is no longer in the cache")
        }
        let path = FilePaths.join(cache.entryPath(.extract, key: key), "mentions.jsonl")
        return try MentionLines(jsonLines: try cache.bytes(.extract, key: key, file: "mentions.jsonl"), origin: path)
    }

    /// The latest extract output, if it was made with `settings` (the digest of the extract
    /// config and the code): its articles need not be extracted again. Anything unreadable
    /// counts as no earlier output; extract then simply does all the work.
    func earlier(settings: String) -> EarlierExtract? {
        guard let key = cache.latestKey(.extract) else { return nil }
        // Anything unreadable or damaged only means every article is extracted afresh.
        guard (try? cache.bytes(.extract, key: key, file: "settings.txt")) == Array(settings.utf8),
            let inputs = try? cache.bytes(.extract, key: key, file: "articles.txt"),
            let mentions = try? mentions(key: key), let deals = try? deals(key: key)
        else { return nil }
        var digests: [String: String] = [:]
        for line in inputs.split(separator: 0x0A) {
            let parts = line.split(separator: 0x20)
            guard parts.count == 2 else { return nil }
            digests[String(decoding: parts[0], as: UTF8.self)] = String(decoding: parts[1], as: UTF8.self)
        }
        var mentionLines: [String: [Int]] = [:]
        for (index, line) in mentions.lines.enumerated() { mentionLines[line.articleID, default: []].append(index) }
        return EarlierExtract(
            digests: digests, mentions: mentions, mentionLines: mentionLines,
            deals: Dictionary(grouping: deals) { $0.sources.first?.articleID ?? "" })
    }
}

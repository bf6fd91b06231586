/// The extract stage's outputs in the ``StageCache``: mentions and per-article deal reports.
struct ExtractCache {
    let cache: StageCache

    func store(key: String, mentions: MentionLines, deals: [Deal]) throws {
        try cache.store(
            .extract, key: key,
            files: [
                ("mentions.jsonl", mentions.jsonLines(Array(0..<mentions.count))), ("deals.jsonl", deals.jsonLines()),
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
        guard let bytes = FileBytes.read(path) else { throw RunError("cannot read \(path)") }
        return try MentionLines(jsonLines: bytes, origin: path)
    }
}

import FoundationEssentials
import Logging

/// The fetch stage as a run uses it: network or `file://`, with every body kept in the cache.
///
/// Bodies are stored by SHA-256; `fetch.jsonl` in the stage cache remembers, per source, the last
/// body that was fetched successfully, so a failed source tonight still has last night's items,
/// and `--offline` and `--from parse` can work without the network.
struct FetchRunner {
    let cache: StageCache
    let logger: Logger

    func fetch(_ sources: [FeedSource], options: FetchOptions, isOffline: Bool) throws -> [FetchResult] {
        let previous = try loadIndex()
        let online = sources.filter { !isOffline || $0.url.lowercased().hasPrefix("file://") }
        var fresh = Dictionary(
            FetchStage.run(online, options: options).map { ($0.source.id, $0) }, uniquingKeysWith: { a, _ in a })
        if isOffline {
            for source in sources where fresh[source.id] == nil {
                fresh[source.id] = cachedResult(for: source, entry: previous[source.id], reason: "offline")
            }
        }
        var index: [FetchCacheEntry] = []
        var results: [FetchResult] = []
        for source in sources {
            guard let result = fresh[source.id] else { continue }
            results.append(result)
            if result.status == .fetched {
                let digest = try cache.storeBody(result.body)
                index.append(
                    FetchCacheEntry(
                        id: source.id, url: source.url, status: result.status.rawValue, httpStatus: result.httpStatus,
                        contentType: result.contentType, sha256: digest, bytes: result.body.count))
            } else if let old = previous[source.id] {
                index.append(old)
            }
            if let error = result.error { logger.error("\(error)", metadata: ["source": "\(source.id)"]) }
        }
        try cache.store("fetch.jsonl", index.jsonLines())
        return results
    }

    /// The cached bodies of `sources`, for a run that starts after fetch.
    func cached(_ sources: [FeedSource]) throws -> [FetchResult] {
        let index = try loadIndex()
        return sources.map { cachedResult(for: $0, entry: index[$0.id], reason: "not in the fetch cache") }
    }

    private func cachedResult(for source: FeedSource, entry: FetchCacheEntry?, reason: String) -> FetchResult {
        guard let entry, let digest = entry.sha256, let body = cache.body(digest) else {
            let error = FetchError(
                code: .transport(code: -1), source: source.url, detail: "\(reason): never fetched successfully")
            return FetchResult(
                source: source, status: .failed, httpStatus: nil, body: [], contentType: nil, seconds: 0, attempts: 0,
                error: error)
        }
        return FetchResult(
            source: source, status: .notModified, httpStatus: entry.httpStatus, body: body,
            contentType: entry.contentType, seconds: 0, attempts: 0, error: nil)
    }

    private func loadIndex() throws -> [String: FetchCacheEntry] {
        let entries = try cache.load(FetchCacheEntry.self, "fetch.jsonl") ?? []
        return Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
    }
}

import Dispatch
import Synchronization

/// Feed bodies stored in the cache as fetch hands them over, on threads of their own while the
/// transfers go on, each let go once stored: a build's feeds, held until the last transfer
/// ended, were 1.3 GB at a million articles.
///
/// At most a few bodies wait to be stored: fetch waits for room before it hands over another.
final class BodyStores: Sendable {
    private let cache: StageCache
    private let queue = DispatchQueue(label: "landscape.body-stores", attributes: .concurrent)
    private let stores = DispatchGroup()
    private let room: DispatchSemaphore
    /// Each source's body digest, or why its body could not be stored, by source id.
    private let digests = Mutex<[String: Result<String, FileSystemError>]>([:])

    /// - Parameters:
    ///   - cache: where the bodies are stored.
    ///   - jobs: the cores the run has: twice as many bodies are stored at once.
    init(cache: StageCache, jobs: Int) {
        self.cache = cache
        room = DispatchSemaphore(value: max(2, 2 * jobs))
    }

    /// The result with its body let go, the body on its way to the cache; any other result as
    /// it is. For ``FetchStage/run(_:options:hostDelays:logger:handing:)``.
    func take(_ result: FetchResult) -> FetchResult {
        guard result.status == .fetched else { return result }
        let (body, id, cache) = (result.body, result.source.id, cache)
        var kept = result
        kept.letGoOfBody()
        room.wait()
        stores.enter()
        queue.async { [self] in
            let stored = Result { () throws(FileSystemError) -> String in try cache.storeBody(body) }
            digests.withLock { $0[id] = stored }
            room.signal()
            stores.leave()
        }
        return kept
    }

    /// Waits for every body handed over, and gives the digest each was stored under, or why it
    /// could not be, by source id.
    func finish() -> [String: Result<String, FileSystemError>] {
        stores.wait()
        return digests.withLock { $0 }
    }
}

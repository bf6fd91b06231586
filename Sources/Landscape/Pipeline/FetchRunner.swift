import FoundationEssentials
import Logging

/// The fetch stage as a run uses it: conditional requests from the state database, every body
/// kept in the cache, and each source's history brought up to date.
///
/// A 304 is served from the body cache. A source that fails tonight keeps its validators and
/// last body, and its articles stay in the landscape (they accumulate from the parent
/// snapshot); its failure count grows by one per night.
struct FetchRunner {
    let cache: StageCache
    let state: StateDatabase
    let logger: Logger
    /// Cores to hash and store the bodies fetched on.
    var jobs = 1

    func fetch(
        _ sources: [FeedSource], options: FetchOptions, isOffline: Bool, now: Timestamp
    ) throws -> (results: [FetchResult], failing: [FailingSource], run: FetchRunRecord) {
        let clock = ContinuousClock.now
        let known = try state.sourceStates()
        var requests: [FetchRequest] = []
        var offline: [String: FetchResult] = [:]
        var archives: [String: FetchResult] = [:]
        for source in sources {
            if let path = source.archivePath {
                archives[source.id] = Self.archiveResult(source, path: path)
                continue
            }
            if isOffline, !source.url.lowercased().hasPrefix("file://") {
                offline[source.id] = cachedResult(for: source, state: known[source.id], reason: "offline (--offline)")
                continue
            }
            requests.append(FetchRequest(source: source, validators: validators(for: source, known[source.id])))
        }
        // Each body fetched is stored and let go as its transfer ends, on the other cores.
        let bodies = BodyStores(cache: cache, jobs: jobs)
        var fetched = Dictionary(
            FetchStage.run(requests, options: options, logger: logger, handing: bodies.take).map { ($0.source.id, $0) },
            uniquingKeysWith: { first, _ in first })
        // A 304 is only as good as the cached body it points to. One that was lost or damaged
        // since (bodies are checked against their digest) is fetched again, unconditionally.
        // Each is read to check it and let go: parse reads it again only if it must parse it.
        var cachedBodies: [String: Int] = [:]
        var refetch: [FetchRequest] = []
        for request in requests where fetched[request.source.id]?.status == .notModified {
            if let digest = known[request.source.id]?.bodySHA256, let body = cache.body(digest) {
                cachedBodies[request.source.id] = body.count
            } else {
                logger.warning(
                    "cached body of \(request.source.id) is missing or damaged; fetching it again in full",
                    metadata: ["source": "\(request.source.id)"])
                refetch.append(FetchRequest(source: request.source))
            }
        }
        for result in FetchStage.run(refetch, options: options, logger: logger, handing: bodies.take) {
            fetched[result.source.id] = result
        }

        // A body that could not be stored stops the night: the first in source order is named.
        let digests = bodies.finish()
        for source in sources where fetched[source.id]?.status == .fetched {
            guard let digest = digests[source.id] else {
                throw FileSystemError(
                    path: cache.bodiesDirectory, operation: "store the body of \(source.id)", message: "never stored")
            }
            fetched[source.id]?.bodySHA256 = try digest.get()
        }

        var results: [FetchResult] = []
        var updated: [SourceState] = []
        var failing: [FailingSource] = []
        for source in sources {
            if let result = offline[source.id] ?? archives[source.id] {
                if let error = result.error {
                    logger.error(
                        "\(error)",
                        metadata: [
                            "stage": "fetch", "source": "\(source.id)", "url": "\(source.url)", "error": "\(error)",
                        ])
                }
                results.append(result)
                continue
            }
            guard let answer = fetched[source.id] else { continue }
            var sourceState =
                known[source.id].flatMap { $0.url == source.url ? $0 : nil }
                ?? SourceState(sourceID: source.id, url: source.url)
            let result = settle(answer, cachedBodyBytes: cachedBodies[source.id], state: &sourceState, now: now)
            results.append(result)
            updated.append(sourceState)
            if let error = result.error {
                logger.error(
                    "\(error)",
                    metadata: ["stage": "fetch", "source": "\(source.id)", "url": "\(source.url)", "error": "\(error)"])
            }
            if result.status == .failed, sourceState.failureNights >= options.failureAlertNights {
                let alert = FailingSource(
                    id: source.id, url: source.url, nights: sourceState.failureNights, since: sourceState.failingSince,
                    error: sourceState.lastError)
                failing.append(alert)
                logger.critical(
                    "source \(source.id) has failed \(alert.nights) nights in a row (since \(alert.since ?? "?")): \(alert.error ?? "")",
                    metadata: [
                        "stage": "fetch", "source": "\(source.id)", "failure_nights": .stringConvertible(alert.nights),
                        "error": "\(alert.error ?? "")",
                    ])
            }
        }
        let run = FetchRunRecord(started: now, results: results, seconds: seconds(since: clock))
        try state.record(updated, run: run)
        return (results, failing, run)
    }

    /// The cached bodies of `sources`, for a run that starts after fetch.
    func cached(_ sources: [FeedSource]) throws -> [FetchResult] {
        let known = try state.sourceStates()
        return sources.map { source in
            source.archivePath.map { Self.archiveResult(source, path: $0) }
                ?? cachedResult(for: source, state: known[source.id], reason: "not in the fetch cache")
        }
    }

    /// Validators are sent only when the body they stand for is still in the cache: a 304
    /// without it would leave the source with nothing.
    private func validators(for source: FeedSource, _ known: SourceState?) -> Validators {
        guard let known, known.url == source.url, let digest = known.bodySHA256, cache.hasBody(digest) else {
            return Validators()
        }
        return known.validators
    }

    /// Completes one answer from the network (a body fetched is stored already, under its
    /// `bodySHA256`, and let go; a 304's was checked in the store) and updates the source's
    /// state to match.
    private func settle(
        _ answer: FetchResult, cachedBodyBytes: Int?, state: inout SourceState, now: Timestamp
    ) -> FetchResult {
        var result = answer
        state.lastAttempt = now.iso8601
        switch answer.status {
        case .fetched:
            state.etag = answer.validators.etag
            state.lastModified = answer.validators.lastModified
            state.bodySHA256 = answer.bodySHA256
            state.contentType = answer.contentType
            state.httpStatus = answer.httpStatus
        case .notModified:
            guard let digest = state.bodySHA256, let bytes = cachedBodyBytes else {
                result = FetchResult(
                    source: answer.source, status: .failed, httpStatus: answer.httpStatus, wireBytes: answer.wireBytes,
                    seconds: answer.seconds, attempts: answer.attempts,
                    error: FetchError(code: .httpStatus(304), source: answer.source.url, detail: "cached body is gone"))
                recordFailure(result, state: &state, now: now)
                return result
            }
            result.body = []
            result.bytes = bytes
            result.bodySHA256 = digest
            result.contentType = state.contentType
            // A 304 may carry fresher validators; the body they describe is the same.
            if let etag = answer.validators.etag { state.etag = etag }
            if let lastModified = answer.validators.lastModified { state.lastModified = lastModified }
        case .failed:
            recordFailure(answer, state: &state, now: now)
            return result
        }
        state.lastSuccess = now.iso8601
        state.failureNights = 0
        state.failingSince = nil
        state.lastFailureDay = nil
        state.lastError = nil
        return result
    }

    /// Counts a failure once per UTC day, so that a researcher's reruns do not make one bad
    /// night look like several.
    private func recordFailure(_ result: FetchResult, state: inout SourceState, now: Timestamp) {
        let day = String(now.iso8601.prefix(10))
        if state.lastFailureDay != day {
            state.failureNights += 1
            state.lastFailureDay = day
        }
        if state.failingSince == nil { state.failingSince = now.iso8601 }
        state.lastError = result.error?.description
    }

    /// A WARC file is not fetched: the parse stage streams it. Its "body digest" stands for the
    /// file as it is (path, size and modification time), so a file that did not change is not
    /// read again by a later run.
    static func archiveResult(_ source: FeedSource, path: String) -> FetchResult {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            return FetchResult(
                source: source, status: .failed,
                error: FetchError(code: .missingArchive, source: source.url, detail: path))
        }
        let identity = "warc \(path) \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
        return FetchResult(
            source: source, status: .fetched, bodySHA256: SHA256.hex(identity), contentType: "application/warc",
            wireBytes: Int(status.st_size))
    }

    private func cachedResult(for source: FeedSource, state: SourceState?, reason: String) -> FetchResult {
        guard let state, state.url == source.url, let digest = state.bodySHA256, let body = cache.body(digest) else {
            let error = FetchError(
                code: .notCached, source: source.url,
                detail: "\(reason): never fetched successfully, so there is no cached body; run once with the network")
            return FetchResult(source: source, status: .failed, error: error)
        }
        var result = FetchResult(
            source: source, status: .notModified, httpStatus: state.httpStatus, body: body, bodySHA256: digest,
            contentType: state.contentType)
        result.letGoOfBody()
        return result
    }
}

import CCurl
import CLandscapeShims
import FoundationEssentials
import Logging

/// Drives all transfers of a run through one libcurl multi handle.
///
/// Keeps at most `concurrency` transfers in flight, and at most `perHost` to one host (our own
/// ``HostScheduler``, so the limit holds for requests, not only for connections). The multi
/// handle's connection cache lets consecutive transfers to a host reuse a keep-alive connection
/// or an HTTP/2 one. Failed attempts wait out their backoff in a timer list, not a thread.
struct CurlMultiFetcher {
    let options: FetchOptions
    let logger: Logger?

    /// Per request: attempts made, bytes received and when the first attempt began.
    private struct Progress {
        var attempts = 0
        var wireBytes = 0
        var started: ContinuousClock.Instant?
    }

    /// - Parameters:
    ///   - requests: what to fetch.
    ///   - hostDelays: seconds between two requests to a host (`scheme://name:port`), from its
    ///     robots.txt `Crawl-delay`.
    ///   - handing: what is done with each result as its transfer ends (``FetchStage/run(_:options:hostDelays:logger:handing:)``).
    /// - Returns: one result per request, in order.
    func fetch(
        _ requests: [FetchRequest], hostDelays: [String: Double] = [:], handing: (FetchResult) -> FetchResult = { $0 }
    ) -> [FetchResult] {
        CurlGlobal.initialise()
        var results = [FetchResult?](repeating: nil, count: requests.count)
        guard let multi = curl_multi_init() else {
            return requests.map { failed($0.source, FetchError(code: .transport(code: -1), source: $0.source.url)) }
        }
        defer { curl_multi_cleanup(multi) }
        _ = landscape_curl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, options.concurrency)
        _ = landscape_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.perHost)

        let policy = RetryPolicy(options)
        var progress = [Progress](repeating: Progress(), count: requests.count)
        var scheduler = HostScheduler(perHost: options.perHost, delays: hostDelays)
        var waitingToRetry: [(due: ContinuousClock.Instant, index: Int)] = []
        var active: [UnsafeMutableRawPointer: (transfer: CurlTransfer, host: String)] = [:]

        var queued: [(index: Int, host: String)] = []
        for (index, request) in requests.enumerated() {
            if Self.hasSupportedScheme(request.source.url) {
                queued.append((index, HostScheduler.host(of: request.source.url)))
            } else {
                results[index] = failed(
                    request.source, FetchError(code: .unsupportedScheme, source: request.source.url))
            }
        }
        scheduler.enqueue(queued)

        func startMore() {
            let now = ContinuousClock.now
            waitingToRetry.removeAll { item in
                guard item.due <= now else { return false }
                scheduler.requeueFirst(item.index, host: HostScheduler.host(of: requests[item.index].source.url))
                return true
            }
            while active.count < options.concurrency, let (index, host) = scheduler.next(now: now) {
                let request = requests[index]
                progress[index].attempts += 1
                if progress[index].started == nil { progress[index].started = now }
                guard let transfer = CurlTransfer(index: index, request: request, options: options) else {
                    scheduler.finished(host: host)
                    results[index] = failed(
                        request.source, FetchError(code: .transport(code: -1), source: request.source.url))
                    continue
                }
                curl_multi_add_handle(multi, transfer.handle)
                active[transfer.handle] = (transfer, host)
            }
        }

        startMore()
        var running: Int32 = 0
        while !active.isEmpty || !waitingToRetry.isEmpty || scheduler.waitingCount > 0 {
            curl_multi_perform(multi, &running)
            var inQueue: Int32 = 0
            while let message = curl_multi_info_read(multi, &inQueue) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                    let (transfer, host) = active.removeValue(forKey: handle)
                else { continue }
                let code = message.pointee.data.result
                curl_multi_remove_handle(multi, handle)
                scheduler.finished(host: host)
                let index = transfer.index
                progress[index].wireBytes += transfer.wireBytes
                let error: FetchError
                let retryAfter: Double?
                switch evaluate(transfer, code: code) {
                case .success(let status, let body):
                    results[index] = handing(finished(transfer, progress[index], status: status, body: body))
                    StageProgress.shared.advance()
                    continue
                case .failure(let failure, let seconds):
                    (error, retryAfter) = (failure, seconds)
                }
                let decision = policy.decide(
                    after: error, attempt: progress[index].attempts, retryAfter: retryAfter,
                    random: Double.random(in: 0..<1))
                switch decision {
                case .retry(let delay):
                    logger?.notice(
                        "\(error); retry \(progress[index].attempts) of \(options.retries) in \(format3(delay)) s",
                        metadata: ["source": "\(transfer.request.source.id)"])
                    waitingToRetry.append((.now + .milliseconds(Int64(delay * 1000)), index))
                case .giveUp(let reason):
                    let final = reason.map { FetchError(code: error.code, source: error.source, detail: $0) } ?? error
                    results[index] = handing(finished(transfer, progress[index], error: final))
                    StageProgress.shared.advance()
                }
            }
            startMore()
            guard !active.isEmpty || !waitingToRetry.isEmpty || scheduler.waitingCount > 0 else { break }
            let due = (waitingToRetry.map(\.due) + [scheduler.nextDelayedStart].compactMap { $0 }).min()
            curl_multi_poll(multi, nil, 0, pollMilliseconds(until: due), nil)
            startMore()
        }

        return zip(requests, results).map { request, result in
            result ?? failed(request.source, FetchError(code: .transport(code: -1), source: request.source.url))
        }
    }

    private enum Outcome {
        case success(FetchStatus, body: [UInt8])
        case failure(FetchError, retryAfter: Double?)
    }

    private func evaluate(_ transfer: CurlTransfer, code: CURLcode) -> Outcome {
        let url = transfer.request.source.url
        if transfer.isBodyTooLarge || code == CURLE_FILESIZE_EXCEEDED {
            return .failure(FetchError(code: .bodyTooLarge(limit: options.maxBodyBytes), source: url), retryAfter: nil)
        }
        guard code == CURLE_OK else {
            let error = FetchError(
                code: .transport(code: Int(code.rawValue)), source: url, detail: transfer.errorText(code))
            return .failure(error, retryAfter: nil)
        }
        // `file://` has no status: success is judged by the CURLcode alone.
        if !url.lowercased().hasPrefix("file://") {
            let status = transfer.responseCode
            if status == 304, !transfer.request.validators.isEmpty { return .success(.notModified, body: []) }
            guard (200..<300).contains(status) else {
                let retryAfter = transfer.headers.retryAfterSeconds(now: .now)
                return .failure(FetchError(code: .httpStatus(status), source: url), retryAfter: retryAfter)
            }
        }
        guard !transfer.body.isEmpty else {
            return .failure(FetchError(code: .emptyBody, source: url), retryAfter: nil)
        }
        return .success(.fetched, body: transfer.body)
    }

    private func finished(
        _ transfer: CurlTransfer, _ progress: Progress, status: FetchStatus = .failed, body: [UInt8] = [],
        error: FetchError? = nil
    ) -> FetchResult {
        let isFile = transfer.request.source.url.lowercased().hasPrefix("file://")
        let httpStatus = isFile || transfer.responseCode == 0 ? nil : transfer.responseCode
        return FetchResult(
            source: transfer.request.source, status: status, httpStatus: httpStatus, body: body,
            contentType: transfer.contentType,
            validators: status == .failed ? Validators() : transfer.headers.validators,
            wireBytes: progress.wireBytes, seconds: progress.started.map(seconds(since:)) ?? 0,
            attempts: progress.attempts, error: error)
    }

    private func failed(_ source: FeedSource, _ error: FetchError) -> FetchResult {
        FetchResult(source: source, status: .failed, error: error)
    }

    /// How long to let curl wait for network activity: never past the next retry that falls due.
    private func pollMilliseconds(until due: ContinuousClock.Instant?) -> Int32 {
        guard let due else { return 200 }
        let wait = ContinuousClock.now.duration(to: due)
        let milliseconds = wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, min(200, milliseconds)))
    }

    private static func hasSupportedScheme(_ url: String) -> Bool {
        let lower = url.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("file://")
    }
}

import CCurl
import CLandscapeShims
import FoundationEssentials

/// Drives all transfers of a run through one libcurl multi handle.
///
/// Keeps at most `concurrency` transfers in flight and lets curl hold each host to `perHost`
/// connections, reusing them (keep-alive, HTTP/2 multiplexing where offered).
struct CurlMultiFetcher {
    let options: FetchOptions

    func fetch(_ sources: [FeedSource]) -> [FetchResult] {
        CurlGlobal.initialise()
        var results = [FetchResult?](repeating: nil, count: sources.count)
        guard let multi = curl_multi_init() else {
            return sources.map { failed($0, FetchError(code: .transport(code: -1), source: $0.url, detail: "no curl")) }
        }
        defer { curl_multi_cleanup(multi) }
        _ = landscape_curl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, options.concurrency)
        _ = landscape_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.perHost)

        var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
        var next = 0
        func startMore() {
            while active.count < options.concurrency * 2, next < sources.count {
                let source = sources[next]
                defer { next += 1 }
                guard Self.hasSupportedScheme(source.url) else {
                    results[next] = failed(source, FetchError(code: .unsupportedScheme, source: source.url))
                    continue
                }
                guard let transfer = CurlTransfer(index: next, source: source, options: options) else {
                    results[next] = failed(source, FetchError(code: .transport(code: -1), source: source.url))
                    continue
                }
                curl_multi_add_handle(multi, transfer.handle)
                active[transfer.handle] = transfer
            }
        }

        startMore()
        var running: Int32 = 0
        repeat {
            curl_multi_perform(multi, &running)
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                    let transfer = active.removeValue(forKey: handle)
                else { continue }
                let code = message.pointee.data.result
                curl_multi_remove_handle(multi, handle)
                results[transfer.index] = finish(transfer, code: code)
            }
            startMore()
            if running > 0 || !active.isEmpty {
                curl_multi_poll(multi, nil, 0, 200, nil)
            }
        } while running > 0 || !active.isEmpty || next < sources.count

        return zip(sources, results).map { source, result in
            result ?? failed(source, FetchError(code: .transport(code: -1), source: source.url, detail: "lost"))
        }
    }

    private func finish(_ transfer: CurlTransfer, code: CURLcode) -> FetchResult {
        let elapsed = transfer.started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let isFile = transfer.source.url.lowercased().hasPrefix("file://")
        let status = isFile ? nil : transfer.responseCode
        let contentType = transfer.contentType
        func failure(_ error: FetchError) -> FetchResult {
            FetchResult(
                source: transfer.source, status: .failed, httpStatus: status == 0 ? nil : status, body: [],
                contentType: contentType, seconds: seconds, attempts: 1, error: error)
        }
        if transfer.isBodyTooLarge || code == CURLE_FILESIZE_EXCEEDED {
            return failure(FetchError(code: .bodyTooLarge(limit: options.maxBodyBytes), source: transfer.source.url))
        }
        guard code == CURLE_OK else {
            let error = FetchError(
                code: .transport(code: Int(code.rawValue)), source: transfer.source.url,
                detail: transfer.errorText(code))
            return failure(error)
        }
        // `file://` has no status: success is judged by the CURLcode alone.
        if let status, !(200..<300).contains(status) {
            return failure(FetchError(code: .httpStatus(status), source: transfer.source.url))
        }
        if transfer.body.isEmpty {
            return failure(FetchError(code: .emptyBody, source: transfer.source.url))
        }
        return FetchResult(
            source: transfer.source, status: .fetched, httpStatus: status, body: transfer.body,
            contentType: contentType, seconds: seconds, attempts: 1, error: nil)
    }

    private func failed(_ source: FeedSource, _ error: FetchError) -> FetchResult {
        FetchResult(
            source: source, status: .failed, httpStatus: nil, body: [], contentType: nil, seconds: 0, attempts: 1,
            error: error)
    }

    private static func hasSupportedScheme(_ url: String) -> Bool {
        let lower = url.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("file://")
    }
}

import CCurl
import CLandscapeShims
import FoundationEssentials

/// One attempt at one source: a curl easy handle, the body and headers it receives, its
/// request headers and its error buffer.
///
/// Owned by ``CurlMultiFetcher`` and used only on the thread that runs the multi loop, which is
/// why it is not `Sendable`. The handle and header list are freed in `deinit`.
final class CurlTransfer {
    let handle: UnsafeMutableRawPointer
    let index: Int
    let request: FetchRequest
    let maxBodyBytes: Int
    var body: [UInt8] = []
    var headers = ResponseHeaders()
    var isBodyTooLarge = false
    private var requestHeaders: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    init?(index: Int, request: FetchRequest, options: FetchOptions) {
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
        self.index = index
        self.request = request
        self.maxBodyBytes = options.maxBodyBytes
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        configure(options)
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(requestHeaders)
        errorBuffer.deallocate()
    }

    /// The error text curl wrote for the last failure, or its generic text for `code`.
    func errorText(_ code: CURLcode) -> String {
        let specific = String(cString: errorBuffer)
        if !specific.isEmpty { return specific }
        return String(cString: curl_easy_strerror(code))
    }

    var responseCode: Int {
        var code = 0
        _ = landscape_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    var contentType: String? {
        var pointer: UnsafePointer<CChar>?
        guard landscape_curl_easy_getinfo_string(handle, CURLINFO_CONTENT_TYPE, &pointer) == CURLE_OK,
            let pointer
        else { return nil }
        return String(cString: pointer)
    }

    /// Bytes that crossed the network for this attempt: headers plus the body as sent
    /// (compressed, when the server compressed it).
    var wireBytes: Int {
        var body: Int64 = 0
        var headers = 0
        _ = landscape_curl_easy_getinfo_off_t(handle, CURLINFO_SIZE_DOWNLOAD_T, &body)
        _ = landscape_curl_easy_getinfo_long(handle, CURLINFO_HEADER_SIZE, &headers)
        return Int(body) + headers
    }

    private func configure(_ options: FetchOptions) {
        setString(CURLOPT_URL, request.source.url)
        // Only these schemes, and redirects only to the network: a feed must never be able to
        // point us at a local file.
        setString(CURLOPT_PROTOCOLS_STR, "http,https,file")
        setString(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        setLong(CURLOPT_FOLLOWLOCATION, 1)
        setLong(CURLOPT_MAXREDIRS, options.maxRedirects)
        setLong(CURLOPT_CONNECTTIMEOUT, options.connectTimeoutSeconds)
        setLong(CURLOPT_TIMEOUT, options.timeoutSeconds)
        setLong(CURLOPT_LOW_SPEED_LIMIT, options.lowSpeedBytesPerSecond)
        setLong(CURLOPT_LOW_SPEED_TIME, options.lowSpeedSeconds)
        setLong(CURLOPT_NOSIGNAL, 1)
        // HTTP/2 over TLS when the server offers it, HTTP/1.1 keep-alive otherwise.
        setLong(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        setString(CURLOPT_USERAGENT, options.userAgent)
        setString(CURLOPT_ACCEPT_ENCODING, "")  // every encoding curl was built with
        for header in request.validators.requestHeaders {
            requestHeaders = header.withCString { curl_slist_append(requestHeaders, $0) }
        }
        if let requestHeaders {
            _ = landscape_curl_easy_setopt_pointer(handle, CURLOPT_HTTPHEADER, requestHeaders)
        }
        _ = landscape_curl_easy_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, Int64(options.maxBodyBytes))
        _ = landscape_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        let user = Unmanaged.passUnretained(self).toOpaque()
        _ = landscape_curl_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteBody)
        _ = landscape_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, user)
        _ = landscape_curl_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, curlTakeHeader)
        _ = landscape_curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, user)
    }

    private func setLong(_ option: CURLoption, _ value: Int) {
        _ = landscape_curl_easy_setopt_long(handle, option, value)
    }

    private func setString(_ option: CURLoption, _ value: String) {
        // curl copies string options, so the temporary C string may go away after the call.
        _ = value.withCString { landscape_curl_easy_setopt_string(handle, option, $0) }
    }
}

/// Appends received bytes to the transfer's body, aborting the transfer past the size cap.
///
/// curl hands this callback decoded bytes, so the cap also bounds what a gzip bomb expands to.
private func curlWriteBody(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?
) -> Int {
    guard let data, let user else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    let length = size * count
    if transfer.body.count + length > transfer.maxBodyBytes {
        transfer.isBodyTooLarge = true
        return 0
    }
    if transfer.body.isEmpty { transfer.reserveAnnouncedLength() }
    data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
        transfer.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
    }
    return length
}

extension CurlTransfer {
    /// Makes room for the body the response announced (up to the size cap), so that a feed of
    /// megabytes is not copied into ever larger arrays as it arrives. A compressed body
    /// announces less than it holds; the room then grows as before.
    fileprivate func reserveAnnouncedLength() {
        var announced: Int64 = -1
        guard landscape_curl_easy_getinfo_off_t(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced) == CURLE_OK,
            announced > 0
        else { return }
        body.reserveCapacity(Int(min(announced, Int64(maxBodyBytes))))
    }
}

/// Reads one response header line into the transfer's ``ResponseHeaders``.
private func curlTakeHeader(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?
) -> Int {
    guard let data, let user else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    let length = size * count
    data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
        transfer.headers.take(UnsafeBufferPointer(start: bytes, count: length))
    }
    return length
}

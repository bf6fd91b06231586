import CCurl

/// libcurl's process-wide state, initialised once before any thread uses curl.
package enum CurlGlobal {
    private static let initialised: Bool = {
        curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK
    }()

    /// Initialises libcurl. Call from the main thread at startup; later calls do nothing.
    @discardableResult
    package static func initialise() -> Bool {
        initialised
    }
}

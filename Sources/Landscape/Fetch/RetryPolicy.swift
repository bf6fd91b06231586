/// When a failed attempt is worth another, and how long to wait before it.
///
/// Retried: timeouts, connection errors, responses cut short, 429 and 5xx. Never retried: other
/// 4xx (the answer will not change tonight), bodies over the size cap, refused redirects and
/// schemes. The wait doubles from `baseSeconds` up to `maxSeconds`, with "equal jitter" (a
/// random half of it) so that many feeds failing together do not come back together. A server's
/// `Retry-After` is honoured exactly; one asking for longer than `retryAfterMaxSeconds` is left
/// alone until the next night rather than held up for.
struct RetryPolicy: Sendable {
    let retries: Int
    let baseSeconds: Double
    let maxSeconds: Double
    let retryAfterMaxSeconds: Double

    init(_ options: FetchOptions) {
        retries = options.retries
        baseSeconds = options.retryBaseSeconds
        maxSeconds = options.retryMaxSeconds
        retryAfterMaxSeconds = options.retryAfterMaxSeconds
    }

    enum Decision: Equatable {
        case retry(afterSeconds: Double)
        case giveUp(reason: String?)
    }

    /// Decides after attempt number `attempt` (1-based) failed with `error`.
    ///
    /// - Parameters:
    ///   - error: why the attempt failed.
    ///   - attempt: how many attempts have been made, this one included.
    ///   - retryAfter: the server's `Retry-After`, in seconds from now, if it sent one.
    ///   - random: a number in 0..<1 for the jitter; tests pass a fixed one.
    /// - Returns: wait and retry, or stop (with a reason when the policy, not the error, stops it).
    func decide(after error: FetchError, attempt: Int, retryAfter: Double?, random: Double) -> Decision {
        guard Self.isRetryable(error.code), attempt <= retries else { return .giveUp(reason: nil) }
        if let retryAfter {
            guard retryAfter <= retryAfterMaxSeconds else {
                return .giveUp(reason: "server asked to retry after \(Int(retryAfter)) s, over the limit")
            }
            return .retry(afterSeconds: max(0, retryAfter))
        }
        let ceiling = min(maxSeconds, baseSeconds * Double(1 << min(attempt - 1, 30)))
        return .retry(afterSeconds: ceiling / 2 + ceiling / 2 * random)
    }

    static func isRetryable(_ code: FetchError.Code) -> Bool {
        switch code {
        case .httpStatus(let status): return status == 429 || (500...599).contains(status)
        case .transport(let code): return retryableCurlCodes.contains(code)
        case .bodyTooLarge, .unsupportedScheme, .emptyBody, .notCached, .missingArchive: return false
        }
    }

    /// libcurl's codes for failures of the network rather than of the request: could not
    /// resolve or connect (6, 7), HTTP/2 stream error (16, 92), body cut short (18), timeout
    /// (28), TLS handshake (35), nothing received (52), send or receive error (55, 56).
    private static let retryableCurlCodes: Set<Int> = [6, 7, 16, 18, 28, 35, 52, 55, 56, 92]
}

extension SourceRecord {
    /// How each source fared tonight, in fetch and then parse: a body that does not parse
    /// makes the source failed.
    static func tonight(fetched: [FetchResult], outcomes: [FeedOutcome]) -> [SourceRecord] {
        let outcomeByID = Dictionary(outcomes.map { ($0.sourceID, $0) }, uniquingKeysWith: { first, _ in first })
        return fetched.map { result in
            let outcome = outcomeByID[result.source.id]
            var status = result.status
            var error = result.error?.description
            if let parseError = outcome?.error {
                status = .failed
                error = parseError.description
            }
            return SourceRecord(
                id: result.source.id, url: result.source.url, status: status, httpStatus: result.httpStatus,
                bytes: result.status == .fetched ? result.bytes : 0, wireBytes: result.wireBytes,
                items: outcome?.items ?? 0, seconds: result.seconds, attempts: result.attempts, error: error)
        }
    }
}

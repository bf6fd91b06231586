/// Why a run, or a command reading snapshots, stopped (exit code 1).
public struct RunError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Too few sources answered for the night to mean anything (exit code 4): no network, every
/// feed down, a mistyped mirror. Nothing is published and `latest` stays, so a scheduler can
/// tell an outage from a quiet night.
public struct SourceOutageError: Error, Sendable, CustomStringConvertible {
    public let answered: Int
    public let total: Int
    public let required: Int
    /// Each failed source with its error, for the message.
    public let failures: [(id: String, error: String)]

    public init(answered: Int, total: Int, required: Int, failures: [(id: String, error: String)]) {
        self.answered = answered
        self.total = total
        self.required = required
        self.failures = failures
    }

    public var description: String {
        let listed = failures.prefix(5).map { "\($0.id): \($0.error)" }.joined(separator: "; ")
        let more = failures.count > 5 ? "; and \(failures.count - 5) more" : ""
        return
            "only \(answered) of \(total) sources answered, \(required) needed (fetch.min_sources_ok); nothing was published: \(listed)\(more)"
    }
}

/// A file the run wrote earlier (a parent snapshot's, a stage cache entry's) is missing or no
/// longer has the bytes its digest says (exit code 5): it is never read as empty or trusted.
/// `landscape snapshots verify` lists what is damaged.
public struct DamagedDataError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}

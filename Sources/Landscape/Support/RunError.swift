/// Why a run, or a command reading snapshots, stopped (exit code 1).
public struct RunError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

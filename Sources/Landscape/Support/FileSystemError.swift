/// A file-system step failed: writing a snapshot, a cache entry or the state database.
public struct FileSystemError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let operation: String
    public let code: Int32
    public let message: String

    public init(path: String, operation: String, errno code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
        message = String(cString: strerror(code))
    }

    public init(path: String, operation: String, message: String) {
        self.path = path
        self.operation = operation
        code = 0
        self.message = message
    }

    public var description: String {
        "\(path): \(operation) failed: \(message)"
    }
}

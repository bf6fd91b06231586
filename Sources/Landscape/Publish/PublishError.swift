#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file-system step of publishing failed; nothing was published.
public struct PublishError: Error, Sendable, CustomStringConvertible {
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
        "publish \(path): \(operation) failed: \(message)"
    }
}

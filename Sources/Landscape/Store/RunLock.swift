/// One run at a time per output directory: an exclusive `flock` on `state/run.lock`, held for
/// the whole run, with the holder's process id, host and start time written inside.
///
/// The kernel drops the lock when its process dies, however it dies (SIGKILL included), so a
/// lock file left by a killed run is simply taken over; the file's old contents say whose it
/// was, and the new holder logs that it took it over.
public final class RunLock {
    public let path: String
    private let descriptor: Int32
    /// Who held the lock file before, when that run died without releasing it.
    public let staleHolder: String?

    /// Takes the lock of `outputDirectory`.
    ///
    /// - Throws: ``RunLockedError`` naming the holder when another run holds it, or
    ///   ``RunError`` when the lock file cannot be opened.
    public init(outputDirectory: String, now: Timestamp) throws {
        let folder = FilePaths.join(outputDirectory, "state")
        try DurableFile.makeDirectories(outputDirectory)
        try DurableFile.makeDirectory(folder)
        path = FilePaths.join(folder, "run.lock")
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RunError("cannot open the run lock \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.contents(descriptor)
            close(descriptor)
            throw RunLockedError(path: path, holder: holder.isEmpty ? "an unknown process" : holder)
        }
        let previous = Self.contents(descriptor)
        staleHolder = previous.isEmpty ? nil : previous
        var name = [CChar](repeating: 0, count: 256)
        let host =
            gethostname(&name, name.count) == 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "this host"
        let holder = "pid \(getpid()) on \(host), running since \(now.iso8601)"
        _ = ftruncate(descriptor, 0)
        var bytes = Array(holder.utf8)
        _ = bytes.withUnsafeMutableBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        // Empty the file first, so the next run sees a clean release rather than a stale holder.
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    private static func contents(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : ""
    }
}

/// Another run holds the output directory's lock (exit code 3).
public struct RunLockedError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let holder: String

    public var description: String {
        "another run holds the lock \(path): \(holder)"
    }
}

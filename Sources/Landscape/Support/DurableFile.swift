import CLandscapeShims

/// File writes that are on disk before the call returns (write, fsync, close).
package enum DurableFile {
    /// Writes `bytes` to a new file at `path` and fsyncs it unless `sync` is false (for files
    /// whose loss a reader detects, such as content-addressed bodies); fails if the file exists.
    package static func create(_ path: String, bytes: [UInt8], sync: Bool = true) throws(FileSystemError) {
        try create(path, pieces: [bytes[...]], sync: sync)
    }

    /// Replaces `path` with a file of `bytes`, whole or not at all: written beside it under a
    /// name of this process's, not synced (for a cache file whose loss costs only work), and
    /// renamed over it. The temporary is removed when it cannot be written or renamed.
    package static func replace(_ path: String, bytes: [UInt8]) throws(FileSystemError) {
        let temporary = path + ".tmp-\(processID)"
        unlink(temporary)
        do {
            try create(temporary, bytes: bytes, sync: false)
            try rename(temporary, to: path)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Creates `path` (which must not exist) with `pieces` one after another, and fsyncs it
    /// unless told not to.
    /// A file that cannot be written whole (a full disk) is removed.
    package static func create(_ path: String, pieces: [ArraySlice<UInt8>], sync: Bool = true) throws(FileSystemError) {
        let file = try NewFile(path, durable: sync)
        do {
            for bytes in pieces { try file.write(bytes) }
            try file.close(sync: sync)
        } catch {
            unlink(path)
            throw error
        }
    }

    /// A file created anew and written piece after piece, for bytes made as they are written;
    /// closed on ``close(sync:)``, or when let go.
    ///
    /// A file to be synced has its pages sent to disk as it grows, a stretch of
    /// ``writebackStep`` bytes at a time, without waiting for them: Linux leaves written pages
    /// in memory until they are 30 s old (or too many), longer than most stages take, so the
    /// fsync at the end would otherwise write the whole file while its thread waits. A build of
    /// 100,000 articles makes some 650 fsyncs.
    package final class NewFile {
        package let path: String
        private var descriptor: Int32
        private let isDurable: Bool
        private var written: Int64 = 0
        private var sentToDisk: Int64 = 0

        /// Bytes written between two starts of writeback.
        static let writebackStep: Int64 = 1 << 20

        /// Creates `path`, which must not exist; `durable` unless it will be closed unsynced
        /// (a file for this run only), whose pages need not go to disk early.
        package init(_ path: String, durable: Bool = true) throws(FileSystemError) {
            self.path = path
            isDurable = durable
            descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw FileSystemError(path: path, operation: "create", errno: errno) }
        }

        deinit {
            if descriptor >= 0 { _ = closeFile(descriptor) }
        }

        /// Appends `bytes`.
        package func write(_ bytes: [UInt8]) throws(FileSystemError) {
            try write(bytes[...])
        }

        /// Appends `bytes`: a stretch of a larger buffer, written without copying it out.
        package func write(_ bytes: ArraySlice<UInt8>) throws(FileSystemError) {
            var written = 0
            while written < bytes.count {
                let result = bytes.withUnsafeBytes { buffer in
                    writeBytes(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
                }
                if result < 0 {
                    if errno == EINTR { continue }
                    throw FileSystemError(path: path, operation: "write", errno: errno)
                }
                written += result
            }
            self.written += Int64(bytes.count)
            if isDurable, self.written - sentToDisk >= Self.writebackStep {
                // Only a hint: a start that fails leaves the pages to the fsync.
                _ = landscape_start_writeback(descriptor, sentToDisk, self.written - sentToDisk)
                sentToDisk = self.written
            }
        }

        /// Fsyncs the file unless told not to, and closes it.
        package func close(sync: Bool = true) throws(FileSystemError) {
            defer {
                _ = closeFile(descriptor)
                descriptor = -1
            }
            guard !sync || fsync(descriptor) == 0 else {
                throw FileSystemError(path: path, operation: "fsync", errno: errno)
            }
        }
    }

    /// Fsyncs a directory so that the names created or renamed in it are durable.
    package static func syncDirectory(_ path: String) throws(FileSystemError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystemError(path: path, operation: "open directory", errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw FileSystemError(path: path, operation: "fsync directory", errno: errno)
        }
    }

    /// Makes `path` and any missing folders above it.
    package static func makeDirectories(_ path: String) throws(FileSystemError) {
        let parent = FilePaths.directory(of: path)
        if parent != path, parent != ".", access(parent, F_OK) != 0 {
            try makeDirectories(parent)
        }
        try makeDirectory(path)
    }

    package static func makeDirectory(_ path: String) throws(FileSystemError) {
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw FileSystemError(path: path, operation: "mkdir", errno: errno)
        }
    }

    /// Renames atomically, replacing `destination` if it exists (and is not a non-empty directory).
    package static func rename(_ source: String, to destination: String) throws(FileSystemError) {
        guard renameFile(source, destination) == 0 else {
            throw FileSystemError(path: destination, operation: "rename", errno: errno)
        }
    }

    package static func symlink(_ target: String, at path: String) throws(FileSystemError) {
        guard makeSymlink(target, path) == 0 else {
            throw FileSystemError(path: path, operation: "symlink", errno: errno)
        }
    }

    /// Makes `path` a second name (hard link) of the existing file `existing`.
    package static func hardLink(_ existing: String, at path: String) throws(FileSystemError) {
        guard makeHardLink(existing, path) == 0 else {
            throw FileSystemError(path: path, operation: "link", errno: errno)
        }
    }

    /// The target of a symbolic link, or nil when `path` is not one.
    package static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    package static var processID: Int32 { getpid() }
}

// The C library's names, which `NewFile`'s methods would hide.
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

private func closeFile(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}

private func renameFile(_ source: String, _ destination: String) -> Int32 {
    rename(source, destination)
}

private func makeSymlink(_ target: String, _ path: String) -> Int32 {
    symlink(target, path)
}

private func makeHardLink(_ existing: String, _ path: String) -> Int32 {
    link(existing, path)
}

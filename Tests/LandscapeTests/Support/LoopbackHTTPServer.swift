import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 for fetch tests: one thread per connection, answers
/// chosen per path, and faults a mock could not show (resets, silence, redirects).
final class LoopbackHTTPServer: @unchecked Sendable {
    enum Reply: Sendable {
        case ok(body: [UInt8], contentType: String)
        case status(Int, body: [UInt8])
        case redirect(to: String)
        /// Sends headers announcing a long body, part of it, then resets the connection.
        case resetMidBody
        /// Accepts and never answers.
        case silent
    }

    let port: UInt16
    private let listener: Int32
    private let routes: @Sendable (String) -> Reply
    private let lock = NSLock()
    private var requestLog: [String] = []
    private var isStopped = false

    /// Starts listening on an ephemeral port; `routes` maps a request path to its reply.
    init(routes: @escaping @Sendable (String) -> Reply) throws {
        self.routes = routes
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 128) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit {
        stop()
    }

    func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    /// Paths requested so far, in arrival order.
    var requests: [String] {
        lock.withLock { requestLog }
    }

    func stop() {
        let wasStopped = lock.withLock {
            let was = isStopped
            isStopped = true
            return was
        }
        if !wasStopped {
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if lock.withLock({ isStopped }) { return }
                continue
            }
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.contains(subsequence: [13, 10, 13, 10]) {
            let count = read(connection, &buffer, buffer.count)
            if count <= 0 { return }
            request.append(contentsOf: buffer[0..<count])
        }
        let firstLine = String(decoding: request.prefix { $0 != 13 }, as: UTF8.self)
        let parts = firstLine.split(separator: " ")
        let path = parts.count > 1 ? String(parts[1]) : "/"
        lock.withLock { requestLog.append(path) }
        switch routes(path) {
        case .ok(let body, let contentType):
            send(connection, status: 200, headers: ["Content-Type": contentType], body: body)
        case .status(let code, let body):
            send(connection, status: code, headers: ["Content-Type": "text/plain"], body: body)
        case .redirect(let location):
            send(connection, status: 302, headers: ["Location": location], body: [])
        case .resetMidBody:
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n\r\n<rss><channel>"
            writeAll(connection, Array(head.utf8))
            var linger = linger(l_onoff: 1, l_linger: 0)
            setsockopt(connection, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
        case .silent:
            Thread.sleep(forTimeInterval: 5)
        }
    }

    private func send(_ connection: Int32, status: Int, headers: [String: String], body: [UInt8]) {
        var head =
            "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        writeAll(connection, Array(head.utf8) + body)
    }

    private func writeAll(_ connection: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { return }
            offset += written
        }
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard count >= subsequence.count else { return false }
        for start in 0...(count - subsequence.count)
        where self[start..<start + subsequence.count].elementsEqual(subsequence) {
            return true
        }
        return false
    }
}

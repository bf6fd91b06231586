import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 for fetch tests: one thread per connection, answers
/// chosen per request, and faults a mock could not show (resets, silence, trickling bytes,
/// redirects). It keeps a log of what it was asked and how many requests it served at once.
final class LoopbackHTTPServer: @unchecked Sendable {
    struct Request: Sendable {
        let path: String
        /// Header names lower-cased.
        let headers: [String: String]
        /// 1 for the first request to this path, 2 for the second...
        let attempt: Int
        let arrived: ContinuousClock.Instant
    }

    enum Reply: Sendable {
        case response(status: Int, headers: [String: String], body: [UInt8])
        /// Sends headers announcing a long body, part of it, then resets the connection.
        case resetMidBody
        /// Accepts and never answers.
        case silent
        /// Sends a valid head, then one body byte per second.
        case trickle
        /// Waits, then sends the reply: a slow server.
        indirect case delayed(milliseconds: Int, Reply)

        static func ok(body: [UInt8], contentType: String) -> Reply {
            .response(status: 200, headers: ["Content-Type": contentType], body: body)
        }

        static func status(_ code: Int, body: [UInt8] = [], headers: [String: String] = [:]) -> Reply {
            .response(status: code, headers: ["Content-Type": "text/plain"].merging(headers) { $1 }, body: body)
        }

        static func redirect(to location: String) -> Reply {
            .response(status: 302, headers: ["Location": location], body: [])
        }
    }

    let port: UInt16
    private let listener: Int32
    private let routes: @Sendable (Request) -> Reply
    private let lock = NSLock()
    private var requestLog: [Request] = []
    private var attempts: [String: Int] = [:]
    private var inFlight = 0
    private var peakInFlight = 0
    private var isStopped = false

    /// Starts listening on an ephemeral port; `routes` maps a request to its reply.
    init(routes: @escaping @Sendable (Request) -> Reply) throws {
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

    /// A server whose routes are a fixed table by path; unknown paths get a 404.
    convenience init(paths: [String: Reply]) throws {
        try self.init { request in paths[request.path] ?? .status(404) }
    }

    deinit {
        stop()
    }

    func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    /// Paths requested so far, in arrival order.
    var requests: [String] {
        lock.withLock { requestLog.map(\.path) }
    }

    /// Requests received so far, headers included.
    var receivedRequests: [Request] {
        lock.withLock { requestLog }
    }

    /// The most requests this server was answering at the same moment.
    var peakConcurrency: Int {
        lock.withLock { peakInFlight }
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
        var head: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !head.contains(subsequence: [13, 10, 13, 10]) {
            let count = read(connection, &buffer, buffer.count)
            if count <= 0 { return }
            head.append(contentsOf: buffer[0..<count])
        }
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        let path = parts.count > 1 ? String(parts[1]) : "/"
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let request = lock.withLock {
            let attempt = attempts[path, default: 0] + 1
            attempts[path] = attempt
            let request = Request(path: path, headers: headers, attempt: attempt, arrived: .now)
            requestLog.append(request)
            inFlight += 1
            peakInFlight = max(peakInFlight, inFlight)
            return request
        }
        // A request counts as in flight until its answer starts: once the client has the
        // answer it may send the next one, before this thread gets to run again.
        var reply = routes(request)
        while case .delayed(let milliseconds, let inner) = reply {
            Thread.sleep(forTimeInterval: Double(milliseconds) / 1000)
            reply = inner
        }
        lock.withLock { inFlight -= 1 }
        answer(connection, reply)
    }

    private func answer(_ connection: Int32, _ reply: Reply) {
        switch reply {
        case .response(let status, let headers, let body):
            var head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")\r\nContent-Length: \(body.count)\r\n"
            head += "Connection: close\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            head += "\r\n"
            writeAll(connection, Array(head.utf8) + body)
        case .resetMidBody:
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n\r\n<rss><channel>"
            writeAll(connection, Array(head.utf8))
            var linger = linger(l_onoff: 1, l_linger: 0)
            setsockopt(connection, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
        case .silent:
            Thread.sleep(forTimeInterval: 5)
        case .trickle:
            writeAll(
                connection, Array("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 10000\r\n\r\n".utf8))
            for _ in 0..<10 {
                if !writeAll(connection, [0x20]) { return }
                Thread.sleep(forTimeInterval: 1)
            }
        case .delayed(let milliseconds, let inner):
            Thread.sleep(forTimeInterval: Double(milliseconds) / 1000)
            answer(connection, inner)
        }
    }

    @discardableResult
    private func writeAll(_ connection: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { return false }
            offset += written
        }
        return true
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

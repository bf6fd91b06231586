import CLandscapeShims
import CZlib

/// gzip compression and decompression with zlib, in one call each.
package enum Gzip {
    /// The gzip member holding `bytes`.
    ///
    /// - Parameters:
    ///   - bytes: what to compress.
    ///   - level: zlib's level, 1 (fast) to 9 (small).
    /// - Returns: a complete gzip stream, header and trailer included, or `nil` when zlib fails
    ///   (out of memory): never an empty or cut stream that a caller could publish as whole.
    package static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8]? {
        var stream = z_stream()
        guard landscape_deflate_init_gzip(&stream, level) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 32)
        var input = bytes
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    /// The bytes a gzip stream holds, members after the first included (as `gunzip` reads them).
    ///
    /// - Returns: the decompressed bytes, or nil when `bytes` is not a complete gzip stream.
    package static func decompress(_ bytes: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        guard landscape_inflate_init_gzip(&stream) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 4)
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        var input = bytes
        return input.withUnsafeMutableBufferPointer { source -> [UInt8]? in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    return (status, target.count - Int(stream.avail_out))
                }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    // Another member may follow; a stream ends only with its input.
                    guard stream.avail_in > 0 else { return output }
                    guard inflateReset(&stream) == Z_OK else { return nil }
                case Z_OK:
                    // No progress with input left means the stream is cut short.
                    if produced == 0 && stream.avail_in == 0 { return nil }
                default:
                    return nil
                }
            }
        }
    }

    /// Compresses bytes handed over piece after piece into one gzip member, the same bytes
    /// ``compress(_:level:)`` makes of them all at once: a file of a gigabyte is compressed as
    /// it is encoded, never whole in memory.
    package final class Stream {
        private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        private var isOpen: Bool
        private var chunk = [UInt8](repeating: 0, count: 1 << 16)

        package init(level: Int32 = 6) {
            stream.initialize(to: z_stream())
            isOpen = landscape_deflate_init_gzip(stream, level) == Z_OK
        }

        deinit {
            if isOpen { deflateEnd(stream) }
            stream.deinitialize(count: 1)
            stream.deallocate()
        }

        /// Takes `bytes` and returns what zlib has compressed so far (often nothing: it keeps
        /// a window), or nil when zlib fails.
        package func add(_ bytes: [UInt8]) -> [UInt8]? {
            run(bytes, flush: Z_NO_FLUSH)
        }

        /// Ends the member: the rest of the compressed bytes and the trailer, or nil when zlib
        /// fails. The stream takes nothing after.
        package func finish() -> [UInt8]? {
            defer {
                if isOpen { deflateEnd(stream) }
                isOpen = false
            }
            return run([], flush: Z_FINISH)
        }

        private func run(_ bytes: [UInt8], flush: Int32) -> [UInt8]? {
            guard isOpen else { return nil }
            var output: [UInt8] = []
            var input = bytes
            return input.withUnsafeMutableBufferPointer { source -> [UInt8]? in
                stream.pointee.next_in = source.baseAddress
                stream.pointee.avail_in = uInt(source.count)
                while true {
                    let (status, produced) = chunk.withUnsafeMutableBufferPointer { target in
                        stream.pointee.next_out = target.baseAddress
                        stream.pointee.avail_out = uInt(target.count)
                        let status = deflate(stream, flush)
                        return (status, target.count - Int(stream.pointee.avail_out))
                    }
                    output.append(contentsOf: chunk[0..<produced])
                    switch status {
                    case Z_STREAM_END where flush == Z_FINISH:
                        return output
                    case Z_OK, Z_BUF_ERROR:
                        // Without Z_FINISH, zlib is done with a piece once it has taken all of
                        // it and left room in the output.
                        if flush != Z_FINISH && stream.pointee.avail_in == 0 && produced < chunk.count {
                            return output
                        }
                        if status == Z_BUF_ERROR && produced == 0 { return nil }
                    default:
                        return nil
                    }
                }
            }
        }
    }
}

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
}

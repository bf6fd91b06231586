import CLandscapeShims
import CZlib

/// gzip compression with zlib, in one call.
package enum Gzip {
    /// The gzip member holding `bytes`.
    ///
    /// - Parameters:
    ///   - bytes: what to compress.
    ///   - level: zlib's level, 1 (fast) to 9 (small).
    /// - Returns: a complete gzip stream, header and trailer included.
    package static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        guard landscape_deflate_init_gzip(&stream, level) == Z_OK else { return [] }
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
        guard status == Z_STREAM_END else { return [] }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }
}

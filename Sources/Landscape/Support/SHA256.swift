import CLandscapeShims

/// SHA-256 (FIPS 180-4) over bytes, for content addresses: cached bodies, file digests, stable ids.
///
/// OpenSSL's, which libcurl brings already: it uses the CPU's SHA instructions, five times the
/// speed of plain code, and digests are on every stage's path. The context is a plain C struct,
/// so a copy of a hasher is an independent hasher, as a Swift value should be.
public struct SHA256: @unchecked Sendable {
    private var context = SHA256_CTX()

    public init() {
        landscape_sha256_init(&context)
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        landscape_sha256_update(&context, base, bytes.count)
    }

    public consuming func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        digest.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { landscape_sha256_final(&context, base) }
        }
        return digest
    }

    /// The lower-case hex digest of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hexString(hasher.finalize())
    }

    /// The lower-case hex digest of a string's UTF-8.
    public static func hex(_ text: String) -> String {
        var text = text
        return text.withUTF8 { utf8 in
            var hasher = SHA256()
            hasher.update(UnsafeRawBufferPointer(utf8))
            return hexString(hasher.finalize())
        }
    }
}

/// Lower-case hex of bytes.
public func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
}

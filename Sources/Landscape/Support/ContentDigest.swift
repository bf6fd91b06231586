/// A SHA-256 digest held as its 32 bytes rather than as 64 hex characters: the landscape's index
/// keeps one for every article, and a million of them are 32 MB in a table instead of a million
/// strings of 112 bytes each.
struct ContentDigest: Hashable, Sendable, CustomStringConvertible {
    /// The digest's bytes, eight at a time, most significant first: four fields rather than a
    /// tuple, so that equality and hashing come for free.
    private let first, second, third, fourth: UInt64

    /// The digest of `bytes`.
    init(of bytes: [UInt8]) {
        var hasher = SHA256()
        hasher.update(bytes)
        let digest = hasher.finalize()
        func word(_ start: Int) -> UInt64 {
            digest[start..<start + 8].reduce(0) { $0 << 8 | UInt64($1) }
        }
        (first, second, third, fourth) = (word(0), word(8), word(16), word(24))
    }

    /// Reads the 64 lower-case hex digits ``description`` writes; nil for anything else.
    init?(hex: ArraySlice<UInt8>) {
        guard let words = hex.withUnsafeBytes(Self.words(hex:)) else { return nil }
        (first, second, third, fourth) = words
    }

    /// Reads the 64 lower-case hex digits ``description`` writes; nil for anything else.
    init?(hex: UnsafeRawBufferPointer) {
        guard let words = Self.words(hex: hex) else { return nil }
        (first, second, third, fourth) = words
    }

    private static func words(hex: UnsafeRawBufferPointer) -> (UInt64, UInt64, UInt64, UInt64)? {
        guard hex.count == 64 else { return nil }
        // A million of these are read with each month index: no allocation, no generic walk.
        func word(_ start: Int) -> UInt64? {
            var word: UInt64 = 0
            for digit in hex[start..<start + 16] {
                let value: UInt8
                switch digit {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = digit &- UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value = digit &- UInt8(ascii: "a") &+ 10
                default: return nil
                }
                word = word << 4 | UInt64(value)
            }
            return word
        }
        guard let a = word(0), let b = word(16), let c = word(32), let d = word(48) else { return nil }
        return (a, b, c, d)
    }

    /// Appends the 64 lower-case hex digits of the digest.
    func appendHex(to bytes: inout [UInt8]) {
        for word in [first, second, third, fourth] {
            for shift in stride(from: 60, through: 0, by: -4) {
                bytes.append(Self.digits[Int(word >> UInt64(shift) & 0xF)])
            }
        }
    }

    /// The 64 lower-case hex digits, as ``SHA256/hex(_:)`` gives them.
    var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        appendHex(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let digits = Array("0123456789abcdef".utf8)
}

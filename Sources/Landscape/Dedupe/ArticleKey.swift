/// An article's id as two numbers, to file a million deals' sources by article in 24 bytes each
/// rather than as strings (an id of 20 characters is too long to be held inline).
///
/// An id of up to 30 lower-case hex digits, as parse makes them (20), is held exactly: its
/// digits and its length. Any other id is held as the first 120 bits of its SHA-256, marked so
/// that it is never taken for an id of digits.
struct ArticleKey: Hashable, Comparable, Sendable {
    private let high: UInt64
    private let low: UInt64

    private static let maximumDigits = 30
    /// The last byte of `low` for an id held by its digest: no id of digits is that long.
    private static let digestMark: UInt64 = 0xFF

    init(_ text: String) {
        var text = text
        self = text.withUTF8 { Self(utf8: $0) }
    }

    init(utf8: UnsafeBufferPointer<UInt8>) {
        if let (high, low) = Self.digits(of: utf8) {
            (self.high, self.low) = (high, low)
            return
        }
        var hasher = SHA256()
        hasher.update(UnsafeRawBufferPointer(utf8))
        let digest = hasher.finalize()
        var (high, low): (UInt64, UInt64) = (0, 0)
        for byte in digest[0..<8] { high = high << 8 | UInt64(byte) }
        for byte in digest[8..<15] { low = low << 8 | UInt64(byte) }
        (self.high, self.low) = (high, low << 8 | Self.digestMark)
    }

    /// The first 16 digits in `high`; the next 14 and the count of digits in `low`.
    private static func digits(of utf8: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64)? {
        guard !utf8.isEmpty, utf8.count <= maximumDigits else { return nil }
        var (high, low): (UInt64, UInt64) = (0, 0)
        for position in 0..<maximumDigits {
            var value: UInt64 = 0
            if position < utf8.count {
                let byte = utf8[position]
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt64(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value = UInt64(byte - UInt8(ascii: "a") + 10)
                default: return nil
                }
            }
            if position < 16 {
                high = high << 4 | value
            } else {
                low = low << 4 | value
            }
        }
        return (high, low << 8 | UInt64(utf8.count))
    }

    static func < (a: ArticleKey, b: ArticleKey) -> Bool { (a.high, a.low) < (b.high, b.low) }
}

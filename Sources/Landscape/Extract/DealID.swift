/// A deal's id, `deal_id` in the records.
///
/// The merge names deals `dl_` and 16 lower-case hex digits (``DealMerger``): 19 bytes, too
/// long for a string held inline, so a million deals' ids as strings were a million allocations
/// of 64 bytes (58 MB of a million articles' night). Such an id is held as its number; any other
/// id (one a test wrote, one edited by hand) as its text. Either way the id takes 16 bytes, and
/// ids compare, sort and hash as their text does.
public struct DealID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 16 hex digits, when the id is in the merge's form; 0 otherwise.
    private let digits: UInt64
    /// The id's text, when it is not in the merge's form.
    private let other: OtherText?

    private final class OtherText: Sendable {
        let text: String
        init(_ text: String) { self.text = text }
    }

    public init(_ text: String) {
        var text = text
        if let number = text.withUTF8({ Self.number(of: $0) }) {
            self.init(digits: number, other: nil)
        } else {
            self.init(digits: 0, other: OtherText(text))
        }
    }

    /// The id `dl_` and `number` as 16 hex digits.
    init(number: UInt64) {
        self.init(digits: number, other: nil)
    }

    private init(digits: UInt64, other: OtherText?) {
        self.digits = digits
        self.other = other
    }

    /// The id of a string's bytes, without making the string when it is in the merge's form.
    init(utf8: UnsafeBufferPointer<UInt8>) {
        if let number = Self.number(of: utf8) {
            self.init(number: number)
        } else {
            self.init(String(decoding: utf8, as: UTF8.self))
        }
    }

    /// The 16 hex digits as a number, when the id is in the merge's form.
    var number: UInt64? { other == nil ? digits : nil }

    public var description: String {
        if let other { return other.text }
        return String(unsafeUninitializedCapacity: Self.length) { buffer in
            Self.write(digits, into: buffer)
        }
    }

    /// The id's bytes, given to `body` without making a string when the id is in the merge's form.
    func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if var text = other?.text { return try text.withUTF8(body) }
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.length) { buffer in
            _ = Self.write(digits, into: buffer)
            return try body(UnsafeBufferPointer(buffer))
        }
    }

    public static func == (a: DealID, b: DealID) -> Bool {
        a.digits == b.digits && a.other?.text == b.other?.text
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(digits)
        hasher.combine(other?.text)
    }

    /// The order of the ids' texts: for two ids in the merge's form, fixed-width lower-case hex
    /// digits, that of their numbers.
    public static func < (a: DealID, b: DealID) -> Bool {
        if a.other == nil, b.other == nil { return a.digits < b.digits }
        return a.description < b.description
    }

    private static let prefix: [UInt8] = Array("dl_".utf8)
    private static let length = 19

    /// The number of an id in the merge's form, `dl_` and 16 lower-case hex digits; nil for any
    /// other id.
    static func number(of id: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard id.count == length, id[0] == prefix[0], id[1] == prefix[1], id[2] == prefix[2] else { return nil }
        var number: UInt64 = 0
        for digit in id[3...] {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): number = number << 4 | UInt64(digit - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): number = number << 4 | UInt64(digit - UInt8(ascii: "a") + 10)
            default: return nil
            }
        }
        return number
    }

    /// Writes `dl_` and `number` as 16 hex digits; returns the count written.
    private static func write(_ number: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let hex: StaticString = "0123456789abcdef"
        for (index, byte) in prefix.enumerated() { buffer[index] = byte }
        hex.withUTF8Buffer { hex in
            for position in 0..<16 {
                buffer[3 + position] = hex[Int(number >> UInt64(60 - 4 * position) & 0xF)]
            }
        }
        return length
    }
}

extension JSONWriter {
    /// `"name": "id"`, written without making the id's text.
    mutating func field(_ name: StaticString, _ id: DealID) {
        key(name)
        id.withUTF8 { string(utf8: $0) }
    }

    /// `"name": ["id", ...]`.
    mutating func field(_ name: StaticString, _ ids: some Sequence<DealID>) {
        key(name)
        beginArray()
        for id in ids { id.withUTF8 { string(utf8: $0) } }
        endArray()
    }
}

extension DealID {
    init(scanning scanner: inout JSONScanner) throws(JSONScanner.Failure) {
        self = try scanner.string(DealID.init(utf8:))
    }
}

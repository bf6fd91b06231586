/// Reads JSON values straight from bytes, for the records a run reads back by the hundred
/// thousand (the parent snapshot's articles and deals), where Foundation's `JSONDecoder` is most
/// of a quiet night.
///
/// A record type reads itself field by field (``ScannableRecord``); keys it does not know are
/// skipped, as `JSONDecoder` skips them. Anything the scanner does not expect, including a
/// valid but unusual spelling (an escaped key), is a ``Failure``: ``JSONLinesReader`` then
/// decodes the file with `JSONDecoder`, which names the bad line. So the scanner only has to be
/// right when it succeeds.
struct JSONScanner {
    /// What the scanner does not read; where does not matter, as JSONDecoder reads the file again.
    struct Failure: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index: Int
    /// Where ``sharedString()`` finds a string it has made before.
    var shared: SharedValues? = nil

    /// Reads from `bytes[start...]`.
    init(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int = 0) {
        self.bytes = bytes
        index = start
    }

    /// Whether only white space is left.
    mutating func isAtEnd() -> Bool {
        skipSpace()
        return index == bytes.count
    }

    /// Calls `field` with each key of an object, the scanner standing at the key's value, which
    /// `field` must read (or skip with ``skipValue()``).
    mutating func object(_ field: (inout JSONScanner, Key) throws(Failure) -> Void) throws(Failure) {
        try expect(UInt8(ascii: "{"))
        skipSpace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipSpace()
            try expect(UInt8(ascii: "\""))
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                // An escaped key is left to JSONDecoder.
                guard bytes[index] != UInt8(ascii: "\\") else { throw Failure() }
                index += 1
            }
            let key = Key(bytes: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            try expect(UInt8(ascii: "\""))
            skipSpace()
            try expect(UInt8(ascii: ":"))
            try field(&self, key)
            skipSpace()
            if peek() == UInt8(ascii: ",") {
                index += 1
                continue
            }
            try expect(UInt8(ascii: "}"))
            return
        }
    }

    /// A key of an object, compared with the names a record knows.
    struct Key {
        let bytes: UnsafeBufferPointer<UInt8>

        /// `case "deal_id":` in a switch over a key.
        static func ~= (name: StaticString, key: Key) -> Bool {
            key == name
        }

        static func == (key: Key, name: StaticString) -> Bool {
            // Lengths first: most names a record tries differ in length from the key.
            guard key.bytes.count == name.utf8CodeUnitCount, let base = key.bytes.baseAddress else {
                return key.bytes.isEmpty && name.utf8CodeUnitCount == 0
            }
            return memcmp(base, name.utf8Start, key.bytes.count) == 0
        }
    }

    /// Calls `element` for each element of an array.
    mutating func array(_ element: (inout JSONScanner) throws(Failure) -> Void) throws(Failure) {
        try expect(UInt8(ascii: "["))
        skipSpace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            try element(&self)
            skipSpace()
            if peek() == UInt8(ascii: ",") {
                index += 1
                continue
            }
            try expect(UInt8(ascii: "]"))
            return
        }
    }

    /// Calls `read` with the value of the field `name` of each object of an array of objects,
    /// their other fields skipped: a deal's parties' `entity_id`, its sources' `article_id`.
    mutating func fieldOfEach(_ name: StaticString, _ read: (inout JSONScanner) throws(Failure) -> Void)
        throws(Failure)
    {
        try array { scanner throws(Failure) in
            try scanner.object { scanner, key throws(Failure) in
                if key == name {
                    try read(&scanner)
                } else {
                    try scanner.skipValue()
                }
            }
        }
    }

    /// Reads `null` if it stands next, and says whether it did.
    mutating func null() -> Bool {
        skipSpace()
        guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
            bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l")
        else { return false }
        index += 4
        return true
    }

    mutating func string() throws(Failure) -> String {
        try string(sharing: nil)
    }

    /// A string that many records repeat (an organisation's id or name): one made before from
    /// the same bytes, from ``shared``, instead of a copy of its own for every record. A string
    /// of 15 bytes or fewer is held inline anyway.
    mutating func sharedString() throws(Failure) -> String {
        try string(sharing: shared)
    }

    /// A value that many records repeat (a deal's countries, its modalities): the one `read`
    /// made before from the same bytes, from ``shared``, instead of one of its own for every
    /// record. Without ``shared``, `read`'s.
    mutating func shared<Value>(_ read: (inout JSONScanner) throws(Failure) -> Value) throws(Failure) -> Value {
        guard let shared else { return try read(&self) }
        skipSpace()
        let start = index
        try skipValue()
        let json = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if let known = shared.value(json, as: Value.self) { return known }
        let end = index
        index = start
        let value = try read(&self)
        guard index == end else { throw Failure() }
        shared.keep(value, madeFrom: json)
        return value
    }

    mutating func optionalSharedString() throws(Failure) -> String? {
        null() ? nil : try sharedString()
    }

    private mutating func string(sharing shared: SharedValues?) throws(Failure) -> String {
        guard let (utf8, isASCII) = try plainString() else { return try escapedString() }
        if let shared, utf8.count > 15 { return try shared.string(utf8, isASCII: isASCII) }
        if isASCII { return String(decoding: utf8, as: UTF8.self) }
        // Invalid UTF-8 is JSONDecoder's to report.
        guard let text = String(validating: utf8, as: UTF8.self) else { throw Failure() }
        return text
    }

    /// The bytes of the string standing next, when it has no escapes, and whether they are all
    /// ASCII; nil when it has escapes, the scanner then just past its opening quote.
    ///
    /// Most strings are ASCII, which needs no validating; the rest are validated as a buffer
    /// (a slice of one is generic code looked up at run time, a good part of reading deals).
    private mutating func plainString() throws(Failure) -> (utf8: UnsafeBufferPointer<UInt8>, isASCII: Bool)? {
        skipSpace()
        try expect(UInt8(ascii: "\""))
        let start = index
        // The closing quote is found with memchr, then the bytes before it are checked in one
        // pass the compiler can widen: an article's text is a thousand bytes a string.
        guard let base = bytes.baseAddress, start < bytes.count,
            let quote = memchr(base + start, Int32(UInt8(ascii: "\"")), bytes.count - start)
        else { throw Failure() }
        let end = start + base.advanced(by: start).distance(to: quote.assumingMemoryBound(to: UInt8.self))
        let utf8 = UnsafeBufferPointer(rebasing: bytes[start..<end])
        var ored: UInt8 = 0
        var special: UInt8 = 0
        for byte in utf8 {
            ored |= byte
            special |= (byte < 0x20 ? 1 : 0) | (byte == UInt8(ascii: "\\") ? 1 : 0)
        }
        guard special == 0 else {
            // An escape (the quote found may be an escaped one) is read as such; a control
            // character before any escape is not JSON.
            for byte in utf8 {
                if byte == UInt8(ascii: "\\") { return nil }
                if byte < 0x20 { throw Failure() }
            }
            return nil
        }
        index = end + 1
        return (utf8, ored < 0x80)
    }

    /// The string standing next, made by `read` from its UTF-8 bytes: a value held otherwise
    /// than as a `String` (a deal's id) is read without making one, unless the string has escapes.
    mutating func string<Value>(_ read: (UnsafeBufferPointer<UInt8>) -> Value) throws(Failure) -> Value {
        guard let (utf8, isASCII) = try plainString() else {
            var text = try escapedString()
            return text.withUTF8(read)
        }
        // Invalid UTF-8 is JSONDecoder's to report.
        guard isASCII || String(validating: utf8, as: UTF8.self) != nil else { throw Failure() }
        return read(utf8)
    }

    mutating func optionalString() throws(Failure) -> String? {
        null() ? nil : try string()
    }

    mutating func strings() throws(Failure) -> [String] {
        var values: [String] = []
        try array { scanner throws(Failure) in values.append(try scanner.string()) }
        return values
    }

    mutating func double() throws(Failure) -> Double {
        skipSpace()
        let start = index
        while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
        guard index > start,
            let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)),
            value.isFinite
        else { throw Failure() }
        return value
    }

    /// An integer written as digits (a sign allowed); a fraction, an exponent or one that does
    /// not fit is a ``Failure``.
    mutating func int() throws(Failure) -> Int {
        skipSpace()
        let isNegative = peek() == UInt8(ascii: "-")
        if isNegative { index += 1 }
        let start = index
        var value = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let digit = Int(bytes[index] - UInt8(ascii: "0"))
            let (tens, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = tens.addingReportingOverflow(isNegative ? -digit : digit)
            guard !overflow, !carry else { throw Failure() }
            value = sum
            index += 1
        }
        guard index > start, index == bytes.count || !Self.isNumberByte(bytes[index]) else { throw Failure() }
        return value
    }

    mutating func optionalDouble() throws(Failure) -> Double? {
        null() ? nil : try double()
    }

    mutating func bool() throws(Failure) -> Bool {
        skipSpace()
        if matches("true") { return true }
        if matches("false") { return false }
        throw Failure()
    }

    /// Passes over a value of any kind.
    mutating func skipValue() throws(Failure) {
        skipSpace()
        switch peek() {
        case UInt8(ascii: "{"): try object { scanner, _ throws(Failure) in try scanner.skipValue() }
        case UInt8(ascii: "["): try array { scanner throws(Failure) in try scanner.skipValue() }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"): guard null() else { throw Failure() }
        default: _ = try double()
        }
    }

    /// Passes over a string, accepting what ``string()`` accepts, without making it: a record
    /// read for a few fields (``DealOutline``) passes over most of its bytes.
    private mutating func skipString() throws(Failure) {
        guard let (utf8, isASCII) = try plainString() else {
            _ = try escapedString()
            return
        }
        if !isASCII, String(validating: utf8, as: UTF8.self) == nil { throw Failure() }
    }

    /// A string with escapes, read from its opening quote's next byte.
    private mutating func escapedString() throws(Failure) -> String {
        var utf8: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else { throw Failure() }
                return text
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw Failure() }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    // A surrogate pair spells one scalar beyond the first plane.
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard matches("\\u") else { throw Failure() }
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw Failure() }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let value = Unicode.Scalar(scalar) else { throw Failure() }
                    utf8.append(contentsOf: String(Character(value)).utf8)
                default: throw Failure()
                }
            default:
                guard byte >= 0x20 else { throw Failure() }
                utf8.append(byte)
            }
        }
        throw Failure()
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Failure() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Failure()
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func matches(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            word.withUTF8Buffer({ $0.elementsEqual(UnsafeBufferPointer(rebasing: bytes[index..<(index + count)])) })
        else { return false }
        index += count
        return true
    }

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { throw Failure() }
        index += 1
    }

    private mutating func skipSpace() {
        while index < bytes.count,
            bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
        {
            index += 1
        }
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
            || byte == UInt8(ascii: "E")
    }
}

/// A record that reads itself from a ``JSONScanner``, so ``JSONLinesReader`` need not go through
/// `JSONDecoder`. It must read exactly what its `Decodable` conformance reads.
protocol ScannableRecord: Sendable {
    init(scanning scanner: inout JSONScanner) throws(JSONScanner.Failure)
}

/// Writes JSON straight into bytes, with fields in the order the caller gives and `null` kept.
///
/// Records are written with this instead of `JSONEncoder` so that every line has the documented
/// field order, absent values appear as `null` (notebooks see a stable set of columns), and the
/// hot path of publishing does not go through `Any`-typed containers.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    public init() {
        bytes.reserveCapacity(512)
    }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma.removeLast()
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma.removeLast()
    }

    /// Writes a key; the next value call writes its value. A record's field names are written
    /// in the source and need no escaping: they are copied as they are.
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
    }

    /// Writes a key made at run time (a count's name), escaped like any string.
    public mutating func key(text name: String) {
        separate()
        writeString(name)
        bytes.append(UInt8(ascii: ":"))
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
    }

    public mutating func string(_ value: String?) {
        separate()
        if let value { writeString(value) } else { writeNull() }
    }

    public mutating func int(_ value: Int?) {
        separate()
        if let value { bytes.append(contentsOf: String(value).utf8) } else { writeNull() }
    }

    public mutating func double(_ value: Double?) {
        separate()
        guard let value, value.isFinite else { return writeNull() }
        if value == value.rounded(), abs(value) < 1e15 {
            bytes.append(contentsOf: String(Int64(value)).utf8)
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    public mutating func bool(_ value: Bool?) {
        separate()
        if let value { bytes.append(contentsOf: (value ? "true" : "false").utf8) } else { writeNull() }
    }

    public mutating func strings(_ values: some Sequence<String>) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    public mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        string(value)
    }

    public mutating func field(_ name: StaticString, _ value: Int?) {
        key(name)
        int(value)
    }

    public mutating func field(_ name: StaticString, _ value: Double?) {
        key(name)
        double(value)
    }

    public mutating func field(_ name: StaticString, _ value: Bool?) {
        key(name)
        bool(value)
    }

    public mutating func field(_ name: StaticString, _ values: some Sequence<String>) {
        key(name)
        strings(values)
    }

    /// `"name": [ ... ]`, one object per item, each written by `body` between its braces.
    public mutating func objects<Item>(_ name: StaticString, _ items: [Item], _ body: (inout JSONWriter, Item) -> Void)
    {
        key(name)
        beginArray()
        for item in items {
            beginObject()
            body(&self, item)
            endObject()
        }
        endArray()
    }

    public mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
    }

    private mutating func separate() {
        guard let last = needsComma.last else { return }
        if last { bytes.append(UInt8(ascii: ",")) } else { needsComma[needsComma.count - 1] = true }
    }

    private mutating func writeNull() {
        bytes.append(contentsOf: "null".utf8)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A string given as its UTF-8 bytes, escaped like any string: for a value that is not held
    /// as a `String` (a deal's id).
    public mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        separate()
        writeString(utf8: utf8)
    }

    private mutating func writeString(_ value: String) {
        var value = value
        value.withUTF8 { writeString(utf8: $0) }
    }

    private mutating func writeString(utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        defer { bytes.append(UInt8(ascii: "\"")) }
        guard let base = utf8.baseAddress else { return }
        // Copy runs that need no escaping in one go; most strings are a single run, checked
        // eight bytes at a time.
        var runStart = 0
        var index = 0
        while index < utf8.count {
            if index + 8 <= utf8.count,
                !Self.mayNeedEscaping(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            {
                index += 8
                continue
            }
            let byte = utf8[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                if runStart < index {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                }
                appendEscaped(byte)
                runStart = index + 1
            }
            index += 1
        }
        if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
    }

    /// Whether any of eight bytes is a control character, a quote or a backslash. Exact for the
    /// word as a whole (which byte it is may be wrong, so the caller looks byte by byte).
    @inline(__always)
    static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // A byte below n (n at most 128) leaves its high bit set in (x - n) & ~x.
        let control = (word &- ones &* 0x20) & ~word & highs
        func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        return control != 0 || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }

    private mutating func appendEscaped(_ byte: UInt8) {
        bytes.append(0x5C)
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            bytes.append(UInt8(ascii: "u"))
            bytes.append(UInt8(ascii: "0"))
            bytes.append(UInt8(ascii: "0"))
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0xF)])
        }
    }
}

/// A record that publishes as one JSON object on one line.
public protocol JSONLineRecord {
    /// Writes the record as one JSON object (without the newline).
    func write(to writer: inout JSONWriter)
}

extension Sequence where Element: JSONLineRecord {
    /// The records as JSON lines, one object per line, each ending in a newline.
    public func jsonLines() -> [UInt8] {
        var writer = JSONWriter()
        for record in self {
            record.write(to: &writer)
            writer.newline()
        }
        return writer.bytes
    }
}

extension Array where Element: JSONLineRecord & Sendable {
    /// The same bytes as ``jsonLines()``, handed to `emit` in pieces of whole lines (`chunk`
    /// records each), `jobs` pieces encoded at a time: a file of a million records is written
    /// as it is encoded, never held whole.
    func writeJSONLines<Failure: Error>(
        jobs: Int, chunk: Int = 4096, to emit: (_ piece: [UInt8]) throws(Failure) -> Void
    ) throws(Failure) {
        var start = 0
        while start < count {
            let end = Swift.min(count, start + chunk * Swift.max(1, jobs))
            let pieces = parallelMap([Int](stride(from: start, to: end, by: chunk)), jobs: jobs) { first in
                self[first..<Swift.min(first + chunk, end)].jsonLines()
            }
            for piece in pieces { try emit(piece) }
            start = end
        }
    }

}

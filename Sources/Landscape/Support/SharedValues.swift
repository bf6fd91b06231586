import Synchronization

/// The strings and values one reader has made, by their bytes, for
/// ``JSONScanner/sharedString()`` and ``JSONScanner/shared(_:)``: a million deals name a few
/// thousand organisations and repeat a few hundred lists of countries, modalities and flags. One
/// thread at a time uses a table, taken from a ``Pool`` and put back.
final class SharedValues: @unchecked Sendable {
    private var made: [Int: String] = [:]
    private var values: [Int: (bytes: [UInt8], value: Any)] = [:]

    init() {}

    /// The tables of one file's reading, a table for each thread decoding at once.
    final class Pool: Sendable {
        private let idle = Mutex<[SharedValues]>([])

        init() {}

        func take() -> SharedValues { idle.withLock { $0.popLast() } ?? SharedValues() }

        func put(_ strings: SharedValues) { idle.withLock { $0.append(strings) } }
    }

    /// The string of `utf8`, made before or now; a hash two strings share keeps the first.
    func string(_ utf8: UnsafeBufferPointer<UInt8>, isASCII: Bool) throws(JSONScanner.Failure) -> String {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(utf8))
        let hash = hasher.finalize()
        if let known = made[hash],
            known.utf8.withContiguousStorageIfAvailable({ Self.same($0, utf8) }) ?? known.utf8.elementsEqual(utf8)
        {
            return known
        }
        let text: String
        if isASCII {
            text = String(decoding: utf8, as: UTF8.self)
        } else {
            // Invalid UTF-8 is JSONDecoder's to report.
            guard let valid = String(validating: utf8, as: UTF8.self) else { throw JSONScanner.Failure() }
            text = valid
        }
        if made[hash] == nil { made[hash] = text }
        return text
    }

    /// The value of type `Value` made before from the bytes `json`, if any.
    func value<Value>(_ json: UnsafeBufferPointer<UInt8>, as type: Value.Type) -> Value? {
        guard let known = values[Self.key(json, type)],
            known.bytes.withUnsafeBufferPointer({ Self.same($0, json) })
        else { return nil }
        return known.value as? Value
    }

    /// Keeps `value`, made from the bytes `json`; a hash two values share keeps the first.
    func keep<Value>(_ value: Value, madeFrom json: UnsafeBufferPointer<UInt8>) {
        let key = Self.key(json, Value.self)
        if values[key] == nil { values[key] = (Array(json), value) }
    }

    /// Whether two runs of bytes are the same, compared with memcmp: a deal's parties and lists
    /// are matched to those made before them, some five times a deal.
    private static func same(_ one: UnsafeBufferPointer<UInt8>, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard one.count == other.count else { return false }
        guard let first = one.baseAddress, let second = other.baseAddress else { return true }
        return memcmp(first, second, one.count) == 0
    }

    private static func key<Value>(_ json: UnsafeBufferPointer<UInt8>, _ type: Value.Type) -> Int {
        var hasher = Hasher()
        hasher.combine(ObjectIdentifier(type))
        hasher.combine(bytes: UnsafeRawBufferPointer(json))
        return hasher.finalize()
    }
}

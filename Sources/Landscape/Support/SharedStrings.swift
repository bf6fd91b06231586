import Synchronization

/// The strings one reader has made, by their bytes, for ``JSONScanner/sharedString()``: a
/// million deals name a few thousand organisations. One thread at a time uses a table, taken
/// from a ``Pool`` and put back.
final class SharedStrings: @unchecked Sendable {
    private var made: [Int: String] = [:]

    init() {}

    /// The tables of one file's reading, a table for each thread decoding at once.
    final class Pool: Sendable {
        private let idle = Mutex<[SharedStrings]>([])

        init() {}

        func take() -> SharedStrings { idle.withLock { $0.popLast() } ?? SharedStrings() }

        func put(_ strings: SharedStrings) { idle.withLock { $0.append(strings) } }
    }

    /// The string of `utf8`, made before or now; a hash two strings share keeps the first.
    func string(_ utf8: UnsafeBufferPointer<UInt8>, isASCII: Bool) throws(JSONScanner.Failure) -> String {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(utf8))
        let hash = hasher.finalize()
        if let known = made[hash], known.utf8.elementsEqual(utf8) { return known }
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
}

/// What dedupe keeps of each article: its MinHash signature and the hashes of its exact keys
/// (canonical URL; title on a day), without its text, so a million articles fit in memory.
public struct ArticleFingerprints: Sendable {
    /// What one article brings.
    public struct Input: Sendable {
        public let canonicalURL: String?
        public let title: String?
        /// `YYYY-MM-DD` of publication, when known.
        public let day: String?
        /// The text compared for near-duplicates: title and body.
        public let text: [UInt8]

        /// - Parameters:
        ///   - canonicalURL: the article's canonical URL, if any.
        ///   - title: its title, compared with the body and used for the title-and-day key.
        ///   - day: `YYYY-MM-DD` of publication, when known.
        ///   - body: its summary or content, as plain text.
        public init(canonicalURL: String?, title: String?, day: String?, body: String) {
            self.canonicalURL = canonicalURL
            self.title = title
            self.day = day
            var text = Array((title ?? "").utf8)
            text.append(0x0A)
            text.append(contentsOf: body.utf8)
            self.text = text
        }
    }

    public let hasher: MinHasher
    public private(set) var signatures: SignatureTable
    public private(set) var exactKeys = ExactKeys()

    public init(hasher: MinHasher) {
        self.hasher = hasher
        signatures = SignatureTable(width: hasher.permutations)
    }

    /// `count` articles not fingerprinted yet, to be decoded in place.
    private init(hasher: MinHasher, count: Int) {
        self.hasher = hasher
        signatures = SignatureTable(width: hasher.permutations, emptyCount: count)
        exactKeys = ExactKeys(emptyRecords: count)
    }

    public var count: Int { exactKeys.count }

    public mutating func reserveCapacity(_ count: Int) {
        signatures.reserveCapacity(count)
        exactKeys.reserveCapacity(count)
    }

    /// Adds a batch of articles, signing them on up to `jobs` threads.
    public mutating func append(_ batch: [Input], jobs: Int) {
        signatures.append(signing: batch.map(\.text), with: hasher, jobs: jobs)
        for input in batch {
            var keys: [UInt64] = []
            if let url = input.canonicalURL, !url.isEmpty { keys.append(keyHash("u", url)) }
            if let title = input.title, let day = input.day {
                let normalized = Self.normalizedTitle(title)
                if !normalized.isEmpty { keys.append(keyHash("t", normalized + "|" + day)) }
            }
            exactKeys.append(keys)
        }
    }

    /// The fingerprints as bytes, for the stage cache: per article, whether it had words, its
    /// exact keys and its signature, in the machine's byte order (the cache never leaves it).
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = Array("LFP1".utf8)
        func put<Value: FixedWidthInteger>(_ value: Value) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        put(UInt32(count))
        put(UInt32(hasher.permutations))
        for index in 0..<count {
            let keys = exactKeys[index]
            bytes.append(signatures.hasWords[index] ? 1 : 0)
            bytes.append(UInt8(keys.count))
            for key in keys { put(key) }
            for value in signatures.row(index) { put(value) }
        }
        return bytes
    }

    /// Reads fingerprints written by ``encoded()`` for `hasher`; nil when the bytes are not
    /// such fingerprints or were made with another number of permutations.
    init?(decoding bytes: [UInt8], hasher: MinHasher) {
        guard bytes.count >= 12, bytes.prefix(4).elementsEqual("LFP1".utf8) else { return nil }
        let count = bytes.withUnsafeBytes {
            Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
        }
        // Each article takes at least its two flag bytes and its signature: a count the bytes
        // cannot hold is not allocated for.
        guard count <= (bytes.count - 12) / (2 + 4 * hasher.permutations) else { return nil }
        self.init(hasher: hasher, count: count)
        let width = hasher.permutations
        let isWhole = signatures.withUnsafeMutableRows { values, words in
            exactKeys.withUnsafeMutableSlots { slots in
                bytes.withUnsafeBytes { raw in
                    Self.decode(raw, width: width, expectedCount: count, values: values, words: words, slots: slots)
                }
            }
        }
        guard isWhole else { return nil }
    }

    /// Decodes what ``encoded()`` wrote into the table's buffers; false at the first thing that
    /// is not as written for `expectedCount` articles of `width` values.
    private static func decode(
        _ raw: UnsafeRawBufferPointer, width: Int, expectedCount: Int,
        values: UnsafeMutableBufferPointer<UInt32>, words: UnsafeMutableBufferPointer<Bool>,
        slots: UnsafeMutableBufferPointer<UInt64>
    ) -> Bool {
        var offset = 0
        func take<Value: FixedWidthInteger>(_: Value.Type) -> Value? {
            guard offset + MemoryLayout<Value>.size <= raw.count else { return nil }
            defer { offset += MemoryLayout<Value>.size }
            return Value(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Value.self))
        }
        guard raw.count >= 4, raw.prefix(4).elementsEqual("LFP1".utf8) else { return false }
        offset = 4
        guard let count = take(UInt32.self), let stored = take(UInt32.self), Int(stored) == width,
            Int(count) == expectedCount
        else { return false }
        let rowBytes = width * MemoryLayout<UInt32>.size
        for index in 0..<expectedCount {
            guard let hasWords = take(UInt8.self), let keyCount = take(UInt8.self), keyCount <= ExactKeys.slots
            else { return false }
            for slot in 0..<ExactKeys.slots {
                var key: UInt64 = 0
                if slot < keyCount {
                    guard let stored = take(UInt64.self) else { return false }
                    key = stored
                }
                slots[index * ExactKeys.slots + slot] = key
            }
            guard offset + rowBytes <= raw.count else { return false }
            let row = UnsafeMutableBufferPointer(rebasing: values[(index * width)..<((index + 1) * width)])
            #if _endian(little)
                UnsafeMutableRawBufferPointer(row).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + rowBytes)]))
            #else
                for column in 0..<width {
                    row[column] = UInt32(
                        littleEndian: raw.loadUnaligned(fromByteOffset: offset + column * 4, as: UInt32.self))
                }
            #endif
            offset += rowBytes
            words[index] = hasWords == 1
        }
        return offset == raw.count
    }

    /// A title with case, spacing and punctuation taken out: "Celltrion, Pfizer sign deal" and
    /// "CELLTRION PFIZER SIGN DEAL" are one title.
    static func normalizedTitle(_ title: String) -> String {
        if title.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(
                decoding: title.utf8.lazy.filter { $0 < 0x80 && isWordByte($0) }.map(foldASCII), as: UTF8.self)
        }
        return String(
            title.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil })
    }

    /// A 64-bit hash of a key, never 0 (which stands for no key).
    private func keyHash(_ kind: String, _ key: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in kind.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return max(1, mix64(hash))
    }
}

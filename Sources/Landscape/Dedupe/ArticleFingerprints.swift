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
    public private(set) var exactKeys: [[UInt64]] = []

    public init(hasher: MinHasher) {
        self.hasher = hasher
        signatures = SignatureTable(width: hasher.permutations)
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

    /// Appends every article of `other`, fingerprinted already with the same hasher.
    public mutating func append(contentsOf other: ArticleFingerprints) {
        signatures.append(contentsOf: other.signatures)
        exactKeys.append(contentsOf: other.exactKeys)
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
            bytes.append(signatures.hasWords[index] ? 1 : 0)
            bytes.append(UInt8(exactKeys[index].count))
            for key in exactKeys[index] { put(key) }
            for value in signatures.row(index) { put(value) }
        }
        return bytes
    }

    /// Reads fingerprints written by ``encoded()`` for `hasher`; nil when the bytes are not
    /// such fingerprints or were made with another number of permutations.
    init?(decoding bytes: [UInt8], hasher: MinHasher) {
        self.init(hasher: hasher)
        guard append(decoding: bytes) else { return nil }
    }

    /// Appends fingerprints written by ``encoded()`` with this hasher, decoded straight into
    /// these: a million articles' signatures are half a gigabyte, read a row at a time and never
    /// copied again.
    ///
    /// - Parameters:
    ///   - bytes: what ``encoded()`` wrote.
    ///   - expectedCount: how many fingerprints the bytes must hold, if known.
    /// - Returns: false, with nothing appended, when the bytes are not such fingerprints, were
    ///   made with another number of permutations or hold another count.
    mutating func append(decoding bytes: [UInt8], expectedCount: Int? = nil) -> Bool {
        let before = count
        let permutations = hasher.permutations
        let decoded = bytes.withUnsafeBytes { raw -> Bool in
            var offset = 0
            func take<Value: FixedWidthInteger>(_: Value.Type) -> Value? {
                guard offset + MemoryLayout<Value>.size <= raw.count else { return nil }
                defer { offset += MemoryLayout<Value>.size }
                return Value(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Value.self))
            }
            guard raw.count >= 4, raw.prefix(4).elementsEqual("LFP1".utf8) else { return false }
            offset = 4
            guard let count = take(UInt32.self), let width = take(UInt32.self), Int(width) == permutations,
                expectedCount.map({ $0 == Int(count) }) ?? true
            else { return false }
            let rowBytes = Int(width) * MemoryLayout<UInt32>.size
            // Growing one month at a time is the caller's to reserve for, once.
            if before == 0 { reserveCapacity(Int(count)) }
            for _ in 0..<count {
                guard let words = take(UInt8.self), let keyCount = take(UInt8.self) else { return false }
                var keys: [UInt64] = []
                keys.reserveCapacity(Int(keyCount))
                for _ in 0..<keyCount {
                    guard let key = take(UInt64.self) else { return false }
                    keys.append(key)
                }
                guard offset + rowBytes <= raw.count else { return false }
                signatures.append(
                    littleEndianRow: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + rowBytes)]),
                    hasWords: words == 1)
                offset += rowBytes
                exactKeys.append(keys)
            }
            return offset == raw.count
        }
        guard decoded else {
            signatures.removeLast(signatures.count - before)
            exactKeys.removeLast(exactKeys.count - before)
            return false
        }
        return true
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

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

    /// Appends `other`'s fingerprints of its article `index`, made with the same hasher.
    mutating func append(article index: Int, of other: ArticleFingerprints) {
        signatures.append(row: index, of: other.signatures)
        exactKeys.append(record: index, of: other.exactKeys)
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

    /// Writes the fingerprints a piece at a time, for the stage cache: per article, whether it
    /// had words, its exact keys and its signature, in little-endian order.
    func write<Failure: Error>(_ write: (ArraySlice<UInt8>) throws(Failure) -> Void) throws(Failure) {
        var pieces = BytePieces()
        Self.putHeader(count: count, width: hasher.permutations, into: &pieces)
        for index in 0..<count {
            putRecord(index, into: &pieces)
            try pieces.flush(write)
        }
        try pieces.flush(write, atEnd: true)
    }

    /// What ``write(_:)`` writes first: the format, the count of articles and their width.
    static func putHeader(count: Int, width: Int, into pieces: inout BytePieces) {
        pieces.put("LFP1".utf8)
        pieces.put(UInt32(count))
        pieces.put(UInt32(width))
    }

    /// What ``write(_:)`` writes of article `index`.
    func putRecord(_ index: Int, into pieces: inout BytePieces) {
        let keys = exactKeys[index]
        pieces.put(UInt8(signatures.hasWords[index] ? 1 : 0))
        pieces.put(UInt8(keys.count))
        for key in keys { pieces.put(key) }
        for value in signatures.row(index) { pieces.put(value) }
    }

    /// The fingerprints as ``write(_:)`` writes them, in one array.
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        write { bytes += $0 }
        return bytes
    }

    /// Reads fingerprints written by ``write(_:)`` for `hasher`; nil when the bytes are not
    /// such fingerprints or were made with another number of permutations.
    init?(decoding bytes: [UInt8], hasher: MinHasher) {
        let decoded = bytes.withUnsafeBytes { raw -> ArticleFingerprints? in
            var offset = 0
            return Self.decoded(
                hasher: hasher, size: raw.count,
                take: { count, body in
                    guard offset + count <= raw.count else { return false }
                    body(UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + count)]))
                    offset += count
                    return true
                }, isAtEnd: { offset == raw.count })
        }
        guard let decoded else { return nil }
        self = decoded
    }

    /// Reads fingerprints written by ``write(_:)`` for `hasher` from a file as it is read, a
    /// block at a time, to its end; nil when its bytes are not such fingerprints or a read
    /// fails. The file's digest is then the reader's to give.
    init?(reading file: FileBlockReader, hasher: MinHasher) {
        let taking = Taking(file)
        let decoded = Self.decoded(
            hasher: hasher, size: file.size, take: taking.take, isAtEnd: { (try? file.isAtEnd()) == true })
        guard !taking.failed, let decoded else { return nil }
        self = decoded
    }

    /// A file's bytes handed out as the decoders take them, and whether a read failed.
    private final class Taking {
        let file: FileBlockReader
        private(set) var failed = false

        init(_ file: FileBlockReader) { self.file = file }

        func take(_ count: Int, _ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
            do {
                return try file.take(count, body) != nil
            } catch {
                failed = true
                return false
            }
        }
    }

    /// The count of articles a header taken by `take` gives, when it is one of `hasher`'s
    /// width and `size` bytes can hold that many articles (each takes at least its two flag
    /// bytes and its signature: a count they cannot hold is not allocated for).
    private static func header(
        hasher: MinHasher, size: Int, take: (Int, (UnsafeRawBufferPointer) -> Void) -> Bool
    ) -> Int? {
        var (magic, count, width) = (false, 0, 0)
        guard
            take(
                12,
                { raw in
                    magic = raw.prefix(4).elementsEqual("LFP1".utf8)
                    count = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
                    width = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self)))
                }), magic, width == hasher.permutations, count <= (size - 12) / (2 + 4 * width)
        else { return nil }
        return count
    }

    /// Reads fingerprints written by ``write(_:)`` for `hasher` from a file as it is read, and
    /// hands them to `body` `rowsPerPart` articles at a time, with the place of the part's first
    /// article: a reader of a month holds a part of it, not its 14 MB. Nothing is handed over
    /// unless the file holds `count` articles of `hasher`'s width.
    ///
    /// - Returns: how many articles were handed over: fewer than `count` when a read failed or
    ///   the bytes stopped being fingerprints part of the way.
    static func parts(
        reading file: FileBlockReader, hasher: MinHasher, count: Int, rowsPerPart: Int,
        _ body: (_ first: Int, _ part: ArticleFingerprints) -> Void
    ) -> Int {
        let taking = Taking(file)
        guard Self.header(hasher: hasher, size: file.size, take: taking.take) == count else { return 0 }
        var handed = 0
        while handed < count, !taking.failed {
            let size = min(rowsPerPart, count - handed)
            var part = ArticleFingerprints(hasher: hasher, count: size)
            let isWhole = part.signatures.withUnsafeMutableRows { values, words in
                part.exactKeys.withUnsafeMutableSlots { slots in
                    decodeRecords(
                        size, width: hasher.permutations, values: values, words: words, slots: slots,
                        take: taking.take)
                }
            }
            guard isWhole, handed + size < count || (try? file.isAtEnd()) == true else { break }
            body(handed, part)
            handed += size
        }
        return handed
    }

    /// Decodes what ``write(_:)`` wrote, handed out by `take` a few bytes at a time (false when
    /// the input ends before them); `size` is the whole input's, which bounds the count of
    /// articles allocated for. Nil at the first thing that is not as written.
    private static func decoded(
        hasher: MinHasher, size: Int, take: (Int, (UnsafeRawBufferPointer) -> Void) -> Bool, isAtEnd: () -> Bool
    ) -> ArticleFingerprints? {
        guard let count = header(hasher: hasher, size: size, take: take) else { return nil }
        let width = hasher.permutations
        var fingerprints = ArticleFingerprints(hasher: hasher, count: count)
        let isWhole = fingerprints.signatures.withUnsafeMutableRows { values, words in
            fingerprints.exactKeys.withUnsafeMutableSlots { slots in
                decodeRecords(count, width: width, values: values, words: words, slots: slots, take: take)
            }
        }
        guard isWhole, isAtEnd() else { return nil }
        return fingerprints
    }

    /// Decodes `count` articles of `width` values into the table's buffers; false at the first
    /// thing that is not as written.
    private static func decodeRecords(
        _ count: Int, width: Int, values: UnsafeMutableBufferPointer<UInt32>, words: UnsafeMutableBufferPointer<Bool>,
        slots: UnsafeMutableBufferPointer<UInt64>, take: (Int, (UnsafeRawBufferPointer) -> Void) -> Bool
    ) -> Bool {
        let rowBytes = width * MemoryLayout<UInt32>.size
        for index in 0..<count {
            var (hasWords, keyCount) = (UInt8(0), 0)
            guard
                take(
                    2,
                    {
                        hasWords = $0[0]; keyCount = Int($0[1])
                    }), keyCount <= ExactKeys.slots
            else {
                return false
            }
            let keys = UnsafeMutableBufferPointer(
                rebasing: slots[(index * ExactKeys.slots)..<((index + 1) * ExactKeys.slots)])
            keys.update(repeating: 0)
            if keyCount > 0 {
                let taken = take(keyCount * 8) { raw in
                    for slot in 0..<keyCount {
                        keys[slot] = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: slot * 8, as: UInt64.self))
                    }
                }
                guard taken else { return false }
            }
            let row = UnsafeMutableBufferPointer(rebasing: values[(index * width)..<((index + 1) * width)])
            let taken = take(rowBytes) { raw in
                #if _endian(little)
                    UnsafeMutableRawBufferPointer(row).copyMemory(from: raw)
                #else
                    for column in 0..<width {
                        row[column] = UInt32(
                            littleEndian: raw.loadUnaligned(fromByteOffset: column * 4, as: UInt32.self))
                    }
                #endif
            }
            guard taken else { return false }
            words[index] = hasWords == 1
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

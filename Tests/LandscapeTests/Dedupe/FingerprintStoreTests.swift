import Foundation
import Testing

@testable import Landscape

@Suite("Dedupe fingerprints kept between nights")
struct FingerprintStoreTests {
    static let articles = [
        Fixtures.article(
            "Lunit will acquire Volpara Health for NZ$292 million in cash, the companies said.",
            title: "Lunit buys Volpara",
            id: "a", url: "https://one.example/1", published: "2025-05-20"),
        Fixtures.article(
            "Lunit will acquire Volpara Health for NZ$292 million in cash, the companies said on Monday.",
            title: "Lunit to buy Volpara", id: "b", url: "https://two.example/2", published: "2025-05-21"),
        Fixtures.article("", title: "No words below", id: "c", url: nil, published: "2025-05-22"),
    ]

    @Test("fingerprints written and read back group articles exactly as fingerprints just made")
    func roundTrip() throws {
        let options = DedupeOptions()
        let made = ArticleDeduper.fingerprints(Self.articles, options: options, jobs: 2)
        let read = try #require(ArticleFingerprints(decoding: made.encoded(), hasher: ArticleDeduper.hasher(options)))
        #expect(read.count == 3)
        #expect(read.exactKeys == made.exactKeys)
        for index in 0..<3 { #expect(read.signatures.row(index) == made.signatures.row(index)) }
        #expect(read.signatures.hasWords == made.signatures.hasWords)
        let fromRead = ArticleDeduper.run(Self.articles, fingerprints: read, options: options).articles
        let direct = ArticleDeduper.run(Self.articles, options: options, jobs: 2).articles
        #expect(fromRead == direct)
        #expect(fromRead[1].duplicateOf == "a")
    }

    @Test(
        "bytes cut short, with a byte too many, of another width, not fingerprints at all, or counting more articles than they hold are refused"
    )
    func refusesOtherBytes() {
        let options = DedupeOptions()
        let hasher = ArticleDeduper.hasher(options)
        let bytes = ArticleDeduper.fingerprints(Self.articles, options: options, jobs: 1).encoded()
        #expect(ArticleFingerprints(decoding: Array(bytes.dropLast()), hasher: hasher) == nil)
        #expect(ArticleFingerprints(decoding: bytes + [0], hasher: hasher) == nil)
        #expect(ArticleFingerprints(decoding: Array("not fingerprints".utf8), hasher: hasher) == nil)
        // A header claiming two billion articles is refused before anything is made for them.
        #expect(ArticleFingerprints(decoding: Array("LFP1 but cut short".utf8), hasher: hasher) == nil)
        var claimsMore = bytes
        claimsMore.replaceSubrange(4..<8, with: [0xFF, 0xFF, 0xFF, 0x7F])
        #expect(ArticleFingerprints(decoding: claimsMore, hasher: hasher) == nil)
        let narrower = MinHasher(permutations: options.minhashPermutations / 2, shingleWords: options.shingleWords)
        #expect(ArticleFingerprints(decoding: bytes, hasher: narrower) == nil)
    }

    @Test(
        "a month's stored bytes are taken only when they are its articles' fingerprints, whole; a month refused is signed again, to the same rows"
    )
    func monthBytesTakenOrSignedAgain() {
        let options = DedupeOptions()
        let hasher = ArticleDeduper.hasher(options)
        let whole = ArticleDeduper.fingerprints(Self.articles, options: options, jobs: 1)
        let first = ArticleDeduper.fingerprints(Self.articles.prefix(2), options: options, jobs: 1)
        let second = ArticleDeduper.fingerprints(Self.articles.suffix(1), options: options, jobs: 1)
        // Month 0 holds articles 0-1 and month 1 article 2; each is offered bytes that are
        // right, of the wrong count, cut short, with a key too many, or missing.
        var tooManyKeys = second.encoded()
        tooManyKeys[13] = UInt8(ExactKeys.slots + 1)
        let offers: [([UInt8]?, [UInt8]?, [Bool])] = [
            (first.encoded(), second.encoded(), [true, true]),
            (first.encoded(), first.encoded(), [true, false]),
            (Array(first.encoded().dropLast(3)), second.encoded(), [false, true]),
            (first.encoded(), tooManyKeys, [true, false]),
            (nil, second.encoded(), [false, true]),
        ]
        let months = [(count: 2, signed: first), (count: 1, signed: second)]
        for (firstBytes, secondBytes, expected) in offers {
            // As grouping reads a month: its bytes decoded, and of its count.
            let taken = zip([firstBytes, secondBytes], months).map { bytes, month in
                bytes.flatMap { ArticleFingerprints(decoding: $0, hasher: hasher) }.flatMap {
                    $0.count == month.count ? $0 : nil
                }
            }
            #expect(taken.map { $0 != nil } == expected)
            let read = zip(taken, months).map { $0 ?? $1.signed }
            let rows = read.flatMap { month in (0..<month.count).map { (month, $0) } }
            #expect(rows.map { $0.exactKeys[$1] } == (0..<3).map { whole.exactKeys[$0] })
            #expect(rows.map { $0.signatures.hasWords[$1] } == whole.signatures.hasWords)
            for (index, (month, row)) in rows.enumerated() {
                #expect(month.signatures.row(row) == whole.signatures.row(index))
            }
        }
        #expect((0..<3).allSatisfy { whole.exactKeys[$0].count == 2 })
    }

    @Test(
        "fingerprints read from a file a few bytes of a block at a time are those written, and the reader's digest is the file's; a file cut short or grown is refused"
    )
    func readAsTheFileIsRead() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hasher = ArticleDeduper.hasher(DedupeOptions())
        let bytes = ArticleDeduper.fingerprints(Self.articles, options: DedupeOptions(), jobs: 1).encoded()
        let path = folder + "/fingerprints.bin"
        try bytes.writeFile(path)
        // Blocks of 7 bytes: every record and most values are cut by a block's end.
        for blockBytes in [7, 64, 1 << 20] {
            let reader = try FileBlockReader(path: path, blockBytes: blockBytes)
            #expect(ArticleFingerprints(reading: reader, hasher: hasher)?.encoded() == bytes, "\(blockBytes)")
            #expect(try reader.digest() == SHA256.hex(bytes))
        }
        for spoiled in [Array(bytes.dropLast(3)), bytes + [0], Array(bytes.prefix(11))] {
            try spoiled.writeFile(path)
            #expect(ArticleFingerprints(reading: try FileBlockReader(path: path, blockBytes: 7), hasher: hasher) == nil)
        }
        #expect(throws: DamagedDataError.self) { try FileBlockReader(path: folder + "/missing.bin") }
    }

    /// A fingerprint store in a new output folder, none stored yet, and the articles' fingerprints.
    static func emptyStore() throws -> (store: FingerprintCache, made: ArticleFingerprints) {
        let cache = StageCache(outputDirectory: try TestPaths.makeTemporaryDirectory(), pipeline: "fingerprint-test")
        try cache.prepare()
        return (
            FingerprintCache(cache: cache),
            ArticleDeduper.fingerprints(Self.articles, options: DedupeOptions(), jobs: 1)
        )
    }

    @Test(
        "a stored month read once is vouched for by its stamp, so later reads skip the digest; a month changed since is checked and refused"
    )
    func monthVouchedByStamps() throws {
        let (store, made) = try Self.emptyStore()
        try store.store(key: "month", made)
        let stamps = FileStamps()
        let path = store.cache.entryPath(shelf: FingerprintCache.shelf, key: "month") + "/fingerprints.bin"
        let digest = try store.cache.storedDigest(shelf: FingerprintCache.shelf, key: "month", file: "fingerprints.bin")
        #expect(!stamps.vouches(for: path, digest: digest))
        let hasher = ArticleDeduper.hasher(DedupeOptions())
        #expect(store.month(key: "month", stamps: stamps, hasher: hasher)?.encoded() == made.encoded())
        #expect(stamps.vouches(for: path, digest: digest))
        #expect(store.month(key: "month", stamps: stamps, hasher: hasher)?.encoded() == made.encoded())
        // Bytes written over the file change its stamp: they are hashed again and refused.
        var spoiled = made.encoded()
        spoiled[spoiled.count - 1] ^= 0xFF
        try spoiled.writeFile(path)
        #expect(!stamps.vouches(for: path, digest: digest))
        #expect(store.month(key: "month", stamps: stamps, hasher: hasher) == nil)
        // A file cut short, or grown, is not read as the month's fingerprints.
        let bytes = made.encoded()
        try Array(bytes.dropLast(5)).writeFile(path)
        #expect(store.month(key: "month", stamps: FileStamps(), hasher: hasher) == nil)
        try (bytes + [0]).writeFile(path)
        #expect(store.month(key: "month", stamps: FileStamps(), hasher: hasher) == nil)
    }

    /// The parts a stored month hands over, joined, and how many articles they held.
    func parts(
        _ store: FingerprintCache, stamps: FileStamps = FileStamps(), count: Int = 3, rowsPerPart: Int
    ) -> (joined: ArticleFingerprints, handed: Int, starts: [Int]) {
        let hasher = ArticleDeduper.hasher(DedupeOptions())
        var joined = ArticleFingerprints(hasher: hasher)
        var starts: [Int] = []
        let handed = store.month(
            key: "month", stamps: stamps, hasher: hasher, count: count, rowsPerPart: rowsPerPart
        ) { first, part in
            starts.append(first)
            for row in 0..<part.count { joined.append(article: row, of: part) }
        }
        return (joined, handed, starts)
    }

    @Test(
        "a stored month handed over a part at a time is the month, part after part; a month damaged, of another count or gone hands nothing"
    )
    func monthInParts() throws {
        let (store, made) = try Self.emptyStore()
        #expect(parts(store, rowsPerPart: 2).handed == 0)
        try store.store(key: "month", made)
        for (rowsPerPart, starts) in [(1, [0, 1, 2]), (2, [0, 2]), (5, [0])] {
            let read = parts(store, rowsPerPart: rowsPerPart)
            #expect(read.handed == 3)
            #expect(read.starts == starts)
            #expect(read.joined.encoded() == made.encoded(), "\(rowsPerPart) a part")
        }
        #expect(parts(store, count: 2, rowsPerPart: 1).handed == 0)
        // A byte changed at the end, not vouched for: the digest, checked first, refuses the
        // whole month before a part is handed over.
        let path = store.cache.entryPath(shelf: FingerprintCache.shelf, key: "month") + "/fingerprints.bin"
        var spoiled = made.encoded()
        spoiled[spoiled.count - 1] ^= 0xFF
        try spoiled.writeFile(path)
        #expect(parts(store, rowsPerPart: 1).handed == 0)
    }

    @Test(
        "bytes that stop being fingerprints part of the way hand over the articles before, whole, and count them"
    )
    func partsUpToDamage() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hasher = ArticleDeduper.hasher(DedupeOptions())
        let made = ArticleDeduper.fingerprints(Self.articles, options: DedupeOptions(), jobs: 1)
        var bytes = made.encoded()
        // The third article's count of keys, past its header and the two before it.
        let third = 12 + (0..<2).reduce(0) { $0 + 2 + made.exactKeys[$1].count * 8 + 4 * hasher.permutations } + 1
        #expect(Int(bytes[third]) == made.exactKeys[2].count)
        bytes[third] = UInt8(ExactKeys.slots + 1)
        let path = folder + "/fingerprints.bin"
        try bytes.writeFile(path)
        for rowsPerPart in [1, 2] {
            var joined = ArticleFingerprints(hasher: hasher)
            let handed = ArticleFingerprints.parts(
                reading: try FileBlockReader(path: path, blockBytes: 64), hasher: hasher, count: 3,
                rowsPerPart: rowsPerPart
            ) { _, part in
                for row in 0..<part.count { joined.append(article: row, of: part) }
            }
            #expect(handed == 2, "\(rowsPerPart) a part")
            #expect(joined.count == 2)
            for row in 0..<2 { #expect(joined.signatures.row(row) == made.signatures.row(row)) }
        }
        // Cut short after the last article's keys: two handed over a part at a time, none at once.
        try Array(made.encoded().dropLast(8)).writeFile(path)
        let whole = ArticleFingerprints.parts(
            reading: try FileBlockReader(path: path), hasher: hasher, count: 3, rowsPerPart: 3
        ) { _, _ in }
        #expect(whole == 0)
    }
}

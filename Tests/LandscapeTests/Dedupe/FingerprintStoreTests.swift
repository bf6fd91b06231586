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

    @Test("months decoded into their rows of one table on two cores; a month refused is reported and filled by signing")
    func monthsIntoOneTable() {
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
        for (firstBytes, secondBytes, expected) in offers {
            var table = ArticleFingerprints(hasher: hasher, count: 3)
            let offered = [firstBytes, secondBytes]
            let taken = table.fill([(start: 0, count: 2), (start: 2, count: 1)], jobs: 2) { offered[$0] }
            #expect(taken == expected)
            if !taken[0] { table.fill(from: 0, with: first) }
            if !taken[1] { table.fill(from: 2, with: second) }
            #expect(table.exactKeys == whole.exactKeys)
            #expect(table.signatures.hasWords == whole.signatures.hasWords)
            for index in 0..<3 { #expect(table.signatures.row(index) == whole.signatures.row(index)) }
        }
        #expect((0..<3).allSatisfy { whole.exactKeys[$0].count == 2 })
    }
}

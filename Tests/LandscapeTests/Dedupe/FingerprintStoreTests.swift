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

    @Test("bytes cut short, with a byte too many, of another width or not fingerprints at all are refused")
    func refusesOtherBytes() {
        let options = DedupeOptions()
        let hasher = ArticleDeduper.hasher(options)
        let bytes = ArticleDeduper.fingerprints(Self.articles, options: options, jobs: 1).encoded()
        #expect(ArticleFingerprints(decoding: Array(bytes.dropLast()), hasher: hasher) == nil)
        #expect(ArticleFingerprints(decoding: bytes + [0], hasher: hasher) == nil)
        #expect(ArticleFingerprints(decoding: Array("not fingerprints".utf8), hasher: hasher) == nil)
        let narrower = MinHasher(permutations: options.minhashPermutations / 2, shingleWords: options.shingleWords)
        #expect(ArticleFingerprints(decoding: bytes, hasher: narrower) == nil)
    }

    @Test("months decoded one after another into one table; a refused month leaves the table as it was")
    func monthsIntoOneTable() {
        let options = DedupeOptions()
        let hasher = ArticleDeduper.hasher(options)
        let first = ArticleDeduper.fingerprints(Self.articles.prefix(2), options: options, jobs: 1)
        let second = ArticleDeduper.fingerprints(Self.articles.suffix(1), options: options, jobs: 1)
        var table = ArticleFingerprints(hasher: hasher)
        let firstTaken = table.append(decoding: first.encoded(), expectedCount: 2)
        #expect(firstTaken)
        // The wrong count, and bytes cut short after some rows, append nothing.
        let wrongCountTaken = table.append(decoding: second.encoded(), expectedCount: 2)
        let cutShortTaken = table.append(decoding: Array(first.encoded().dropLast(3)))
        #expect(!wrongCountTaken && !cutShortTaken)
        #expect(table.count == 2 && table.signatures.count == 2)
        let secondTaken = table.append(decoding: second.encoded(), expectedCount: 1)
        #expect(secondTaken)
        let whole = ArticleDeduper.fingerprints(Self.articles, options: options, jobs: 1)
        #expect(table.exactKeys == whole.exactKeys)
        #expect(table.signatures.hasWords == whole.signatures.hasWords)
        for index in 0..<3 { #expect(table.signatures.row(index) == whole.signatures.row(index)) }
    }
}

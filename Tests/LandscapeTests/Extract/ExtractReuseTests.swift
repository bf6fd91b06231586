import Foundation
import Testing

@testable import Landscape

@Suite("Extract taking unchanged articles from an earlier month")
struct ExtractReuseTests {
    static let texts = [
        "Hengrui Medicine licensed its PD-1 antibody to Merck for $200 million upfront.",
        "Samsung Biologics will manufacture an antibody for Pfizer under a CDMO agreement.",
        "Takeda acquired a Korean gene therapy developer for $1.2 billion.",
        "Celltrion and a Singapore distributor signed a distribution deal for biosimilars in Asia.",
    ]

    static func articles(_ texts: [String]) -> [Article] {
        texts.enumerated().map { Fixtures.article($1, title: "Deal \($0)", id: "m\($0)") }
    }

    /// The earlier month `output` of `articles` as a night finds it: its mentions and reports
    /// read from files, by article.
    static func earlier(_ articles: [Article], _ output: ExtractOutput) throws -> EarlierExtract {
        let digests = ArticleDigests(
            ids: ArticleIDs(articles.map(\.articleID)), digests: ArticleStore.digests(articles, jobs: 1))
        return EarlierExtract(
            digests: digests,
            mentions: try ArticleLines.reading(output.mentions.bytes, origin: "mentions.jsonl", rows: digests.rows),
            reports: try ArticleLines.reading(
                output.reports.bytes, origin: "deals.jsonl", articleIn: .firstSource, rows: digests.rows),
            reportPartySets: try #require(PartySetList(output.reportPartySets)))
    }

    /// The reports of extracting each article on its own, in order.
    static func reports(_ articles: [Article]) -> [Deal] {
        articles.flatMap { Fixtures.extractor.extract($0).deals }
    }

    @Test(
        "a month extracted again extracts only the articles that changed or are new, and gives the bytes of extracting every article"
    )
    func extractsOnlyWhatChanged() throws {
        let before = Self.articles(Self.texts)
        let first = ExtractStage.run(
            before, digests: ArticleStore.digests(before, jobs: 1), reusing: nil, extractor: Fixtures.extractor,
            jobs: 2)
        #expect(first.counts.reused == 0 && first.mentions.count > 0 && first.reports.count > 0)
        #expect(first.reports.bytes == Self.reports(before).jsonLines())
        let earlier = try Self.earlier(before, first)

        // The third article's text changes and a fifth comes.
        var texts = Self.texts
        texts[2] = "Takeda acquired a Japanese cell therapy developer for $900 million."
        texts.append("Daiichi Sankyo and AstraZeneca agreed to co-develop an ADC in China.")
        let after = Self.articles(texts)
        let digests = ArticleStore.digests(after, jobs: 1)
        let again = ExtractStage.run(after, digests: digests, reusing: earlier, extractor: Fixtures.extractor, jobs: 2)
        #expect(again.counts.reused == 3)

        let whole = ExtractStage.run(after, digests: digests, reusing: nil, extractor: Fixtures.extractor, jobs: 1)
        var (againBytes, wholeBytes): ([UInt8], [UInt8]) = ([], [])
        try again.mentions.write { againBytes += $0 }
        try whole.mentions.write { wholeBytes += $0 }
        #expect(againBytes == wholeBytes)
        #expect(again.mentions.count == whole.mentions.count)
        // The reports too: the unchanged articles' lines copied, the others encoded, and their
        // party sets beside them.
        let reports = Self.reports(after)
        #expect(whole.reports.bytes == reports.jsonLines() && again.reports.bytes == reports.jsonLines())
        #expect(again.counts.reports == reports.count && whole.counts.reports == reports.count)
        #expect(again.reportPartySets == Array(reports.map { $0.partyKey + "\n" }.joined().utf8))
        #expect(whole.reportPartySets == again.reportPartySets)
        // The unchanged articles' lines are one stretch of the earlier file, then the changed
        // article's, the fourth's stretch, and the new one's.
        #expect(again.mentions.pieceCount == 4)
    }

    @Test(
        "a month handed over in blocks of any size, and extracted in blocks of any size, gives the lines of extracting it whole, and the digests handed over"
    )
    func blocksGiveTheWhole() throws {
        let before = Self.articles(Self.texts)
        let earlier = try Self.earlier(
            before,
            ExtractStage.run(
                before, digests: ArticleStore.digests(before, jobs: 1), reusing: nil, extractor: Fixtures.extractor,
                jobs: 1))
        var texts = Self.texts + Self.texts.map { "Reported again: " + $0 }
        texts[1] = "Samsung Biologics will manufacture a bispecific antibody for Roche under a CDMO deal."
        let after = Self.articles(texts)
        let digests = ArticleStore.digests(after, jobs: 1)
        let whole = ExtractStage.run(after, digests: digests, reusing: nil, extractor: Fixtures.extractor, jobs: 1)
        for reusing in [nil, earlier] {
            for handed in [1, 3, after.count] {
                for blockSize in [1, 2, 5, 1024] {
                    var month = MonthExtraction(
                        ids: ArticleIDs(after.map(\.articleID)), reusing: reusing, extractor: Fixtures.extractor,
                        jobs: 2, maxMentions: .max, blockSize: blockSize)
                    var (mentions, reports, partySets, blocks) = ([UInt8](), [UInt8](), [UInt8](), 0)
                    for start in stride(from: 0, to: after.count, by: handed) {
                        #expect(!month.isComplete)
                        let end = min(start + handed, after.count)
                        try month.extract(after[start..<end], digests: digests[start..<end]) { block in
                            try block.mentions.write { mentions += $0 }
                            try block.reports.write { reports += $0 }
                            partySets += block.reportPartySets
                            blocks += 1
                        }
                    }
                    let what = "reusing \(reusing != nil), handed \(handed), blocks of \(blockSize)"
                    #expect(month.isComplete, "\(what)")
                    #expect(mentions == whole.mentions.bytes, "\(what)")
                    #expect(reports == whole.reports.bytes && partySets == whole.reportPartySets, "\(what)")
                    #expect(month.digests == digests, "\(what)")
                    #expect(month.counts.reused == (reusing == nil ? 0 : 3), "\(what)")
                    #expect(month.counts.reports == whole.counts.reports, "\(what)")
                    let perHanding = (handed + blockSize - 1) / blockSize
                    let expectedBlocks =
                        (after.count / handed) * perHanding
                        + (after.count % handed == 0 ? 0 : (after.count % handed + blockSize - 1) / blockSize)
                    #expect(blocks == expectedBlocks, "\(what)")
                }
            }
        }
    }
}

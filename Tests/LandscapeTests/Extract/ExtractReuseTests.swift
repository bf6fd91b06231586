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
                output.hasReportLines ? output.reports.bytes : output.deals.jsonLines(), origin: "deals.jsonl",
                articleIn: .firstSource, rows: digests.rows),
            reportPartySets: try #require(
                PartySetList(
                    output.hasReportLines
                        ? output.reportPartySets : output.deals.partySetLines)))
    }

    @Test(
        "a month extracted again reads only the articles that changed or are new, and gives the bytes of extracting every article"
    )
    func readsOnlyWhatChanged() throws {
        let before = Self.articles(Self.texts)
        let first = ExtractStage.run(
            before, digests: ArticleStore.digests(before, jobs: 1), reusing: nil, extractor: Fixtures.extractor,
            jobs: 2)
        #expect(first.reused == 0 && first.mentions.count > 0 && !first.deals.isEmpty)
        let earlier = try Self.earlier(before, first)

        // The third article's text changes and a fifth comes.
        var texts = Self.texts
        texts[2] = "Takeda acquired a Japanese cell therapy developer for $900 million."
        texts.append("Daiichi Sankyo and AstraZeneca agreed to co-develop an ADC in China.")
        let after = Self.articles(texts)
        let digests = ArticleStore.digests(after, jobs: 1)
        var asked: [[Int]] = []
        let again = ExtractStage.run(
            ids: ArticleIDs(after.map(\.articleID)), digests: digests,
            articles: { rows in
                asked.append(rows)
                return rows.map { after[$0] }
            }, reusing: earlier, extractor: Fixtures.extractor, jobs: 2)
        #expect(asked == [[2, 4]])
        #expect(again.reused == 3)

        let whole = ExtractStage.run(after, digests: digests, reusing: nil, extractor: Fixtures.extractor, jobs: 1)
        var (againBytes, wholeBytes): ([UInt8], [UInt8]) = ([], [])
        try again.mentions.write { againBytes += $0 }
        try whole.mentions.write { wholeBytes += $0 }
        #expect(againBytes == wholeBytes)
        #expect(again.mentions.count == whole.mentions.count)
        // The reports too: the unchanged articles' lines copied, the others encoded, and their
        // party sets beside them; only the extracted articles' reports are held decoded.
        #expect(again.reports.bytes == whole.deals.jsonLines())
        #expect(again.hasReportLines && again.reportCount == whole.deals.count)
        #expect(!whole.hasReportLines && whole.reports.count == 0 && whole.reportCount == whole.deals.count)
        #expect(again.reportPartySets == Array(whole.deals.map { $0.partyKey + "\n" }.joined().utf8))
        #expect(
            again.deals.jsonLines()
                == whole.deals.filter { ["m2", "m4"].contains($0.sources.first?.articleID) }.jsonLines())
        // The unchanged articles' lines are one stretch of the earlier file, then the changed
        // article's, the fourth's stretch, and the new one's.
        #expect(again.mentions.pieceCount == 4)
    }
}

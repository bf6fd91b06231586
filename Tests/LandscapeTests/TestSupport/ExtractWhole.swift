@testable import Landscape

extension ExtractStage {
    /// A month of `articles` extracted as the stage extracts one (``MonthExtraction``), its
    /// blocks' output joined: the articles `earlier` holds as they are taken from it.
    static func run(
        _ articles: [Article], digests: [ContentDigest], reusing earlier: EarlierExtract?, extractor: DealExtractor,
        jobs: Int, maxMentions: Int = .max, blockSize: Int = MonthExtraction.defaultBlockSize
    ) -> ExtractOutput {
        var month = MonthExtraction(
            ids: ArticleIDs(articles.lazy.map(\.articleID)), reusing: earlier, extractor: extractor, jobs: jobs,
            maxMentions: maxMentions, blockSize: blockSize)
        var whole = ExtractOutput()
        month.extract(articles[...], digests: digests[...]) { block in
            whole.mentions.append(block.mentions)
            whole.reports.append(block.reports)
            whole.reportPartySets += block.reportPartySets
        }
        whole.counts = month.counts
        return whole
    }
}

extension ExtractCache {
    /// Stores `output` as one month's entry, made from the articles of `articleList` ("id
    /// digest" lines), through the writer the stage stores its months with.
    func storeMonth(key: String, articleList: [UInt8], output: ExtractOutput, stamps: FileStamps) throws {
        let writer = try MonthWriter(self)
        do {
            try writer.append(output)
        } catch {
            writer.discard()
            throw error
        }
        try writer.store(key: key, articleList: articleList, stamps: stamps)
    }
}

import Landscape

/// Records written for tests.
enum Fixtures {
    static let gazetteer: Gazetteer = {
        do {
            return try Gazetteer.load(
                organizationsPath: TestPaths.pipelines + "/gazetteer.jsonl",
                placesPath: TestPaths.pipelines + "/places.jsonl")
        } catch {
            fatalError("the repository's gazetteer does not load: \(error)")
        }
    }()

    static let extractor = DealExtractor(gazetteer: gazetteer, usdRates: ExtractOptions.defaultUSDRates)

    static func article(
        _ text: String, title: String? = nil, id: String = "a1", url: String? = nil, published: String = "2025-03-04"
    ) -> Article {
        Article(
            articleID: id, url: url ?? "https://ex.org/\(id)", canonicalURL: url ?? "https://ex.org/\(id)",
            sourceID: "test", title: title, published: FeedDate.parse(published), summary: text, content: nil,
            language: "en", authors: [], categories: [], firstSeen: Timestamp(secondsSinceEpoch: 1_740_000_000))
    }

    static func deals(_ text: String, title: String? = nil) -> [Deal] {
        extractor.extract(article(text, title: title)).deals
    }
}

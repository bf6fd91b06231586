import Foundation
import Testing

@testable import Landscape

@Suite("Extract's reports of the months it made")
struct ExtractStepTests {
    @Test(
        "no month's reports are held once stored: a merge of every report reads them from the cache, and fails without it"
    )
    func reportsReadFromTheCache() throws {
        let output = try TestPaths.makeTemporaryDirectory("extract-step")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let cache = ExtractCache(cache: StageCache(outputDirectory: output, pipeline: "extract-test"))
        try cache.cache.prepare()
        let articles = [
            Fixtures.article(
                "Celltrion licensed its antibody to Pfizer in a deal worth $300 million.", id: "a1",
                published: "2025-03-04"),
            Fixtures.article(
                "Samsung Biologics agreed to make an ADC for AstraZeneca under a CDMO contract.", id: "a2",
                published: "2025-04-10"),
        ]
        let landscape = try ArticleLandscape.night(
            parsed: articles, parent: ParentArticles(), seenAt: Timestamp(secondsSinceEpoch: 1_750_000_000), jobs: 1)
        let options = ExtractOptions(
            gazetteerPath: "", placesPath: "", usdRates: ExtractOptions.defaultUSDRates, ratesDate: "2025-01-01")
        let step = ExtractStep(
            cache: cache, options: options, gazetteer: Fixtures.gazetteer, reusesEarlier: false, jobs: 1)
        let extracted = try step.run(landscape, key: "k", isCached: false).value
        let held = try extracted.reports()
        #expect(held.count >= 2)
        #expect(Set(held.flatMap { $0.sources.map(\.articleID) }) == ["a1", "a2"])
        // With the months' entries gone, the reports cannot be read: none was held.
        let shelf = FilePaths.join(cache.cache.directory, "stages/" + ExtractCache.shelf)
        let moved = shelf + "-moved"
        try FileManager.default.moveItem(atPath: shelf, toPath: moved)
        #expect(throws: (any Error).self) { try extracted.reports() }
        try FileManager.default.moveItem(atPath: moved, toPath: shelf)
        #expect(try extracted.reports() == held)
    }
}

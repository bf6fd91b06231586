import Foundation
import Testing

@testable import Landscape

/// Pipeline settings that would lose data quietly are refused with the file and line.
@Suite("Pipeline config: currency rates")
struct PipelineConfigCheckTests {
    func load(_ extract: String) throws -> PipelineConfig {
        let folder = try TestPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/rates.yml"
        try Array("name: rates\nsources:\n  - url: feed.xml\nextract:\n\(extract)".utf8).writeFile(path)
        return try PipelineConfig.load(path: path)
    }

    func message(_ extract: String) -> String? {
        do {
            _ = try load(extract)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("a currency code that is not ISO 4217 names its line and the code meant")
    func unknownCode() throws {
        let swapped = try #require(message("  rates_date: \"2025-06-30\"\n  usd_rates: { USD: 1, ERU: 1.08 }\n"))
        #expect(swapped.contains("rates.yml:6"))
        #expect(swapped.contains("`ERU` is not an ISO 4217 currency code (did you mean EUR?)"))
        let block = try #require(
            message("  rates_date: \"2025-06-30\"\n  usd_rates:\n    KRW: 0.00072\n    JYP: 0.0066\n"))
        #expect(block.contains("rates.yml:8"))
        #expect(block.contains("did you mean JPY?"))
        let noHint = try #require(message("  rates_date: \"2025-06-30\"\n  usd_rates: { QQQ: 2 }\n"))
        #expect(noHint.contains("`QQQ` is not an ISO 4217") && !noHint.contains("did you mean"))
    }

    @Test("rates need their date, and the date must be a real day")
    func ratesDate() throws {
        #expect(message("  usd_rates: { EUR: 1.08 }\n")?.contains("usd_rates needs rates_date") == true)
        #expect(message("  rates_date: \"2025-02-30\"\n")?.contains("rates_date must be a date as YYYY-MM-DD") == true)
        #expect(message("  rates_date: \"June 2025\"\n")?.contains("got `June 2025`") == true)
        let config = try load("  rates_date: \"2025-06-30\"\n  usd_rates: { eur: 1.1, THB: 0.03 }\n")
        #expect(config.extract.usdRates == ["USD": 1, "EUR": 1.1, "THB": 0.03])
        #expect(config.extract.ratesDate == "2025-06-30")
    }

    @Test("an amount in a currency without a rate is counted per article, by currency")
    func unratedAmounts() throws {
        let article = Fixtures.article(
            "Celltrion signed a licence agreement with Pfizer worth KRW 50 billion upfront. "
                + "Separately, Yuhan agreed to acquire Hanmi Pharmaceutical for $2 billion.")
        let rated = Fixtures.extractor.extract(article)
        #expect(rated.unratedCurrencies.isEmpty)
        let unrated = DealExtractor(gazetteer: Fixtures.gazetteer, usdRates: ["USD": 1]).extract(article)
        #expect(unrated.unratedCurrencies == ["KRW"])
        #expect(unrated.deals.contains { $0.valueUSD == 2e9 })
    }
}

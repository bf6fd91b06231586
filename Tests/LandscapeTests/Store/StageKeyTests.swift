import Foundation
import Testing

@testable import Landscape

@Suite("Stage cache keys")
struct StageKeyTests {
    /// The same options type, before and after someone adds a field.
    struct OptionsBefore: Encodable {
        var windowDays = 30
        var threshold = 0.65
    }

    struct OptionsAfter: Encodable {
        var windowDays = 30
        var threshold = 0.65
        var shingleWords = 3
    }

    @Test("a field added to an options type changes the key, though nobody listed it")
    func newFieldChangesKey() {
        let before = StageKey.make(.dedupe, options: OptionsBefore(), inputs: ["articles x"])
        let after = StageKey.make(.dedupe, options: OptionsAfter(), inputs: ["articles x"])
        #expect(before != after)
        // The key is made of the options' values, not of the type's name.
        struct Renamed: Encodable {
            var windowDays = 30
            var threshold = 0.65
        }
        #expect(StageKey.make(.dedupe, options: Renamed(), inputs: ["articles x"]) == before)
    }

    @Test("every option of the real options types, each input and each file digest changes the key")
    func everyPartCounts() {
        let dedupe = DedupeOptions()
        let base = StageKey.make(.dedupe, options: dedupe, inputs: ["a"])
        var window = dedupe
        window.dealWindowDays += 1
        var permutations = dedupe
        permutations.minhashPermutations += 1
        #expect(StageKey.make(.dedupe, options: window, inputs: ["a"]) != base)
        #expect(StageKey.make(.dedupe, options: permutations, inputs: ["a"]) != base)
        #expect(StageKey.make(.dedupe, options: dedupe, inputs: ["b"]) != base)
        #expect(StageKey.make(.aggregate, options: dedupe, inputs: ["a"]) != base)
        #expect(StageKey.make(.dedupe, options: dedupe, inputs: ["a"]) == base)

        let extract = ExtractOptions(
            gazetteerPath: "/g", placesPath: "/p", usdRates: ["USD": 1, "EUR": 1.08], ratesDate: "2025-06-30")
        let extractKey = StageKey.make(.extract, options: extract, files: ["d1"], inputs: [])
        var rates = extract
        rates.usdRates["EUR"] = 1.09
        #expect(StageKey.make(.extract, options: rates, files: ["d1"], inputs: []) != extractKey)
        #expect(StageKey.make(.extract, options: extract, files: ["d2"], inputs: []) != extractKey)
        // Dictionaries encode in key order, so equal options always give equal keys.
        let reordered = ExtractOptions(
            gazetteerPath: "/g", placesPath: "/p", usdRates: ["EUR": 1.08, "USD": 1], ratesDate: "2025-06-30")
        #expect(StageKey.make(.extract, options: reordered, files: ["d1"], inputs: []) == extractKey)
    }
}

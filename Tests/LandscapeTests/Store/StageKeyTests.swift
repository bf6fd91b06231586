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

    @Test(
        "the key is the digest of its text, inputs hashed as they come: an array or a lazy sequence, over many blocks")
    func inputsHashedAsTheyCome() {
        // 20,000 inputs of about 30 bytes: the text runs over several of the hasher's blocks.
        let pages = (0..<20_000).map { "a\($0) https://news.example/\($0 * 7)" }
        var text = "landscape stage cache 2\npages\n\(CodeFingerprint.current)\n"
        text += "options \(StageKey.encoding(of: ["follow"]))\n"
        text += "file d1\n"
        for page in pages { text += "input \(page)\n" }
        let expected = String(SHA256.hex(Array(text.utf8)).prefix(32))
        #expect(StageKey.make(.pages, options: ["follow"], files: ["d1"], inputs: pages) == expected)
        #expect(
            StageKey.make(.pages, options: ["follow"], files: ["d1"], inputs: pages.indices.lazy.map { pages[$0] })
                == expected)
        #expect(StageKey.make(.pages, options: ["follow"], files: ["d1"], inputs: pages.dropLast()) != expected)
    }
}

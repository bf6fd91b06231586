import Testing

@testable import Landscape

@Suite("Byte-level word rules")
struct WordTableTests {
    @Test("words are found by their bytes, whole and with their case unless told otherwise")
    func lookup() {
        let heads = WordTable([("Pharma", 1), ("Bio", 2), ("Biologics", 3)])
        let text = Array("Noeul Pharma and PHARMA Bio Biolog".utf8)
        #expect(heads.value(text, 6..<12) == 1)
        #expect(heads.value(text, 17..<23) == nil)  // case matters
        #expect(heads.value(text, 24..<27) == 2)
        #expect(heads.value(text, 28..<34) == nil)  // a prefix of "Biologics" is not it
        #expect(heads.value(text, 0..<text.count) == nil)  // longer than every word
        let blind = WordTable(words: ["ltd", "co"], isCaseBlind: true)
        let suffixes = Array("LTD Ltd co. Col".utf8)
        #expect(blind.contains(suffixes, 0..<3))
        #expect(blind.contains(suffixes, 4..<7))
        #expect(blind.contains(suffixes, 8..<10))
        #expect(!blind.contains(suffixes, 12..<15))
    }

    @Test(
        "slugs of ASCII names, made on bytes, match slugs made from Unicode letters",
        arguments: [
            "Haneul Pharma", "Smith & Nephew Biologics", "Aska Pharmaceutical Co.", " GC-Cell  (Korea) ", "3D Bio",
        ]
    )
    func asciiSlugs(_ name: String) {
        let unicode = name.lowercased().split { !($0.isLetter || $0.isNumber) }.joined(separator: "-")
        #expect(UnknownOrganizations.slug(name) == unicode)
    }

    @Test("slugs keep letters beyond ASCII")
    func unicodeSlug() {
        #expect(UnknownOrganizations.slug("Đức Việt Pharma") == "đức-việt-pharma")
    }

    @Test(
        "an asset after a buying verb is read in the first five words of its clause, in any script",
        arguments: [
            ("bought an antibody from Pinotbio", true),
            ("bought the RIGHTS to it", true),
            ("bought a stake in the company that makes the drug", false),
            ("bought, for cash, the drug", false),
            ("bought Đức’s antibody", true),
            ("bought Đức’s whole company", false),
        ])
    func assets(_ clause: String, _ expected: Bool) {
        let text = Array(clause.utf8)
        #expect(DealShape.buysAnAsset(text, after: 6) == expected)
    }

    @Test(
        "a stake is read inside its sentence only",
        arguments: [
            ("Celltrion took a 51% stake.", 51.0),
            ("It holds 20 per cent interest", 20.0),
            ("Shares rose 12% on the news.", nil),
        ] as [(String, Double?)])
    func stakes(_ sentence: String, _ expected: Double?) {
        let text = Array(("99 " + sentence + " 40% stake").utf8)
        let range = 3..<(3 + sentence.utf8.count)
        #expect(DealShape.stakePercent(in: text, range) == expected)
    }
}

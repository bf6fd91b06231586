import Testing

@testable import Landscape

@Suite("Where a party is from: cues around its name")
struct CountryCuesTests {
    func country(of name: String, in text: String) -> String? {
        Fixtures.deals(text).flatMap(\.parties).first { $0.name == name }?.country
    }

    @Test(
        "a bracket that describes, a legal form trailing a listing, a pair placed together, and LLC",
        arguments: [
            (
                "Norvana Bio signed a licensing agreement with Kelbron Labs (a contract manufacturer based in Vietnam) for its biosimilar.",
                "Kelbron Labs", "VN"
            ),
            (
                "Medivista Biologics, Inc. (TW:4123) signed an exclusive distribution agreement with Hanmi Pharmaceutical for its antibody.",
                "Medivista Biologics, Inc.", "TW"
            ),
            (
                "Ostara Medicines and Quillon Bio, both based in Singapore, signed a co-development agreement for two vaccines.",
                "Ostara Medicines", "SG"
            ),
            (
                "Celltrion signed a licensing agreement with Pelion Therapeutics, LLC for its ADC.",
                "Pelion Therapeutics, LLC", "US"
            ),
        ])
    func cues(text: String, name: String, expected: String) {
        #expect(country(of: name, in: text) == expected, "\(text)")
    }

    /// CountryCues read directly: `name` and `places` (with their countries) are found in `text`.
    private func cue(_ name: String, in text: String, places: [(String, String)], others: [String] = []) -> String? {
        let bytes = Array(text.utf8)
        func range(_ phrase: String) -> Range<Int> {
            let needle = Array(phrase.utf8)
            guard
                let start = (0...(bytes.count - needle.count)).first(where: {
                    bytes[$0..<($0 + needle.count)].elementsEqual(needle)
                })
            else {
                Issue.record("\(phrase) is not in the text")
                return 0..<0
            }
            return start..<(start + needle.count)
        }
        let organization = range(name)
        return CountryCues.country(
            of: organization, in: bytes, places: places.map { (range($0.0), $0.1) },
            organizations: [organization] + others.map(range))
    }

    @Test("a relative clause that describes places the name; a place followed by a verb or a joint does not")
    func relativeClauseAndClauseWords() {
        #expect(
            cue(
                "Tamaraw Health Corporation",
                in:
                    "Celltrion and Tamaraw Health Corporation (\u{201C}THC\u{201D}), which is among the largest clinic chains in the Philippines, signed a deal.",
                places: [("Philippines", "PH")], others: ["Celltrion"]) == "PH")
        // "Cebu" is no cue for the name after "will use", nor "Vietnam's" for the second of a pair.
        #expect(
            cue(
                "Norvana Medical Systems", in: "Clinics in Cebu will use Norvana Medical Systems' platform.",
                places: [("Cebu", "PH")]) == nil)
        #expect(
            cue(
                "Kelbron Children's Hospital",
                in: "Vietnam's Health Ministry and Kelbron Children's Hospital signed an MOU.",
                places: [("Vietnam", "VN")]) == nil)
        // A place right before a name, or a description between them, still places it.
        #expect(cue("Kelbron Labs", in: "It signed with Cebu-based Kelbron Labs.", places: [("Cebu", "PH")]) == "PH")
        #expect(
            cue(
                "Kelbron Labs", in: "It signed with Vietnam's largest drugmaker Kelbron Labs.",
                places: [("Vietnam", "VN")])
                == "VN")
    }

    @Test(
        "a bracket that only abbreviates says nothing; an apposition naming the owner places the unit only through it")
    func noCue() {
        #expect(
            country(
                of: "Tavira Pharma", in: "Tavira Pharma (TVP) signed a licensing agreement with Celltrion for an ADC.")
                == nil)
        // The owner's name is no place: the unit is where its owner is (Samsung Biologics, KR),
        // and an owner the gazetteer does not place leaves it unplaced.
        #expect(
            country(
                of: "Tavira Pharma",
                in:
                    "Celltrion signed a licensing agreement with Tavira Pharma, a subsidiary of Samsung Biologics, for its ADC."
            ) == "KR")
        #expect(
            country(
                of: "Tavira Pharma",
                in:
                    "Celltrion signed a licensing agreement with Tavira Pharma, a subsidiary of Orvane Holdings, for its ADC."
            ) == nil)
    }
}

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

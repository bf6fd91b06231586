import Testing

@testable import Landscape

@Suite("Modality lexicon")
struct ModalityLexiconTests {
    @Test("every phrase names a modality of the contract's list")
    func everyModalityIsListed() {
        for (phrase, modality) in ModalityLexicon.entries {
            #expect(ModalityLexicon.order.contains(modality), "\(phrase) → \(modality)")
        }
        #expect(ModalityLexicon.order.count <= 32)  // the names are gathered in a 32-bit mask
    }

    @Test("modalities come once each, in the contract's order")
    func order() {
        let text = Array("An mRNA vaccine, an ADC and another antibody-drug conjugate, plus a CAR-T.".utf8)
        #expect(ModalityLexicon().modalities(in: text) == ["adc", "car_t", "vaccine", "mrna"])
    }
}

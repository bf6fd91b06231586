/// The words that name a therapeutic or technology modality, mapped to the contract's values.
struct ModalityLexicon: Sendable {
    static let entries: [(String, String)] = {
        var table: [(String, String)] = []
        func add(_ modality: String, _ phrases: [String]) {
            for phrase in phrases { table.append((phrase, modality)) }
        }
        add("adc", ["antibody-drug conjugate", "antibody-drug conjugates", "antibody drug conjugate", "adc", "adcs"])
        add("car_t", ["car-t", "car t", "car-ts", "chimeric antigen receptor t"])
        add("car_nk", ["car-nk", "car nk"])
        add(
            "cell_therapy",
            ["cell therapy", "cell therapies", "stem cell", "stem cells", "ips cell", "ips cells", "nk cell", "tcr-t"])
        add("gene_therapy", ["gene therapy", "gene therapies", "aav", "gene editing", "crispr", "base editing"])
        add("exosome", ["exosome", "exosomes", "extracellular vesicle", "extracellular vesicles"])
        add(
            "antibody",
            [
                "antibody", "antibodies", "bispecific", "bispecifics", "monoclonal", "trispecific", "nanobody",
                "t-cell engager", "t cell engager",
            ])
        add("biosimilar", ["biosimilar", "biosimilars"])
        add("small_molecule", ["small molecule", "small-molecule", "small molecules", "inhibitor", "inhibitors"])
        add("vaccine", ["vaccine", "vaccines"])
        add("mrna", ["mrna"])
        add(
            "ai_drug_discovery",
            [
                "ai drug discovery", "ai-driven drug discovery", "ai-enabled drug discovery",
                "ai-powered drug discovery",
                "ai-based drug development", "ai drug development", "ai-designed", "ai-discovered",
                "generative ai", "machine learning drug discovery",
            ])
        add(
            "ai_diagnostics",
            [
                "ai diagnostics", "ai-based diagnostic", "ai-powered diagnostic", "ai-based diagnostics",
                "ai-powered screening", "ai-assisted", "ai screening", "ai-based screening", "ai reading",
            ])
        add(
            "digital_health",
            ["digital health", "telemedicine", "telehealth", "digital therapeutic", "digital therapeutics"])
        add("medical_imaging", ["medical imaging", "imaging", "x-ray", "mammography", "radiograph", "mri", "ct scan"])
        add(
            "diagnostics",
            [
                "diagnostic", "diagnostics", "nipt", "in vitro diagnostic", "ivd", "test kit", "liquid biopsy",
                "companion diagnostic", "genomic test", "screening test",
            ])
        add("medtech_device", ["medical device", "medical devices", "surgical robot", "stent", "catheter", "implant"])
        add("other", ["sirna", "insulin", "probiotic", "probiotics", "radiopharmaceutical", "radioligand", "peptide"])
        return table
    }()

    let matcher = PhraseMatcher(phrases: Self.entries.map(\.0))

    /// The modalities named in `text`, in the contract's order, without duplicates.
    func modalities(in text: [UInt8]) -> [String] {
        Self.names(of: matcher.longestMatches(in: text))
    }

    /// The modalities `matches` (of ``matcher``) name, in the contract's order, without duplicates.
    static func names<Matches: Sequence<PhraseMatcher.Match>>(of matches: Matches) -> [String] {
        found(by: matches).names
    }

    /// The modalities `matches` (of ``matcher``) name, as a set.
    static func found<Matches: Sequence<PhraseMatcher.Match>>(by matches: Matches) -> Found {
        var found = Found()
        for match in matches { found.bits |= 1 << Self.orderIndex[match.phrase] }
        return found
    }

    /// A set of modalities, one bit per position in ``order``: the sentences of a deal and of an
    /// article are united without hashing names.
    struct Found: Sendable, Equatable {
        fileprivate var bits: UInt32 = 0

        var isEmpty: Bool { bits == 0 }

        /// The names, in the contract's order.
        var names: [String] {
            ModalityLexicon.order.indices.filter { bits & (1 << $0) != 0 }.map { ModalityLexicon.order[$0] }
        }

        static func | (left: Found, right: Found) -> Found { Found(bits: left.bits | right.bits) }
    }

    /// For each entry, the position of its modality in ``order`` (the last one, "other", when
    /// an entry names a modality missing there, which a test rules out).
    static let orderIndex: [Int] = entries.map { entry in order.firstIndex(of: entry.1) ?? order.count - 1 }

    static let order = [
        "adc", "car_t", "car_nk", "cell_therapy", "gene_therapy", "exosome", "antibody", "biosimilar",
        "small_molecule", "vaccine", "mrna", "ai_drug_discovery", "ai_diagnostics", "digital_health",
        "medical_imaging", "diagnostics", "medtech_device", "other",
    ]
}

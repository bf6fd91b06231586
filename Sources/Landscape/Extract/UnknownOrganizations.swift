/// Organisations the gazetteer does not know, found by the shape of their names: capitalised
/// words ending in a word organisations are named with ("Noeul Pharma", "Gyalpozhing College of
/// Information Technology", "Aska Pharmaceutical Co."), given a country from what the sentence
/// says around them ("Seoul-based", "Japanese", "of Taiwan", "(South Korea)").
struct UnknownOrganizations: Sendable {
    /// A name found, at bytes `range`.
    struct Found: Sendable, Hashable {
        let range: Range<Int>
        let name: String
        let kind: OrganizationKind
        let country: String?
    }

    /// Words that end an organisation's name, and the kind of body they say it is.
    static let heads = WordTable<OrganizationKind>(
        [
            "Bio", "Biologics", "Pharma", "Pharmaceutical", "Pharmaceuticals", "Pharm", "Therapeutics", "Biosciences",
            "Bioscience", "Biotech", "Biotechnology", "Biopharma", "Biopharmaceutical", "Biopharmaceuticals",
            "Biomedical", "Biomedicine", "Diagnostics", "Genomics", "Biotherapeutics", "Oncology", "Medicine",
            "Medicines", "Healthcare", "Lifesciences", "Laboratories", "Labs", "Vaccines", "Biosolutions",
        ].map { ($0, .company) } + [
            ("University", .university), ("College", .university), ("Hospital", .hospital), ("Clinic", .hospital),
            ("Institute", .researchInstitute), ("Academy", .researchInstitute), ("Laboratory", .researchInstitute),
        ])

    /// Words that end the name of a body whose name holds a head word before them ("Korea
    /// Biotechnology Industry Organization", "Pharma Research Center").
    private static let bodies = WordTable<OrganizationKind>([
        ("Organization", .other), ("Organisation", .other), ("Association", .other), ("Federation", .other),
        ("Council", .other), ("Society", .other), ("Foundation", .other), ("Center", .researchInstitute),
        ("Centre", .researchInstitute), ("Institute", .researchInstitute), ("University", .university),
        ("Hospital", .hospital),
    ])

    /// Words that may follow a head as part of the name.
    static let legalSuffixes = WordTable(words: [
        "Co", "Co.", "Ltd", "Ltd.", "Inc", "Inc.", "Corp", "Corp.", "Corporation", "Limited", "Holdings", "Group",
        "AG", "SA", "plc", "PLC", "GmbH", "KK", "K.K.", "JSC", "Pte", "Pvt", "LLC", "Sdn", "Bhd", "Tbk", "Pty",
    ])

    /// Capitalised words that begin sentences or describe rather than name.
    static let notNames = WordTable(words: [
        "The", "A", "An", "Its", "Their", "His", "Her", "Our", "This", "That", "These", "Those", "In", "On", "At",
        "For", "By", "With", "And", "But", "Under", "After", "Before", "While", "When", "As", "From", "To", "Both",
        "Global", "Local", "Chinese", "Korean", "Japanese", "Indian", "British", "American", "European", "Taiwanese",
        "Singaporean", "Australian", "Vietnamese", "Thai", "Malaysian", "Indonesian", "Philippine", "Swiss",
        "German", "French", "Belgian", "Danish", "Dutch", "Israeli", "Canadian", "Biotech", "Pharma", "Drugmaker",
        "Partner", "Partners", "Shares", "CEO", "Chairman", "President", "Dr", "Dr.", "Mr", "Ms", "Prof",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
        "April", "May", "June", "July", "August", "September", "October", "November", "December", "On", "Last",
        "Earlier", "Meanwhile", "Separately", "Filipino", "Hungarian", "Moroccan", "Turkish", "Emirati", "Saudi",
        "Qatari", "Israeli", "Spanish", "Italian", "Irish", "Brazilian", "Mexican", "Russian", "Asian",
    ])

    /// Words that continue a university's or institute's name with what follows.
    private static let nameContinuations = WordTable(words: ["of", "for"])

    /// Names found in `text`, none overlapping `known` (the gazetteer's hits).
    ///
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - known: byte ranges of organisations and places already recognised, in order.
    ///   - places: byte ranges of the places recognised, with their countries, for cues.
    /// - Returns: the names, in order.
    static func find(in text: [UInt8], known: [Range<Int>], places: [(range: Range<Int>, country: String)]) -> [Found] {
        let words = Self.words(text)
        var found: [Found] = []
        var index = 0
        while index < words.count {
            let head = words[index]
            // Heads are capitalised ASCII words: most words are passed over on their first byte.
            guard text[head.start] >= UInt8(ascii: "A"), text[head.start] <= UInt8(ascii: "Z"),
                let headKind = heads.value(text, head.range)
            else {
                index += 1
                continue
            }
            // Left: capitalised words, and "&" between two of them ("Smith & Nephew Biologics"); "and"
            // joins two names more often than it sits inside one.
            var first = index
            while first > 0 {
                let previous = words[first - 1]
                if previous.end != words[first].start - 1 && !isJoinedByPunctuation(text, previous, words[first]) {
                    break
                }
                // A place before the name says where it is from ("Seoul-based", "Taiwan's",
                // "Japanese"), unless it is written as the name's first word ("Korea Gene
                // Medicine", "Shanghai RMX Biopharma").
                if places.contains(where: { $0.range.overlaps(previous.range) }) {
                    let isFirstWord =
                        places.contains { $0.range == previous.range } && previous.end == words[first].start - 1
                        && isNamePart(text, previous)
                        && (first < 2 || !isNamePart(text, words[first - 2])
                            || words[first - 2].end != previous.start - 1)
                    if isFirstWord { first -= 1 }
                    break
                }
                // "Massachusetts-based Ariad": a base the places list lacks is still no part of the name.
                if ASCIIMatch.endsWith(text, at: previous.end, basedSuffix) { break }
                if isNamePart(text, previous) {
                    first -= 1
                } else if previous.isAmpersand, first >= 2, isNamePart(text, words[first - 2]),
                    !known.contains(where: { $0.overlaps(words[first - 2].range) })
                {
                    first -= 2
                } else {
                    break
                }
            }
            // Right: "of" and capitalised words after a university or institute, then legal suffixes.
            var last = index
            if headKind != .company {
                var probe = index + 1
                if probe < words.count, nameContinuations.contains(text, words[probe].range) {
                    probe += 1
                    while probe < words.count, isCapitalised(text, words[probe]),
                        words[probe].start == words[probe - 1].end + 1
                    {
                        last = probe
                        probe += 1
                    }
                }
            }
            // "Korea Biotechnology Industry Organization": capitalised words after the head that
            // end, within three, in a body's word make that body's name, and it is of that kind.
            var bodyKind: OrganizationKind?
            var probe = last + 1
            while probe < words.count, probe <= last + 3, words[probe].start == words[probe - 1].end + 1,
                isCapitalised(text, words[probe])
            {
                if let kind = bodies.value(text, words[probe].range) {
                    last = probe
                    bodyKind = kind
                    break
                }
                probe += 1
            }
            let beforeSuffixes = last
            while last + 1 < words.count, legalSuffixes.contains(text, words[last + 1].range),
                words[last + 1].start <= words[last].end + 2
            {
                last += 1
            }
            // A legal suffix makes a company, whatever its head says ("Medi Linx Laboratory Inc.").
            let kind = last > beforeSuffixes ? .company : bodyKind ?? headKind
            var range = words[first].start..<words[last].end
            // A head after a name already found extends it ("Medical University" + "Hospital"):
            // one organisation, never two overlapping ones.
            if let previous = found.last, previous.range.overlaps(range) {
                found.removeLast()
                range = min(previous.range.lowerBound, range.lowerBound)..<range.upperBound
            }
            let isOnlyHead = first == index && last == index
            // A known one-word name opening a longer one is that longer name's first word:
            // "Temasek Life Sciences Laboratory" is not Temasek.
            let overlapsKnown = known.contains { knownRange in
                guard knownRange.overlaps(range) else { return false }
                let opensLongerName =
                    knownRange.lowerBound == range.lowerBound && !text[knownRange].contains(0x20)
                    && words[first + 1...last].filter { $0.start >= knownRange.upperBound }.count >= 2
                return !opensLongerName
            }
            if !isOnlyHead, !overlapsKnown, first < index || kind != .company {
                let name = String(decoding: text[range], as: UTF8.self)
                found.append(
                    Found(
                        range: range, name: name, kind: kind,
                        country: CountryCues.country(of: range, in: text, places: places, organizations: known)
                    )
                )
            }
            index = last + 1
        }
        return found
    }

    private static let basedSuffix = Array("-based".utf8)

    /// A word at bytes `start..<end`, or an "&" standing alone.
    private struct Word {
        let start: Int
        let end: Int
        var isAmpersand = false
        var range: Range<Int> { start..<end }
    }

    /// Words: runs of letters, digits and `.`, `-`, `'` inside a word.
    private static func words(_ text: [UInt8]) -> [Word] {
        var words: [Word] = []
        words.reserveCapacity(text.count / 6)
        // Every byte of every text passes here: read through a buffer, without bounds checks.
        text.withUnsafeBufferPointer { bytes in
            let count = bytes.count
            var index = 0
            while index < count {
                let byte = bytes[index]
                guard isWordByte(byte) else {
                    if byte == UInt8(ascii: "&") { words.append(Word(start: index, end: index + 1, isAmpersand: true)) }
                    // Past the whole character: a curly quote or a dash is several bytes.
                    let start = index
                    index += 1
                    if byte >= 0xC0 {
                        while index < count, index < start + 4, bytes[index] & 0xC0 == 0x80 { index += 1 }
                    }
                    continue
                }
                let start = index
                while index < count, isWordByte(bytes[index]) || bytes[index] == UInt8(ascii: "-") { index += 1 }
                var end = index
                while end > start, bytes[end - 1] == UInt8(ascii: "-") { end -= 1 }
                // A full stop belongs to abbreviations like "Co." and "Ltd.", not to the sentence.
                if index < count, bytes[index] == UInt8(ascii: "."), end - start <= 4,
                    legalSuffixes.contains(text, start..<(end + 1))
                {
                    end += 1
                    index += 1
                }
                words.append(Word(start: start, end: end))
            }
        }
        return words
    }

    /// A word the name may be built of and that does not describe: "Noeul", "GC", "3D".
    /// A word that may begin or continue a name before its head: capitalised, not a describing
    /// word, not a bare number ("April 17 Agila Biotech" begins at "Agila").
    private static func isNamePart(_ text: [UInt8], _ word: Word) -> Bool {
        !word.isAmpersand && isCapitalised(text, word) && !notNames.contains(text, word.range)
            && !text[word.range].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// Words the name may be built of: capitalised, all capitals, or with digits.
    private static func isCapitalised(_ text: [UInt8], _ word: Word) -> Bool {
        guard !word.isAmpersand else { return false }
        let first = text[word.start]
        if first < 0x80 {
            return (first >= 0x41 && first <= 0x5A) || (first >= 0x30 && first <= 0x39)
        }
        let scalar = String(decoding: text[word.start..<min(word.end, word.start + 4)], as: UTF8.self)
            .unicodeScalars.first
        return scalar?.properties.isUppercase ?? false
    }

    /// "Noeul, Pharma" is two things, "Noeul-Pharma" is one.
    private static func isJoinedByPunctuation(_ text: [UInt8], _ left: Word, _ right: Word) -> Bool {
        right.start == left.end + 1 && text[left.end] == UInt8(ascii: "-")
    }

    /// A stable id part for a name: lower-case letters and digits, words joined by `-`.
    static func slug(_ name: String) -> String {
        guard name.utf8.allSatisfy({ $0 < 0x80 }) else {
            return name.lowercased().split { !($0.isLetter || $0.isNumber) }.joined(separator: "-")
        }
        // ASCII names, nearly all of them, without Character properties.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.utf8.count)
        for byte in name.utf8 {
            if isWordByte(byte) {
                bytes.append(foldASCII(byte))
            } else if let last = bytes.last, last != UInt8(ascii: "-") {
                bytes.append(UInt8(ascii: "-"))
            }
        }
        if bytes.last == UInt8(ascii: "-") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

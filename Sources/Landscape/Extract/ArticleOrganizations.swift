/// The organisations one article names that the gazetteer does not know, and every form the
/// article writes them in.
///
/// A name found once in a party slot is the same organisation everywhere in the article: in a
/// sentence that reports nothing, by its first word alone once the full name was given
/// ("Verano Pharmaceuticals" … "Verano"), or by the abbreviation put in brackets after it
/// ("Hong Kong Investment Corporation (HKIC)"). Indexes are stable: organisation `i` of the
/// article is `local[i]`.
struct ArticleOrganizations {
    private(set) var local: [Organization] = []
    /// Each organisation's core words (``core(_:)``), beside it: every new name is compared
    /// with them all. Changed only through ``append(_:)`` and ``replace(_:with:)``.
    private var cores: [[Substring]] = []
    /// Each form to look for, with the index of the organisation it stands for: one of
    /// `local`, or (`isKnown`) one of the gazetteer.
    private var forms: [(bytes: [UInt8], index: Int, isKnown: Bool)] = []

    var hasForms: Bool { !forms.isEmpty }

    /// The gazetteer organisation that owns a local one, by local index: "Pfizer Malaysia" is
    /// Pfizer's unit in Malaysia.
    private(set) var owners: [Int: Int] = [:]

    /// Records that gazetteer organisation `owner` owns local organisation `index`.
    mutating func setOwner(_ owner: Int, of index: Int) {
        if owners[index] == nil { owners[index] = owner }
    }

    /// The index of a counterparty the article describes but does not name ("a Qatari
    /// distributor"): its name is empty, and no form of it is looked for in the text.
    mutating func addDescribed(country: String, kind: OrganizationKind, noun: String) -> Int {
        let id = "unnamed:" + country.lowercased() + "-" + UnknownOrganizations.slug(noun)
        if let existing = local.firstIndex(where: { $0.id == id }) { return existing }
        append(Organization(id: id, name: "", aliases: [], country: country, kind: kind))
        return local.count - 1
    }

    /// Adds a short form of a gazetteer organisation the article names in full.
    mutating func addForm(_ name: String, ofKnown index: Int) {
        let bytes = Array(name.utf8)
        if !forms.contains(where: { $0.bytes == bytes }) { forms.append((bytes, index, true)) }
    }

    /// The index of the organisation named `name`, added when new. A name that is the first
    /// word of one already known, or whose first word is one already known, is that one.
    mutating func add(name: String, kind: OrganizationKind, country: String?) -> Int {
        let id = "unknown:" + UnknownOrganizations.slug(name)
        if let existing = local.firstIndex(where: { $0.id == id }) {
            fillCountry(existing, country)
            return existing
        }
        // "RMX Biopharma Co. Ltd." and "Shanghai RMX Biopharma" are one company: the same
        // words once legal suffixes go, one name ending with the other.
        let core = local.isEmpty ? [] : Self.core(name)
        if core.count >= 2 || (core.count == 1 && core[0].count >= 4),
            let existing = cores.firstIndex(where: { other in
                other.count >= core.count
                    ? other.suffix(core.count) == core[...] : core.suffix(other.count) == other[...] && other.count >= 2
            })
        {
            // The fuller name is the name: "Lotus Harbour Holdings" over "Lotus Harbour".
            if core.count > cores[existing].count
                || (core.count == cores[existing].count
                    && name.utf8.count > local[existing].name.utf8.count)
            {
                let old = local[existing]
                replace(
                    existing,
                    with: Organization(
                        id: "unknown:" + UnknownOrganizations.slug(name), name: name, aliases: old.aliases + [old.name],
                        country: old.country ?? country, kind: old.kind))
            } else {
                fillCountry(existing, country)
            }
            forms.append((Array(name.utf8), existing, false))
            return existing
        }
        // "EPD Bio" for "EPD Biotherapeutics": the same first word, each word a prefix of the
        // other's.
        if !local.isEmpty, let existing = cores.firstIndex(where: { Self.abbreviates(core, $0) }) {
            forms.append((Array(name.utf8), existing, false))
            return existing
        }
        let nameWords = local.isEmpty ? [] : name.split(separator: " ")
        if !local.isEmpty,
            let existing = local.firstIndex(where: { organization in
                let words = organization.name.split(separator: " ")
                return (nameWords.count == 1 && words.count > 1 && words[0] == nameWords[0])
                    || (words.count == 1 && nameWords.count > 1 && nameWords[0] == words[0])
            })
        {
            if local[existing].name.split(separator: " ").count == 1 {
                // The full name came second: it becomes the name, the short one a form.
                let old = local[existing]
                replace(
                    existing,
                    with: Organization(
                        id: id, name: name, aliases: [old.name], country: old.country ?? country,
                        kind: old.kind == .company ? kind : old.kind))
                forms.append((Array(name.utf8), existing, false))
            } else {
                fillCountry(existing, country)
                forms.append((Array(name.utf8), existing, false))
            }
            return existing
        }
        append(Organization(id: id, name: name, aliases: [], country: country, kind: kind))
        let index = local.count - 1
        forms.append((Array(name.utf8), index, false))
        if let space = name.firstIndex(of: " "), Self.isShortForm(name[..<space]) {
            forms.append((Array(name[..<space].utf8), index, false))
        }
        return index
    }

    /// Adds the abbreviation written in brackets right after the organisation's name, if any.
    mutating func addBracketedAbbreviation(in text: [UInt8], after end: Int, of index: Int) {
        var start = end
        while start < text.count, text[start] == 0x20 { start += 1 }
        guard start < text.count, text[start] == UInt8(ascii: "(") else { return }
        var first = start + 1
        // “HKIC” or "HKIC" inside the brackets.
        if first + 2 < text.count, text[first] == 0xE2 {
            first += 3
        } else if first < text.count,
            text[first] == UInt8(ascii: "\"")
        {
            first += 1
        }
        var last = first
        while last < text.count, last - first <= 12, isWordByte(text[last]) || text[last] == 0x20 {
            last += 1
        }
        guard last > first + 1, last < text.count else { return }
        let candidate = text[first..<last]
        // An abbreviation or a short name, capitalised; not a ticker ("TW:4162") or a year.
        guard let head = candidate.first, head >= UInt8(ascii: "A"), head <= UInt8(ascii: "Z"),
            !candidate.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return }
        let bytes = Array(candidate)
        if !forms.contains(where: { $0.bytes == bytes }) { forms.append((bytes, index, false)) }
    }

    /// Every whole-word occurrence of a form in `text` that overlaps none of `taken`, in order,
    /// with the organisation index it stands for (the article's own numbered from `base`).
    func occurrences(in text: [UInt8], taken: [Range<Int>], base: Int) -> [(range: Range<Int>, index: Int)] {
        guard !forms.isEmpty else { return [] }
        var found: [(range: Range<Int>, index: Int)] = []
        // Longest forms first, so "Verano Pharmaceuticals" wins over "Verano".
        for form in forms.sorted(by: { $0.bytes.count > $1.bytes.count }) {
            let bytes = form.bytes
            guard let head = bytes.first, bytes.count <= text.count else { continue }
            var start = 0
            let last = text.count - bytes.count
            while start <= last {
                // Skip to the next byte that can begin the form.
                guard let next = Self.firstIndex(of: head, in: text, from: start, through: last) else { break }
                start = next
                if Self.matches(text, start, bytes) {
                    let range = start..<(start + bytes.count)
                    let isWhole =
                        (start == 0 || !isWordByte(text[start - 1]))
                        && (range.upperBound == text.count || !isWordByte(text[range.upperBound]))
                    if isWhole, !taken.contains(where: { $0.overlaps(range) }),
                        !found.contains(where: { $0.range.overlaps(range) })
                    {
                        found.append((range, form.isKnown ? form.index : base + form.index))
                    }
                    start = range.upperBound
                } else {
                    start += 1
                }
            }
        }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Whether one name shortens the other word by word ("EPD Bio", "EPD Biotherapeutics Co. Ltd.").
    private static func abbreviates(_ left: [Substring], _ right: [Substring]) -> Bool {
        guard left.count == right.count, left.count >= 2, left != right, left[0] == right[0] else { return false }
        return zip(left, right).allSatisfy { $0.hasPrefix($1) || $1.hasPrefix($0) }
    }

    private mutating func append(_ organization: Organization) {
        local.append(organization)
        cores.append(Self.core(organization.name))
    }

    private mutating func replace(_ index: Int, with organization: Organization) {
        local[index] = organization
        cores[index] = Self.core(organization.name)
    }

    /// The words of a name without legal suffixes at its end.
    private static func core(_ name: String) -> [Substring] {
        var words = name.split(separator: " ")
        while let last = words.last, words.count > 1,
            UnknownOrganizations.legalSuffixes.contains(Array(last.utf8), 0..<last.utf8.count)
                || last.hasSuffix(",")
        {
            words.removeLast()
        }
        return words
    }

    /// Sets the country of organisation `index` when it has none.
    mutating func setCountry(_ country: String, of index: Int) {
        fillCountry(index, country)
    }

    private mutating func fillCountry(_ index: Int, _ country: String?) {
        guard local[index].country == nil, let country else { return }
        let old = local[index]
        replace(
            index,
            with: Organization(id: old.id, name: old.name, aliases: old.aliases, country: country, kind: old.kind))
    }

    private static func firstIndex(of byte: UInt8, in text: [UInt8], from start: Int, through last: Int) -> Int? {
        text.withUnsafeBufferPointer { buffer in
            var index = start
            while index <= last {
                if buffer[index] == byte { return index }
                index += 1
            }
            return nil
        }
    }

    private static func matches(_ text: [UInt8], _ start: Int, _ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            guard text[start + index] == bytes[index] else { return false }
            index += 1
        }
        return true
    }

    /// A first word that can stand for its name: long enough, and not a word that begins many
    /// names ("Korea", "Global", "Bio").
    private static func isShortForm(_ word: Substring) -> Bool {
        let bytes = Array(word.utf8)
        return bytes.count >= 4 && !UnknownOrganizations.notNames.contains(bytes, 0..<bytes.count)
            && UnknownOrganizations.heads.value(bytes, 0..<bytes.count) == nil
            && !genericFirstWords.contains(bytes, 0..<bytes.count)
    }

    private static let genericFirstWords = WordTable(words: [
        "China", "Korea", "Japan", "India", "Taiwan", "Hong", "Singapore", "Shanghai", "Beijing", "Seoul", "Tokyo",
        "National", "Royal", "General", "United", "First", "New", "Asia", "Pacific", "International", "American",
        "Medical", "Health", "Life", "Drug", "Ministry", "University", "Institute", "Health", "Advanced", "Applied",
        "Central", "Western", "Eastern", "Southern", "Northern", "Guangzhou", "Shenzhen", "Osaka", "Sun", "Green",
    ])
}

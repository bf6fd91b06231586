/// Organisations found by where a deal sentence names them, not by what their names look like.
///
/// Most counterparties in deal news are names no list holds and no head word marks: "Dimerix
/// has signed a licence with Taiba", "Telix agreed to buy ARTMS", "a binding term sheet with
/// Nippon Shinyaku Co. Ltd.". A run of capitalised words is an organisation when it sits in a
/// party slot of a sentence that reports a deal: the subject of a deal verb ("X has signed",
/// "X, a Canadian biotech, agreed"), the object of "with / to / from / by / between / acquire",
/// after a describing noun or a country ("Filipino firm X", "Canada's X"), in front of a
/// possessive deal noun ("X's licence"), or in a list with such a name. Persons (after a title
/// or "said", before ", CEO"), places, product codes ("DMX-200"), months, weekdays and
/// regulators are not organisations.
enum PartySlotNames {
    /// A name found, at bytes `range`.
    struct Found {
        let range: Range<Int>
        let kind: OrganizationKind
        let country: String?
    }

    /// The names in party slots of one deal sentence.
    ///
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - words: the sentence's words.
    ///   - taken: byte ranges of the organisations already recognised in the sentence.
    ///   - places: places recognised in the text, with their countries, in order.
    ///   - trigger: where the sentence's first deal word begins: only a subject before it is
    ///     taken on an apposition alone ("Noeul, a diagnostics specialist, signed").
    /// - Returns: the names, in order, none overlapping `taken`.
    static func find(
        in text: [UInt8], words: [SentenceWords.Word], taken: [Range<Int>],
        places: [(range: Range<Int>, country: String)], trigger: Int
    ) -> [Found] {
        // The sentence's names in order: runs to judge, and the known names, which carry a list.
        // A run that is only a place ("San Diego's") is no name and stands in no list.
        var items: [(run: Run, isKnown: Bool)] = nameRuns(text, words, places: places).compactMap { run in
            let range = words[run.first].start..<words[run.last].end
            if taken.contains(where: { $0.overlaps(range) }) { return nil }
            if (run.first...run.last).allSatisfy({ index in places.contains { $0.range.overlaps(words[index].range) } })
            {
                return nil
            }
            return (run, false)
        }
        for range in taken {
            guard let first = words.firstIndex(where: { $0.start == range.lowerBound }),
                let last = words[first...].firstIndex(where: { $0.end >= range.upperBound })
            else { continue }
            items.append((Run(first: first, last: last), true))
        }
        items.sort { $0.run.first < $1.run.first }
        let runs = items.map(\.run)
        var found: [Found] = []
        var acceptedRuns: [Int] = []  // indexes into `runs` of the names found, to carry lists on
        let shaped = items.map { item in item.isKnown || isOrganizationShaped(text, words, item.run, places: places) }
        // "X and Y signed", "X, Y and Z formed": a name coordinated with a subject of its own,
        // found from the last.
        var coordinated = [Bool](repeating: false, count: runs.count)
        for index in runs.indices.reversed() where shaped[index] && index + 1 < runs.count && shaped[index + 1] {
            let next = runs[index + 1]
            if isListed(text, words, after: runs[index], before: next, places: places),
                coordinated[index + 1] || slotAfter(text, words, next, trigger: trigger, places: places)
            {
                coordinated[index] = true
            }
        }
        for (runIndex, run) in runs.enumerated() where shaped[runIndex] && !items[runIndex].isKnown {
            let range = words[run.first].start..<words[run.last].end
            // "Risk is shared": a lone ordinary word that opens the sentence.
            guard coordinated[runIndex] || !isOrdinaryOpener(text, words, run, places: places) else { continue }
            let listed =
                coordinated[runIndex]
                || (acceptedRuns.last.map { isListed(text, words, after: runs[$0], before: run, places: places) }
                    ?? false)
                || isListedAfterKnown(text, words, run, taken: taken)
            guard listed || isInSlot(text, words, run, places: places, trigger: trigger) else { continue }
            guard !isDefinedTerm(text, words[run.first], run) else { continue }
            let named =
                taken + found.map(\.range) + runs[(runIndex + 1)...].map { words[$0.first].start..<words[$0.last].end }
            found.append(
                Found(
                    range: range, kind: kind(text, words, run),
                    country: CountryCues.country(of: range, in: text, places: places, organizations: named)))
            acceptedRuns.append(runIndex)
        }
        return found
    }

    /// Whether the sentence has a word that could begin a name no recogniser has covered: a
    /// capital, a digit or a letter beyond ASCII at a word's start outside every known name and
    /// place, or a capital inside a lower-case word ("iNova"). Most deal sentences name only
    /// known organisations, and are passed over without being split into words.
    static func mayHoldNames(
        _ text: [UInt8], _ sentence: Range<Int>, covered: [Range<Int>],
        places: [(range: Range<Int>, country: String)]
    ) -> Bool {
        var index = sentence.lowerBound
        var isWordStart = true
        while index < sentence.upperBound {
            let byte = text[index]
            let isLetter = isWordByte(byte)
            if isLetter, isWordStart || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) {
                // A capital inside a word counts as "iNova" does, not as "mRNA" does.
                let isInnerCapital =
                    !isWordStart
                    && (text[index - 1] == UInt8(ascii: ".")
                        || text[index..<sentence.upperBound].prefix { isWordByte($0) }.contains {
                            $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")
                        })
                let isCandidate =
                    isInnerCapital || (isWordStart && (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")))
                    || (isWordStart && byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || (isWordStart && byte >= 0x80)
                if isCandidate {
                    if let known = covered.first(where: { $0.contains(index) })
                        ?? places.first(where: {
                            $0.range.contains(index)
                        })?.range
                    {
                        index = known.upperBound
                        isWordStart = false
                        continue
                    }
                    // Function words, common abbreviations and regions begin no name.
                    let wordEnd =
                        text[index..<sentence.upperBound].firstIndex { !isWordByte($0) }
                        ?? sentence.upperBound
                    let word = index..<wordEnd
                    // A number is no name; "3SBio" is, with letters after its digit.
                    let isNumber =
                        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                        && text[word].count { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") } < 3
                    if isWordStart, !isNumber, !notNames.contains(text, word), !commonAcronyms.contains(text, word),
                        !regions.contains(text, word)
                    {
                        return true
                    }
                    if isInnerCapital { return true }
                    index = wordEnd
                    isWordStart = false
                    continue
                }
            }
            isWordStart = !isLetter && byte != UInt8(ascii: "-") && byte != UInt8(ascii: "'")
            index += 1
        }
        return false
    }

    /// Consecutive name words, `first...last` into the words.
    struct Run {
        var first: Int
        var last: Int
    }

    /// Runs of name words joined by single spaces, "&", "of" after an institution word, a legal
    /// suffix, or a bracketed country ("Pelion (USA) Inc."); leading function words dropped.
    private static func nameRuns(
        _ text: [UInt8], _ words: [SentenceWords.Word], places: [(range: Range<Int>, country: String)]
    ) -> [Run] {
        var runs: [Run] = []
        var index = 0
        while index < words.count {
            guard isNameWord(text, words[index]), !breakWords.contains(text, words[index].range) else {
                index += 1
                continue
            }
            var run = Run(first: index, last: index)
            var next = index + 1
            var sawOf = false
            while next < words.count, !words[run.last].isPossessive {
                let word = words[next]
                if breakWords.contains(text, word.range) { break }
                if isNameWord(text, word) || legalSuffixes.contains(text, word.range) {
                    run.last = next
                    next += 1
                } else if next + 1 < words.count, isNameWord(text, words[next + 1]),
                    ampersand.contains(text, word.range)
                        || (connectors.contains(text, word.range)
                            && institutionWords.contains(text, words[run.last].range))
                        || (sawOf && andWord.contains(text, word.range))
                        || (andWord.contains(text, word.range) && run.last > run.first
                            && !endsName(text, words, run) && endsInInstitution(text, words, from: next + 1))
                {
                    // "Ministry of Food and Drug Safety": "and" goes on a name only after its "of".
                    sawOf = sawOf || connectors.contains(text, word.range)
                    run.last = next + 1
                    next += 2
                } else if next + 2 < words.count, text[word.start] == UInt8(ascii: "("),
                    text[words[next + 2].start] == UInt8(ascii: ")"),
                    places.contains(where: { $0.range == words[next + 1].range }),
                    next + 3 < words.count, legalSuffixes.contains(text, words[next + 3].range)
                {
                    run.last = next + 3  // "Pelion (USA) Inc."
                    next += 4
                } else {
                    break
                }
            }
            // "The", "On Monday", "Under" begin sentences, not names.
            while run.first <= run.last, notNames.contains(text, words[run.first].range) { run.first += 1 }
            // "Massachusetts-based Ariad", "Frenchman Christophe Weber": a place or a person's
            // nationality before the name is no part of it (and says what the name is).
            while run.first < run.last,
                ASCIIMatch.endsWith(text, at: words[run.first].end, basedSuffix)
                    || personNationals.contains(text, words[run.first].range)
            {
                run.first += 1
            }
            // A heading run into its first line ("Marubeni Corporation Marubeni Corporation"):
            // the name once.
            let length = run.last - run.first + 1
            if length >= 2, length % 2 == 0,
                (0..<(length / 2)).allSatisfy({
                    text[words[run.first + $0].range].elementsEqual(text[words[run.first + length / 2 + $0].range])
                })
            {
                run.first += length / 2
            }
            if run.first <= run.last { runs.append(run) }
            index = next
            // A bracket right after a name holds its alias or listing ("(“LSI”)", "(TW: 6461)"),
            // not another name.
            if index < words.count, text[words[index].start] == UInt8(ascii: "(") {
                var close = index + 1
                while close < min(words.count, index + 8), text[words[close].start] != UInt8(ascii: ")") { close += 1 }
                if close < words.count, text[words[close].start] == UInt8(ascii: ")") { index = close + 1 }
            }
        }
        return runs
    }

    /// Capitalised ("Taiba"), all capitals ("ARTMS"), a digit then letters ("3SBio"), or lower
    /// case with a capital inside ("iNova", "inno.V").
    private static func isNameWord(_ text: [UInt8], _ word: SentenceWords.Word) -> Bool {
        guard !word.isPunctuation else { return false }
        // "US-based", "Seoul-listed", "Kashiwa-no-ha": a lower-case part after the last hyphen
        // describes or is no name.
        if let hyphen = text[word.range].lastIndex(of: UInt8(ascii: "-")), hyphen + 1 < word.end,
            text[hyphen + 1] >= UInt8(ascii: "a"), text[hyphen + 1] <= UInt8(ascii: "z")
        {
            return false
        }
        let first = text[word.start]
        if first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") { return true }
        if first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") {
            return text[word.range].contains { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }
        }
        if first >= 0x80 {
            let scalar = String(decoding: text[word.start..<min(word.end, word.start + 4)], as: UTF8.self)
                .unicodeScalars.first
            return scalar?.properties.isUppercase ?? false
        }
        // "iNova", "eGenesis", "inno.V"; not "anti-Infectives", where the capital only follows a
        // hyphen, nor "siRNA" and "mRNA", where capitals end the word.
        guard
            let capital = ((word.start + 1)..<word.end).first(where: { index in
                text[index] >= UInt8(ascii: "A") && text[index] <= UInt8(ascii: "Z")
                    && text[index - 1] != UInt8(ascii: "-")
            })
        else { return false }
        return text[capital - 1] == UInt8(ascii: ".")
            || text[(capital + 1)..<word.end].contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
    }

    /// Whether the run can be an organisation's name at all, wherever it stands.
    private static func isOrganizationShaped(
        _ text: [UInt8], _ words: [SentenceWords.Word], _ run: Run,
        places: [(range: Range<Int>, country: String)]
    ) -> Bool {
        let range = words[run.first].start..<words[run.last].end
        // Places alone, and names made only of words that are not names ("FDA", "CEO").
        if places.contains(where: { $0.range == range }) { return false }
        let nameWords = (run.first...run.last).filter { index in
            !notNames.contains(text, words[index].range) && !commonAcronyms.contains(text, words[index].range)
                && !places.contains { $0.range == words[index].range }
        }
        guard !nameWords.isEmpty, !nameWords.allSatisfy({ legalSuffixes.contains(text, words[$0].range) }) else {
            return false
        }
        if nameWords.allSatisfy({ regions.contains(text, words[$0].range) }) { return false }
        if isProduct(text, words, run) { return false }

        // A product code: one word with a digit ("DMX-200", "BAT2206", "LCB97"), unless a
        // head names a company ("3SBio").
        if run.first == run.last {
            let word = words[run.first]
            let hasDigit = text[word.range].contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            if hasDigit, UnknownOrganizations.heads.value(text, word.range) == nil { return false }
            if word.end - word.start < 3 { return false }
        }
        return !isPerson(text, words, run)
    }

    /// A product rather than its maker: a trademark sign after it, a generic name in brackets
    /// after it ("Darzalex Faspro (daratumumab …)"), or a one-word name with the stem of a
    /// drug's generic name ("Sintilimab", "Fexuprazan", "Deramiocel").
    private static func isProduct(_ text: [UInt8], _ words: [SentenceWords.Word], _ run: Run) -> Bool {
        // "its LuLym-T", "its antiviral candidate Xafty", "the drug Zelvora": what a company owns.
        if run.first >= 1 {
            let before = words[run.first - 1].range
            if possessivePronouns.contains(text, before) || productNouns.contains(text, before) { return true }
        }
        let end = words[run.last].end
        if end + 1 < text.count, text[end] == 0xC2, text[end + 1] == 0xAE { return true }  // ®
        if end + 2 < text.count, text[end] == 0xE2, text[end + 1] == 0x84, text[end + 2] == 0xA2 { return true }  // ™
        if run.last + 2 < words.count, text[words[run.last + 1].start] == UInt8(ascii: "("),
            text[words[run.last + 2].start] >= UInt8(ascii: "a"), text[words[run.last + 2].start] <= UInt8(ascii: "z")
        {
            return true
        }
        // "licenses COPD drug": a name right before a product noun qualifies the product.
        if run.last + 1 < words.count, productNouns.contains(text, words[run.last + 1].range) { return true }
        // "ISB 2001", "HLX 43": a code and its number.
        if run.last + 1 < words.count, text[words[run.last + 1].range].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return true
        }
        guard run.first == run.last else { return false }
        let wordEnd = words[run.first].end
        return drugStems.contains { ASCIIMatch.endsWith(text, at: wordEnd, $0) }
    }

    /// Whether any of the article's texts writes `name` as something other than an
    /// organisation, somewhere a deal sentence elsewhere may put it in a party slot with
    /// nothing near it saying what it is ("a licence so that Xafty can be used", "Darwazah said
    /// the agreement"): as a product (after a possessive or a product noun, "its antiviral
    /// candidate Xafty", or with a trademark sign) or as a person (a title before it, "CEO
    /// Darwazah", or in apposition after it, "Mazen Darwazah, Hikma's Vice Chairman").
    /// One pass over the texts per name; only names found by their slot are asked about.
    static func isWrittenAsProductOrPerson(_ name: ArraySlice<UInt8>, in texts: [[UInt8]]) -> Bool {
        guard let first = name.first else { return false }
        for text in texts {
            var index = 0
            while index + name.count <= text.count {
                defer { index += 1 }
                guard text[index] == first, text[index..<(index + name.count)].elementsEqual(name) else { continue }
                let occurrence = index..<(index + name.count)
                if index > 0, isWordByte(text[index - 1]) { continue }
                if occurrence.upperBound < text.count, isWordByte(text[occurrence.upperBound]) { continue }
                if isProductOccurrence(text, occurrence) || isPersonOccurrence(text, occurrence) { return true }
            }
        }
        return false
    }

    /// "its Xafty", "the drug Xafty", "Xafty®", "Xafty™".
    private static func isProductOccurrence(_ text: [UInt8], _ occurrence: Range<Int>) -> Bool {
        let end = occurrence.upperBound
        if end + 1 < text.count, text[end] == 0xC2, text[end + 1] == 0xAE { return true }  // ®
        if end + 2 < text.count, text[end] == 0xE2, text[end + 1] == 0x84, text[end + 2] == 0xA2 { return true }  // ™
        guard let before = wordBefore(text, occurrence.lowerBound, allowingPeriods: false) else { return false }
        return possessivePronouns.contains(text, before) || productNouns.contains(text, before)
    }

    /// "CEO Darwazah", "Darwazah, the founder", "Darwazah, Hikma's Vice Chairman".
    private static func isPersonOccurrence(_ text: [UInt8], _ occurrence: Range<Int>) -> Bool {
        if let before = wordBefore(text, occurrence.lowerBound, allowingPeriods: true),
            personTitlesBefore.contains(text, before)
        {
            return true
        }
        let end = occurrence.upperBound
        guard end + 2 < text.count, text[end] == UInt8(ascii: ","), text[end + 1] == 0x20 else { return false }
        var words: [Range<Int>] = []
        var cursor = end + 2
        while words.count < 2, cursor < text.count {
            let start = cursor
            while cursor < text.count, text[cursor] != 0x20, text[cursor] != UInt8(ascii: ",") { cursor += 1 }
            words.append(start..<cursor)
            guard cursor < text.count, text[cursor] == 0x20 else { break }
            cursor += 1
        }
        guard let next = words.first else { return false }
        if personCuesAfter.contains(text, next) { return true }
        let isPossessive =
            ASCIIMatch.endsWith(text, at: next.upperBound, apostropheS)
            || ASCIIMatch.endsWith(text, at: next.upperBound, curlyApostropheS)
        return words.count == 2 && (isPossessive || articles.contains(text, next))
            && personCuesAfter.contains(text, words[1])
    }

    /// The word just before byte `start`, across one space ("Dr." with its period when allowed).
    private static func wordBefore(_ text: [UInt8], _ start: Int, allowingPeriods: Bool) -> Range<Int>? {
        guard start >= 2, text[start - 1] == 0x20 else { return nil }
        var first = start - 1
        while first > 0, isWordByte(text[first - 1]) || (allowingPeriods && text[first - 1] == UInt8(ascii: ".")) {
            first -= 1
        }
        return first..<(start - 1)
    }

    private static let apostropheS = Array("'s".utf8)
    private static let curlyApostropheS = Array("’s".utf8)
    /// Titles before a name that make it a person's (fewer than ``personCuesBefore``: not
    /// "said" or "according", which also come before companies).
    private static let personTitlesBefore = WordTable(
        words: [
            "ceo", "chairman", "chairwoman", "president", "minister", "dr.", "dr", "mr.", "mr", "ms.", "ms", "mrs.",
            "prof.", "professor", "founder", "co-founder", "analyst", "cfo", "coo", "cso", "cto",
        ], isCaseBlind: true)

    /// An abbreviation the text defines for a term: "Duchenne muscular dystrophy (DMD)", where
    /// the words before the bracket are not capitalised.
    private static func isDefinedTerm(_ text: [UInt8], _ word: SentenceWords.Word, _ run: Run) -> Bool {
        guard run.first == run.last, word.end - word.start <= 6,
            text[word.range].allSatisfy({ !($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) })
        else { return false }
        var bracketed = [UInt8(ascii: "(")]
        bracketed += text[word.range]
        bracketed.append(UInt8(ascii: ")"))
        var index = 0
        while index + bracketed.count <= text.count {
            if text[index] == UInt8(ascii: "("), text[index..<(index + bracketed.count)].elementsEqual(bracketed) {
                // The word just before the bracket: lower case makes it a term.
                var end = index
                while end > 0, text[end - 1] == 0x20 { end -= 1 }
                if end > 0, text[end - 1] >= UInt8(ascii: "a"), text[end - 1] <= UInt8(ascii: "z") {
                    var start = end - 1
                    while start > 0,
                        isWordByte(text[start - 1]) || text[start - 1] == UInt8(ascii: "-")
                    {
                        start -= 1
                    }
                    if text[start] >= UInt8(ascii: "a"), text[start] <= UInt8(ascii: "z") { return true }
                }
            }
            index += 1
        }
        return false
    }

    /// A lone word that opens the sentence, followed by a lower-case word that is not a deal
    /// verb, and never capitalised inside a sentence: an ordinary word ("Risk is shared", "Sales
    /// rose"), where "Norvana has signed", "Norvana (KOSDAQ: 1234) signed", "Norvana, a Korean
    /// biotech," and "Norvana of Taiwan" begin with a name.
    private static func isOrdinaryOpener(
        _ text: [UInt8], _ words: [SentenceWords.Word], _ run: Run, places: [(range: Range<Int>, country: String)]
    ) -> Bool {
        guard run.first == run.last, run.first == 0 || words[run.first - 1].isPunctuation else { return false }
        let after = run.last + 1
        guard after < words.count else { return !isCapitalisedInside(text, words[run.first]) }
        let next = words[after]
        if next.isPunctuation || strongVerbsAfter.contains(text, next.range) { return false }
        if connectorOf.contains(text, next.range) || inWord.contains(text, next.range), after + 1 < words.count,
            places.contains(where: { $0.range.overlaps(words[after + 1].range) })
        {
            return false
        }
        return !isCapitalisedInside(text, words[run.first])
    }

    /// Whether the word is written with its capital somewhere not at a sentence's start.
    private static func isCapitalisedInside(_ text: [UInt8], _ word: SentenceWords.Word) -> Bool {
        let bytes = text[word.range]
        guard let head = bytes.first else { return false }
        var index = 0
        while index + bytes.count <= text.count {
            if text[index] == head, index != word.start, text[index..<(index + bytes.count)].elementsEqual(bytes),
                index + bytes.count == text.count || !isWordByte(text[index + bytes.count])
            {
                // The word before must be a word, not a sentence's end.
                var before = index
                while before > 0, text[before - 1] == 0x20 { before -= 1 }
                if before > 0, before < index,
                    isWordByte(text[before - 1])
                        || text[before - 1] == UInt8(ascii: ",")
                {
                    return true
                }
            }
            index += 1
        }
        return false
    }

    /// A person: after a title or "said", or before ", CEO" and the like.
    private static func isPerson(_ text: [UInt8], _ words: [SentenceWords.Word], _ run: Run) -> Bool {
        // A byline: "by P PREM KUMAR".
        if run.first >= 1, run.last > run.first, byWord.contains(text, words[run.first - 1].range),
            (run.first...run.last).allSatisfy({ index in
                text[words[index].range].allSatisfy { !($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) }
            })
        {
            return true
        }
        for back in 1...2 where run.first - back >= 0 {
            let word = words[run.first - back]
            if personCuesBefore.contains(text, word.range) { return true }
            if word.isPunctuation { break }
        }
        var after = run.last + 1
        if after < words.count,
            text[words[after].start] == UInt8(ascii: ",")
                || text[words[after].start] == UInt8(ascii: "(")
        {
            after += 1
        }
        if after < words.count, personCuesAfter.contains(text, words[after].range) { return true }
        if after + 1 < words.count, articles.contains(text, words[after].range) || words[after].isPossessive,
            personCuesAfter.contains(text, words[after + 1].range)
        {
            return true  // ", the founder of", ", Hikma's Vice Chairman"
        }
        return false
    }

    /// Whether the run stands where a deal sentence names a party.
    private static func isInSlot(
        _ text: [UInt8], _ words: [SentenceWords.Word], _ run: Run,
        places: [(range: Range<Int>, country: String)], trigger: Int
    ) -> Bool {
        // Before: "with X", "to X", "acquire X", "firm X", "Canada's X", "Japanese X", or the
        // sentence's start.
        if run.first == 0 { return slotAfter(text, words, run, trigger: trigger, places: places) }
        let before = words[run.first - 1]
        if before.isPunctuation {
            // "(X)" after a name, "“X”": what follows decides.
            return slotAfter(text, words, run, trigger: trigger, places: places)
        }
        // "in an interview with The Malaysian Reserve", "told X": a publication or a person.
        if run.first >= 2, withWord.contains(text, before.range),
            interviewWords.contains(text, words[run.first - 2].range)
        {
            return false
        }
        if slotWordsBefore.contains(text, before.range) || describingNouns.contains(text, before.range) {
            return true
        }
        if places.contains(where: { $0.range.overlaps(before.range) }) {
            // "The Korea Herald", "The Malaysian Reserve": a capital "The" inside a sentence
            // before the place makes one title of them, a publication's, not "Japanese Ono".
            if run.first >= 3, theTitle.contains(text, words[run.first - 2].range) { return false }
            return true  // "Canada's Kelbron", "Japanese Ono", "Boston-based Verastem"
        }
        if ASCIIMatch.endsWith(text, at: before.end, based) { return true }
        if connectorOf.contains(text, before.range), run.first >= 2,
            dealNounsBeforeOf.contains(text, words[run.first - 2].range)
        {
            return true  // "acquisition of X", "a stake of X"
        }
        if inWord.contains(text, before.range),
            words[max(0, run.first - 7)..<(run.first - 1)].contains(where: { investWords.contains(text, $0.range) })
        {
            return true  // "stake in X", "invested $30 million in X"
        }
        if forWord.contains(text, before.range),
            words[max(0, run.first - 7)..<(run.first - 1)].contains(where: { serviceVerbs.contains(text, $0.range) })
        {
            return true  // "will manufacture the antibody for X"
        }
        return slotAfter(text, words, run, trigger: trigger, places: places)
    }

    /// Whether the words after the run make it a party: a deal verb or an auxiliary, an
    /// apposition (", a Canadian biotech"), a bracketed alias or ticker, a possessive deal noun.
    private static func slotAfter(
        _ text: [UInt8], _ words: [SentenceWords.Word], _ run: Run, trigger: Int,
        places: [(range: Range<Int>, country: String)]
    ) -> Bool {
        var after = run.last + 1
        guard after < words.count else { return false }
        if words[run.last].isPossessive {
            // "Telix's recent acquisitions of", "Dimerix's 2023 licence".
            for index in after..<min(words.count, after + 3) where dealNouns.contains(text, words[index].range) {
                return true
            }
            return false
        }
        // Skip a bracket: "PharmaEngine, Inc. (TW:4162) has", "(HKIC), which".
        if text[words[after].start] == UInt8(ascii: "(") {
            var close = after + 1
            while close < min(words.count, after + 8), text[words[close].start] != UInt8(ascii: ")") { close += 1 }
            after = close + 1
            guard after < words.count else { return false }
        }
        // ", Inc." after the name: "PharmaEngine, Inc. (TW:4162) has".
        if after + 1 < words.count, text[words[after].start] == UInt8(ascii: ","),
            legalSuffixes.contains(text, words[after + 1].range)
        {
            after += 2
            if after < words.count, text[words[after].start] == UInt8(ascii: "(") {
                var close = after + 1
                while close < min(words.count, after + 8), text[words[close].start] != UInt8(ascii: ")") {
                    close += 1
                }
                after = close + 1
            }
            guard after < words.count else { return false }
        }
        // "Kelbron of Taiwan signed": a place after the name is part of who it is.
        if after + 2 < words.count,
            connectorOf.contains(text, words[after].range)
                || inWord.contains(text, words[after].range) || fromWord.contains(text, words[after].range),
            let place = places.first(where: { $0.range.lowerBound == words[after + 1].start })
        {
            while after < words.count, words[after].start < place.range.upperBound { after += 1 }
            guard after < words.count else { return false }
        }
        let next = words[after]
        if toWord.contains(text, next.range) {
            return after + 1 < words.count && verbsAfterTo.contains(text, words[after + 1].range)
        }
        if slotWordsAfter.contains(text, next.range) || strongVerbsAfter.contains(text, next.range) { return true }
        if text[next.start] == UInt8(ascii: ","), after + 1 < words.count {
            let following = words[after + 1].range
            return (appositionStarts.contains(text, following) && words[run.first].start < trigger)
                || slotWordsAfter.contains(text, following)
        }
        return false
    }

    /// Whether `run` continues a list that began with `previous`: ", ", " and ", ", and ", with
    /// a territory allowed after each member ("Kelbron in Canada, Verano in Brazil and Norvana")
    /// and a place before one ("Norvana and San Diego's Kelbron", "and U.S.-based Kelbron").
    private static func isListed(
        _ text: [UInt8], _ words: [SentenceWords.Word], after previous: Run, before run: Run,
        places: [(range: Range<Int>, country: String)]
    ) -> Bool {
        var index = previous.last + 1
        guard index < run.first else { return false }
        // A bracketed alias after the member: "Marubeni Corporation (“Marubeni”), LSI".
        if text[words[index].start] == UInt8(ascii: "(") {
            while index < run.first, text[words[index].start] != UInt8(ascii: ")") { index += 1 }
            index += 1
            guard index < run.first else { return false }
        }
        // "in Canada" or "(Canada)" after the member.
        if index + 1 < run.first,
            inWord.contains(text, words[index].range) || forWord.contains(text, words[index].range)
        {
            index += 2
            while index < run.first, !words[index].isPunctuation, !andWord.contains(text, words[index].range) {
                index += 1
            }
        }
        var sawJoint = false
        while index < run.first {
            let word = words[index]
            if text[word.start] == UInt8(ascii: ",") || andWord.contains(text, word.range)
                || ampersand.contains(text, word.range)
            {
                sawJoint = true
                index += 1
            } else if sawJoint, places.contains(where: { $0.range.overlaps(word.range) }) {
                index += 1
            } else {
                return false
            }
        }
        return sawJoint
    }

    /// "Bio-Thera Solutions and Gedeon Richter": a list joint right after a known name.
    private static func isListedAfterKnown(
        _ text: [UInt8], _ words: [SentenceWords.Word], _ run: Run, taken: [Range<Int>]
    ) -> Bool {
        guard run.first >= 2 else { return false }
        let joint = words[run.first - 1]
        guard
            andWord.contains(text, joint.range) || ampersand.contains(text, joint.range)
                || text[joint.start] == UInt8(ascii: ",")
        else { return false }
        var before = run.first - 2
        if andWord.contains(text, words[before].range), before >= 1, text[words[before - 1].start] == UInt8(ascii: ",")
        {
            before -= 1
        }
        let end = words[before].end
        return taken.contains { $0.upperBound == end }
    }

    /// The kind its last head word says, else a company.
    private static func kind(_ text: [UInt8], _ words: [SentenceWords.Word], _ run: Run) -> OrganizationKind {
        for index in stride(from: run.last, through: run.first, by: -1) {
            if let kind = UnknownOrganizations.heads.value(text, words[index].range) { return kind }
            if governmentWords.contains(text, words[index].range) { return .government }
        }
        return .company
    }

    // MARK: Word lists

    private static let notNames = WordTable(words: [
        "The", "A", "An", "Its", "Their", "His", "Her", "Our", "This", "That", "These", "Those", "In", "On", "At",
        "For", "By", "With", "And", "But", "Or", "Under", "After", "Before", "While", "When", "As", "From", "To",
        "Both", "Each", "Also", "If", "It", "We", "They", "He", "She", "Earlier", "Later", "Last", "Next", "Meanwhile",
        "However", "Besides", "Together", "According", "Through", "Following", "Since", "Now", "Today", "Once",
        "Over", "Of", "Via", "Among", "Including", "Separately", "Elsewhere", "Further", "Furthermore", "Moreover",
        "Additionally", "Then", "Yet", "So", "Such", "Other", "Another", "All", "Some", "Many", "Most", "Several",
        "Two", "Three", "First", "Second", "Third", "Chief", "Executive", "Officer", "Chairman", "Chairwoman",
        "President", "Vice", "Director", "Minister", "Deputy", "Secretary", "Financial", "Dr", "Dr.", "Mr", "Mr.",
        "Ms", "Ms.", "Mrs", "Mrs.", "Prof", "Prof.", "Professor", "Phase", "Series", "Stage", "Part", "Press",
        "Release", "More", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
        "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.",
        "Global", "Local", "Chinese", "Korean", "Japanese", "Indian", "British", "American", "European",
        "Taiwanese", "Singaporean", "Australian", "Vietnamese", "Thai", "Malaysian", "Indonesian", "Philippine",
        "Filipino", "Swiss", "German", "French", "Belgian", "Danish", "Dutch", "Israeli", "Canadian", "Italian",
        "Spanish", "Swedish", "Irish", "Hungarian", "Brazilian", "Mexican", "Asian", "Western", "Eastern", "South",
        "North", "Biotech", "Pharma", "Drugmaker", "Partner", "Partners", "Shares", "Under", "Upon", "Per",
        "Statements", "Copyright", "Read", "Photo", "Courtesy", "Source", "Sources", "Reporting", "Editing",
        "Agreement", "Definitive", "Sales", "Marketing", "Technology", "Research", "Development", "Manufacturing",
        "Product", "Products", "Services", "Trial", "Study", "Data", "Market", "Markets", "Company", "Partnership",
        "Collaboration", "License", "Licence", "Deal", "Term", "Sheet", "Contract", "Transaction", "Investors",
        "Investment", "Shareholders", "Board", "Patients", "Treatment", "Therapy", "Drug", "Drugs", "Vaccine",
        "Under", "Government", "Governments", "Officials", "Analysts", "NT", "HK", "S", "A$", "Inc", "Inc.",
        "Left", "Right", "Center", "Centre", "Top", "Bottom", "Above", "Below", "Pictured", "File",
    ])

    /// Capitalised abbreviations that name no party.
    private static let commonAcronyms = WordTable(words: [
        "FDA", "EMA", "NMPA", "MFDS", "PMDA", "CDSCO", "TGA", "HSA", "MHRA", "ADC", "ADCs", "CAR", "CAR-T", "MOU",
        "MoU", "MOUs", "CDMO", "CMO", "CRO", "CDO", "API", "IPO", "AI", "R&D", "GMP", "EU", "UK", "US", "USA", "U.S.",
        "U.K.", "BLA", "NDA", "IND", "MAA", "ANDA", "DNA", "RNA", "NSCLC", "CEO", "CFO", "COO", "CSO", "CTO", "IP",
        "JV", "M&A", "USD", "KRW", "RMB", "JPY", "EUR", "CNY", "INR", "HK", "PR", "TM", "GLP-1", "PD-1", "PD-L1",
        "HER2", "KRAS", "EGFR", "TROP2", "ASCO", "ESMO", "AACR", "BIO", "JPM", "NASDAQ", "Nasdaq", "NYSE", "KOSDAQ",
        "KOSPI", "Kosdaq", "Kospi", "Konex", "KONEX", "HKEX", "SSE", "SZSE", "TSE", "ASX", "SGX", "TWSE", "TPEx",
        "Euronext", "LSE", "AIM", "LLC", "Inc", "Inc.", "Ltd", "Ltd.",
        "Co", "Co.", "Corp", "Corp.", "PLC", "AG", "SA", "GmbH", "ET", "AP", "Reuters", "Bloomberg", "Xinhua",
        "Yonhap", "Nikkei", "APEC", "ASEAN", "WHO", "UN", "Q1", "Q2", "Q3", "Q4", "H1", "H2",
    ])

    private static let legalSuffixes = WordTable(words: [
        "Co", "Co.", "Ltd", "Ltd.", "Inc", "Inc.", "Corp", "Corp.", "Corporation", "Limited", "Holdings", "Group",
        "AG", "SA", "S.A.", "plc", "PLC", "GmbH", "KK", "K.K.", "JSC", "Pte", "Pvt", "LLC", "B.V.", "BV", "N.V.",
        "NV", "SE", "Sdn", "Sdn.", "Bhd", "Bhd.", "SpA", "S.p.A.", "AB", "A/S", "ASA", "Oy", "Co.Ltd.", "Co.,Ltd.",
    ])

    private static let ampersand = WordTable(words: ["&"])
    private static let toWord = WordTable(words: ["to"])
    private static let fromWord = WordTable(words: ["from"])
    private static let byWord = WordTable(words: ["by"])
    private static let withWord = WordTable(words: ["with"])
    private static let interviewWords = WordTable(
        words: ["interview", "interviews", "conversation", "podcast", "spoke", "speaking"], isCaseBlind: true)
    private static let articles = WordTable(words: ["the", "its", "a", "an"])
    private static let theTitle = WordTable(words: ["The"])

    /// "X to acquire Y": the verbs that make "to" after a name a headline's future.
    private static let verbsAfterTo = WordTable(
        words: [
            "acquire", "buy", "license", "licence", "pay", "receive", "develop", "co-develop", "sell", "invest",
            "partner", "collaborate", "commercialize", "commercialise", "distribute", "manufacture", "supply",
            "provide", "form", "take", "gain", "get", "merge", "sign", "join", "launch", "jointly", "work",
        ], isCaseBlind: true)

    /// Words that end a name run: titles of persons.
    private static let breakWords = WordTable(words: [
        "Chairman", "Chairwoman", "CEO", "President", "Minister", "Director", "Professor", "Prof.", "Dr.", "Mr.",
        "Ms.", "Mrs.", "Founder", "Officer", "Secretary",
    ])

    /// Regions, which no gazetteer of countries holds but news names as markets.
    private static let regions = WordTable(words: [
        "Europe", "Asia", "Africa", "America", "Americas", "Middle", "East", "Oceania", "Latin", "ASEAN", "APAC",
        "Greater", "Mainland", "Nordic", "Nordics", "Gulf", "Caribbean", "Scandinavia", "Balkans", "Benelux",
        "MENA", "EMEA", "LATAM", "CIS", "Eurasia", "Pacific", "Southeast", "Northeast",
    ])

    private static let possessivePronouns = WordTable(words: ["its", "their", "our", "his", "her"], isCaseBlind: true)

    /// Nouns of products and assets, which a name before them only qualifies.
    private static let productNouns = WordTable(
        words: [
            "drug", "drugs", "candidate", "candidates", "therapy", "therapies", "platform", "antibody", "antibodies",
            "vaccine", "vaccines", "asset", "assets", "program", "programs", "programme", "molecule", "inhibitor",
            "treatment", "franchise", "portfolio", "brand", "brands", "biosimilar", "shuttle", "technology",
            "patients", "trial", "trials", "pipeline", "product", "products", "medicine", "medicines", "tablets",
            "injection", "conjugate",
        ])

    /// Endings of drugs' generic names (INN stems).
    private static let based = Array("-based".utf8)

    private static let drugStems = ASCIIMatch.phrases([
        "mab", "nib", "cel", "tide", "stat", "vir", "prazan", "parin", "sartan", "pril", "cept", "lisib", "ciclib",
        "gene", "zumab", "ximab", "tinib", "platin", "taxel", "rubicin", "mycin", "cillin", "azole", "olol", "dronate",
        "gliflozin", "gliptin", "plase", "kinra", "lukast", "setron", "triptan", "vastatin", "tecan", "mide",
    ])

    private static let connectors = WordTable(words: ["of", "for", "de"])
    private static let connectorOf = WordTable(words: ["of"])
    private static let inWord = WordTable(words: ["in"])
    private static let forWord = WordTable(words: ["for"])
    private static let andWord = WordTable(words: ["and"])

    /// Words after which "of" continues a name ("Drug Administration of Vietnam").
    /// Whether the run's last word could end a name of its own: an institution, a company's
    /// head word or a legal suffix ("Kelbron Institute and", "Norvana Pharma and").
    private static func endsName(_ text: [UInt8], _ words: [SentenceWords.Word], _ run: Run) -> Bool {
        let last = words[run.last].range
        return institutionWords.contains(text, last) || UnknownOrganizations.heads.contains(text, last)
            || legalSuffixes.contains(text, last)
    }

    /// Whether the name words from `start` on end in an institution word: "and" then joins one
    /// name ("National Health and Medical Research Council", "Korea Pharmaceutical and Bio-Pharma
    /// Manufacturers Association") rather than two.
    private static func endsInInstitution(_ text: [UInt8], _ words: [SentenceWords.Word], from start: Int) -> Bool {
        var index = start
        while index < words.count, index < start + 5, isNameWord(text, words[index]),
            !breakWords.contains(text, words[index].range)
        {
            if institutionWords.contains(text, words[index].range) { return true }
            if words[index].isPossessive { return false }
            index += 1
        }
        return false
    }

    private static let institutionWords = WordTable(words: [
        "Ministry", "Administration", "Department", "University", "Institute", "Bank", "Academy", "Agency",
        "Council", "Bureau", "Center", "Centre", "College", "School", "Hospital", "Authority", "Commission",
        "Office", "Board", "Foundation", "Society", "Federation", "Association", "Government", "Laboratory",
        "Corporation", "Company", "Bureau",
    ])

    private static let governmentWords = WordTable(words: [
        "Ministry", "Administration", "Department", "Agency", "Authority", "Commission", "Bureau", "Government",
        "Council",
    ])

    /// Words right before a party: prepositions of deal verbs and buying verbs.
    private static let slotWordsBefore = WordTable(
        words: [
            "with", "to", "from", "by", "between", "acquire", "acquires", "acquired", "acquiring", "buy",
            "buys", "bought", "buying", "purchase", "purchased", "purchases", "partner", "partners", "partnered",
            "join", "joined", "joins", "license", "licensed", "licenses", "licence", "licensing", "licencing",
            "invest", "invested", "invests", "appoint", "appointed", "selected", "chose", "chosen", "tapped",
            "including", "like", "pay", "pays", "paid", "paying", "cleared", "allowed", "authorised", "authorized",
            "permitted",
        ], isCaseBlind: true)

    /// Nouns that describe the organisation named right after them ("Filipino firm Lloyd").
    private static let describingNouns = WordTable(
        words: [
            "company", "firm", "drugmaker", "biotech", "biopharma", "pharma", "startup", "start-up", "developer",
            "maker", "manufacturer", "distributor", "group", "giant", "player", "specialist", "provider",
            "organisation", "organization", "fund", "investor", "biopharmaceutical", "pharmaceutical", "conglomerate",
            "chaebol", "affiliate", "subsidiary", "unit", "cdmo", "cro", "partner", "licensee", "licensor",
            "biotechnology", "medtech", "rival", "peer", "multinational", "incumbent", "spinout", "spin-off",
        ], isCaseBlind: true)

    /// Words right after a subject that make it one: verbs and auxiliaries of deal news.
    private static let slotWordsAfter = WordTable(
        words: [
            "has", "have", "had", "will", "would", "is", "was", "are", "were", "said", "says", "signed", "signs",
            "sign", "agreed", "agrees", "announced", "announces", "entered", "enters", "inked", "inks", "struck",
            "strikes", "reached", "reaches", "licensed", "licenses", "acquired", "acquires", "bought", "buys",
            "completed", "completes", "unveiled", "unveils", "formed", "forms", "teamed", "teams", "partnered",
            "joined", "joins", "gains", "gained", "takes", "took", "obtained", "obtains", "received", "receives",
            "granted", "grants", "won", "wins", "expects", "plans", "paid", "pays", "invested", "invests", "led",
            "leads", "also", "concluded", "concludes", "secured", "secures", "tied", "ties", "closed",
            "closes", "made", "struck", "can", "could", "may", "might", "shall", "stands", "gets", "got", "keeps",
            "retains", "retained", "collaborate", "collaborates", "collaborated", "agree", "announce", "enter",
            "selected", "chose", "hopes", "intends", "aims", "sold", "sells", "divested", "transferred",
            "transfers", "out-licensed", "in-licensed",
        ], isCaseBlind: true)

    /// Words after a sentence's first word that make it a deal's subject, not an ordinary word.
    private static let strongVerbsAfter = WordTable(
        words: [
            "has", "have", "had", "will", "would", "said", "says", "signed", "signs", "agreed", "agrees", "announced",
            "announces", "entered", "enters", "inked", "inks", "struck", "strikes", "reached", "licensed",
            "licenses", "acquired", "acquires", "bought", "buys", "completed", "completes", "unveiled", "formed",
            "forms", "teamed", "teams", "partnered", "joined", "joins", "obtained", "granted", "grants", "won",
            "wins", "paid", "pays", "invested", "invests", "led", "concluded", "secured", "closed", "sold", "sells",
            "divested", "transferred", "out-licensed", "in-licensed", "collaborates", "gains", "gained", "takes",
            "took", "received", "receives", "raised", "raises", "attracted", "plans", "expects", "intends", "aims",
            "hopes", "selected", "chose",
        ], isCaseBlind: true)

    /// Words that open an apposition after a name: ", a Canadian biotech", ", which is part of".
    private static let appositionStarts = WordTable(
        words: ["a", "an", "the", "which", "who", "one", "its", "based", "headquartered", "founded", "itself"],
        isCaseBlind: true)

    /// Deal nouns after a possessive party: "X's licence", "X's recent acquisitions of".
    private static let dealNouns = WordTable(
        words: [
            "licence", "license", "licensing", "deal", "deals", "agreement", "agreements", "acquisition",
            "acquisitions", "purchase", "takeover", "partnership", "partner", "partners", "investment", "stake",
            "collaboration", "alliance", "merger", "offer", "bid", "contract", "tie-up", "pact", "option",
        ], isCaseBlind: true)

    /// Deal nouns before "of X": "acquisition of X".
    private static let dealNounsBeforeOf = WordTable(
        words: [
            "acquisition", "acquisitions", "purchase", "takeover", "merger", "buyout", "purchases", "owner",
            "shareholder", "shareholders", "licensee", "licensor", "licensees", "investors",
            // An owner is an organisation, party or not: "with a subsidiary of China Medical Systems".
            "subsidiary", "unit", "affiliate", "arm", "division", "parent",
        ], isCaseBlind: true)

    /// Verbs of a service done for a client: "manufacture … for X".
    private static let serviceVerbs = WordTable(
        words: [
            "manufacture", "manufactures", "manufacturing", "produce", "produces", "make", "makes", "supply",
            "supplies", "provide", "provides", "develop", "develops", "distribute", "distributes", "work", "works",
            "act", "acts", "build", "builds",
        ], isCaseBlind: true)

    /// Words before "in X" that make X the investee: "stake in X".
    private static let investWords = WordTable(
        words: ["stake", "invest", "invests", "invested", "investing", "investment", "interest", "shares", "holding"],
        isCaseBlind: true)

    private static let basedSuffix = Array("-based".utf8)

    /// Nouns of a person's nationality, written before a name ("Frenchman Christophe Weber").
    private static let personNationals = WordTable(
        words: [
            "frenchman", "frenchwoman", "englishman", "englishwoman", "dutchman", "dutchwoman", "briton", "scotsman",
            "irishman", "welshman", "swede", "dane", "finn",
        ], isCaseBlind: true)

    private static let personCuesBefore = WordTable(
        words: [
            "frenchman", "frenchwoman", "englishman", "englishwoman", "dutchman", "dutchwoman", "briton", "scotsman",
            "irishman", "welshman",
            "ceo", "chairman", "chairwoman", "president", "minister", "dr.", "dr", "mr.", "mr", "ms.", "ms", "mrs.",
            "prof.", "professor", "founder", "co-founder", "analyst", "said", "says", "chief", "director",
            "officer", "head", "executive", "spokesperson", "spokesman", "spokeswoman", "secretary", "deputy",
            "told", "according", "cfo", "coo", "cso", "cto", "vice", "chair", "manager", "researcher",
        ], isCaseBlind: true)

    private static let personCuesAfter = WordTable(
        words: [
            "CEO", "chief", "Chief", "president", "President", "chairman", "Chairman", "founder", "co-founder",
            "director", "Director", "head", "Head", "Ph.D.", "PhD", "M.D.", "MD", "told", "analyst", "professor",
            "Professor", "vice", "Vice", "Jr", "Jr.", "who", "executive", "Executive", "minister", "Minister",
        ])
}

/// Finds mentions and deals in articles. Built once per run; safe to share across threads.
public struct DealExtractor: Sendable {
    /// The gazetteer's names, and also the deal lexicon's phrases then the modalities': one
    /// walk over a text finds all three.
    let recognizer: EntityRecognizer
    let money: MoneyReader

    /// The index of each gazetteer organisation's parent.
    let gazetteerParents: [Int?]
    /// The first word of each gazetteer name of several words (at least three letters), which
    /// news uses alone once the full name was given.
    let gazetteerFirstWords: [String?]

    public init(gazetteer: Gazetteer, usdRates: [String: Double]) {
        recognizer = EntityRecognizer(
            gazetteer: gazetteer, alsoFinding: DealLexicon.entries.map(\.0) + ModalityLexicon.entries.map(\.0))
        money = MoneyReader(usdRates: usdRates)
        let indexOf = Dictionary(
            gazetteer.organizations.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        gazetteerParents = gazetteer.organizations.map { $0.parent.flatMap { indexOf[$0] } }
        gazetteerFirstWords = gazetteer.organizations.map { organization in
            guard let space = organization.name.firstIndex(of: " ") else { return nil }
            let first = organization.name[..<space]
            return first.utf8.count >= 3 ? String(first) : nil
        }
    }

    /// An extractor with the gazetteer and rates a pipeline's `extract:` section names.
    ///
    /// - Parameter options: the section.
    /// - Throws: ``ConfigError`` naming the gazetteer file and line that cannot be read.
    public init(options: ExtractOptions) throws(ConfigError) {
        let gazetteer = try Gazetteer.load(organizationsPath: options.gazetteerPath, placesPath: options.placesPath)
        self.init(gazetteer: gazetteer, usdRates: options.usdRates)
    }

    /// A deal stated by one sentence, before the article's reports are merged.
    fileprivate struct Candidate {
        var parties: [Int]  // organisation indexes, in order of appearance
        /// Each party's role, where the sentence says it.
        var roles: [PartyRole?]
        /// Owners the sentence names to place a party ("GCLTEC, a GC Cell subsidiary").
        var owners: [(owner: Int, owned: Int)] = []
        var type: DealType
        var weight: Int
        var status: DealStatus
        var modalities: ModalityLexicon.Found
        var terms: DealTerms
        /// The sentence's bytes, made a string only for the deal's strongest report.
        var evidence: ArraySlice<UInt8>
        /// The sentence names a place of the region or gives an amount in one of its currencies.
        var isRegional = false
    }

    /// One text of an article as the first pass read it.
    private struct FieldScan {
        let field: TextField
        let bytes: [UInt8]
        var hits: [EntityRecognizer.Hit]
        let cues: [PhraseMatcher.Match]
        let sentences: [Range<Int>]
        let modalityMatches: [PhraseMatcher.Match]
    }

    /// Extracts the mentions and the deals of one article.
    ///
    /// Two passes: the first finds the names the gazetteer knows, the names shaped like
    /// organisations, and the names in party slots of deal sentences; the second finds every
    /// other place the article writes those names, then reads each sentence for a deal.
    public func extract(_ article: Article) -> ArticleExtraction {
        var scans: [FieldScan] = []
        var seenTexts: [String] = []  // two or three fields: comparing beats hashing whole texts
        // Organisations missing from the gazetteer, numbered after its own.
        var names = ArticleOrganizations()
        for (field, text) in article.textFields {
            // Feeds often repeat the summary as the content: read each text once.
            guard !seenTexts.contains(text) else { continue }
            seenTexts.append(text)
            let bytes = Array(text.utf8)
            let (known, phrases) = recognizer.scan(bytes)
            let hits = withUnknownOrganizations(known, in: bytes, names: &names)
            // Cues are ordered by end, as the walk finds them; modalities keep the longest of
            // overlapping names, numbered as ModalityLexicon's own phrases.
            var cues: [PhraseMatcher.Match] = []
            var modalityCandidates: [PhraseMatcher.Match] = []
            let cueCount = DealLexicon.entries.count
            for match in phrases {
                if match.phrase < cueCount {
                    cues.append(match)
                } else {
                    modalityCandidates.append(
                        PhraseMatcher.Match(start: match.start, end: match.end, phrase: match.phrase - cueCount))
                }
            }
            scans.append(
                FieldScan(
                    field: field, bytes: bytes, hits: hits, cues: cues, sentences: SentenceSplitter.split(bytes),
                    modalityMatches: PhraseMatcher.longest(modalityCandidates)))
        }
        // The gazetteer's organisations the article names, whose first words may stand alone.
        var namedKnown: [Int] = []
        for scan in scans {
            for hit in scan.hits {
                if case .organization(let index) = hit.target, index < gazetteerFirstWords.count,
                    gazetteerFirstWords[index] != nil
                {
                    namedKnown.append(index)
                }
            }
        }
        for index in scans.indices {
            addPartySlotNames(scans[index], namedKnown: namedKnown, texts: scans.map(\.bytes), names: &names)
        }
        let base = recognizer.gazetteer.organizations.count
        for index in scans.indices {
            let taken = scans[index].hits.map { $0.start..<$0.end }
            guard names.hasForms else { continue }
            let more = names.occurrences(in: scans[index].bytes, taken: taken, base: base)
            if !more.isEmpty {
                scans[index].hits += more.map {
                    EntityRecognizer.Hit(
                        start: $0.range.lowerBound, end: $0.range.upperBound, target: .organization($0.index))
                }
                scans[index].hits.sort { $0.start < $1.start }
            }
            // Any sentence may say where a name found elsewhere is from ("Shanghai-based GenFleet").
            if names.local.contains(where: { $0.country == nil }) { addCountries(scans[index], names: &names) }
        }
        var mentions: [Mention] = []
        var candidates: [Candidate] = []
        var articleModalities = ModalityLexicon.Found()
        // The article's own company: the first organisation it names.
        let protagonist = scans.lazy.compactMap { $0.hits.lazy.compactMap(\.organizationIndex).first }.first
        for scan in scans {
            let bytes = scan.bytes
            let hits = scan.hits
            let cues = scan.cues
            let local = names.local
            mentions.append(
                contentsOf: makeMentions(
                    hits, bytes: bytes, field: scan.field, articleID: article.articleID, local: local))
            articleModalities = articleModalities | ModalityLexicon.found(by: scan.modalityMatches)
            // Hits are ordered by start and cues by end, and sentences come in order, so each
            // sentence takes the next run of both: one pass over the text, not one per sentence.
            var hitIndex = 0
            var cueIndex = 0
            // The deals of the last sentence that stated one, for the terms that follow it.
            var lastDeals = 0..<0
            var sentencesSinceDeal = 0
            // A deal sentence that names one organisation, waiting for the next to name its partner.
            var oneSided: (sentence: Range<Int>, hits: Int, cues: Int, organization: Int)?
            for sentence in scan.sentences {
                while hitIndex < hits.count, hits[hitIndex].start < sentence.lowerBound { hitIndex += 1 }
                var hitEnd = hitIndex
                while hitEnd < hits.count, hits[hitEnd].start < sentence.upperBound { hitEnd += 1 }
                while cueIndex < cues.count, cues[cueIndex].end <= sentence.lowerBound { cueIndex += 1 }
                var cueEnd = cueIndex
                while cueEnd < cues.count, cues[cueEnd].end <= sentence.upperBound { cueEnd += 1 }
                var sentenceHits = hits[hitIndex..<hitEnd]
                // One organisation named: the other may be described ("with a Qatari distributor"),
                // or be the article's own company, opening the sentence as "The company".
                if cueEnd > cueIndex, let only = Self.onlyOrganization(in: sentenceHits) {
                    var more = describedParties(in: sentence, bytes: bytes, hits: sentenceHits, names: &names)
                    if more.isEmpty, let protagonist, protagonist != only,
                        let anaphor = CompanyAnaphor.opening(bytes, sentence)
                            ?? CompanyAnaphor.roundOpening(bytes, sentence)
                    {
                        more = [
                            EntityRecognizer.Hit(
                                start: anaphor.lowerBound, end: anaphor.upperBound, target: .organization(protagonist))
                        ]
                    }
                    if !more.isEmpty {
                        sentenceHits = ArraySlice((sentenceHits + more).sorted { $0.start < $1.start })
                    }
                } else if cueEnd > cueIndex, let protagonist,
                    let anaphor = CompanyAnaphor.opening(bytes, sentence),
                    !sentenceHits.contains(where: { $0.organizationIndex == protagonist }),
                    let firstOrganization = sentenceHits.first(where: { $0.organizationIndex != nil }),
                    cues[cueIndex..<cueEnd].contains(where: {
                        $0.start >= sentence.lowerBound && $0.start < firstOrganization.start
                            && DealLexicon.isTrigger($0)
                    })
                {
                    // "The company licensed A to X, B to Y and C to Z": every party named is an
                    // object, and the subject is the article's company.
                    sentenceHits = ArraySlice(
                        [
                            EntityRecognizer.Hit(
                                start: anaphor.lowerBound, end: anaphor.upperBound, target: .organization(protagonist))
                        ] + sentenceHits)
                }
                // "A licensed X to B, while C agreed to buy D": each clause states its own deal,
                // and parties of two clauses are no deal together.
                let clauses = Clauses.split(
                    sentence, hits: sentenceHits,
                    contrasts: cues[cueIndex..<cueEnd].lazy.filter { DealLexicon.cue(of: $0) == .contrast }.map(\.start)
                )
                var found: [Candidate]
                if clauses.count == 1 {
                    found = self.candidates(
                        in: sentence, bytes: bytes, hits: sentenceHits, cues: cues[cueIndex..<cueEnd],
                        modalityMatches: scan.modalityMatches, local: names.local)
                } else {
                    found = []
                    let evidence = bytes[sentence]
                    for clause in clauses {
                        var clauseFound = self.candidates(
                            in: clause, bytes: bytes, hits: sentenceHits.filter { clause.contains($0.start) }[...],
                            cues: cues[cueIndex..<cueEnd].filter { clause.contains($0.start) }[...],
                            modalityMatches: scan.modalityMatches, local: names.local)
                        for index in clauseFound.indices { clauseFound[index].evidence = evidence }
                        found += clauseFound
                    }
                }
                // A round whose sentence names only its investors ("Existing investors A and B
                // also took part", "led by A, with B joining") is the round of the company the
                // article is about.
                if let protagonist {
                    for index in found.indices
                    where found[index].type == .equityInvestment && !found[index].roles.contains(.investee)
                        && !found[index].parties.contains(protagonist)
                        && found[index].roles.allSatisfy({ $0 == nil || $0 == .investor })
                    {
                        found[index].parties.append(protagonist)
                        found[index].roles = found[index].roles.map { _ in PartyRole.investor } + [.investee]
                    }
                }
                // "X said it had signed a licence for Fexuprazan in Morocco. Its partner is Cooper
                // Pharma.": the sentence after a one-sided deal names the other side as its partner.
                let only = Self.onlyOrganization(in: hits[hitIndex..<hitEnd])
                if found.isEmpty, let waiting = oneSided, let only, only != waiting.organization,
                    Self.partnerWords.allMatches(in: bytes, range: sentence).first != nil
                {
                    found = self.candidates(
                        in: waiting.sentence.lowerBound..<sentence.upperBound, bytes: bytes,
                        hits: hits[waiting.hits..<hitEnd], cues: cues[waiting.cues..<cueEnd],
                        modalityMatches: scan.modalityMatches, local: names.local)
                }
                oneSided = nil
                if found.isEmpty, let only,
                    cues[cueIndex..<cueEnd].contains(where: {
                        $0.start >= sentence.lowerBound && DealLexicon.isTrigger($0)
                    }
                    )
                {
                    oneSided = (sentence, hitIndex, cueIndex, only)
                }
                if !found.isEmpty {
                    candidates.append(contentsOf: found)
                    lastDeals = candidates.count - found.count..<candidates.count
                    sentencesSinceDeal = 0
                } else if sentencesSinceDeal < 2, !lastDeals.isEmpty {
                    sentencesSinceDeal += 1
                    carryTerms(in: bytes, sentence, to: lastDeals, of: &candidates)
                }
                hitIndex = hitEnd
                cueIndex = cueEnd
            }
        }
        // What each organisation says it does elsewhere, read only for licences whose own
        // sentences leave the direction open.
        var storySides: [Int: PartyRole] = [:]
        if candidates.contains(where: { candidate in
            Self.readsSides(candidate.type)
                && candidate.roles.allSatisfy { $0 == nil }
        }) {
            storySides = self.storySides(scans)
        }
        let deals = merge(
            candidates, article: article, fallbackModalities: articleModalities, storySides: storySides,
            local: names.local, localOwners: names.owners)
        let unrated = candidates.reduce(into: Set<String>()) { $0.formUnion($1.terms.unratedCurrencies) }
        return ArticleExtraction(
            articleID: article.articleID, mentions: mentions, deals: deals, unratedCurrencies: unrated.sorted())
    }

    /// Terms stated in a sentence of their own, after the deal ("X licensed Y to Z. Z will pay
    /// $110 million upfront and up to $1 billion in milestones."): amounts the text calls an
    /// upfront, milestones or a deal's total, within two sentences of the deal and before the
    /// next one, belong to the deals that have no terms yet. Amounts with no such word (revenue,
    /// a market's size) are never carried.
    private func carryTerms(
        in text: [UInt8], _ sentence: Range<Int>, to deals: Range<Int>, of candidates: inout [Candidate]
    ) {
        guard deals.contains(where: { candidates[$0].terms.valueUSD == nil && candidates[$0].terms.upfrontUSD == nil }),
            Self.mayStateMoney(text, sentence)
        else { return }
        let amounts = money.amounts(in: Array(text[sentence]))
        guard amounts.contains(where: { $0.role != .unlabelled }) else { return }
        let terms = MoneyReader.dealTerms(amounts.filter { $0.role != .unlabelled })
        for index in deals where candidates[index].terms.valueUSD == nil && candidates[index].terms.upfrontUSD == nil {
            candidates[index].terms = terms
        }
    }

    /// Whether a sentence can hold an amount of money at all: ``MoneyReader`` counts no amount
    /// without a currency, so a sentence with no currency sign and no word that begins as a
    /// currency name or code does ("usd", "won", "yuan", "Rs"...) has none. Most sentences with
    /// digits give a date, a share or a trial phase; this spares reading them word by word.
    private static func mayStateMoney(_ text: [UInt8], _ sentence: Range<Int>) -> Bool {
        var previous: UInt8 = 0x20
        var index = sentence.lowerBound
        while index < sentence.upperBound {
            let byte = text[index]
            if byte == UInt8(ascii: "$") { return true }
            if byte >= 0x80 {
                // € ₩ ₹ (E2 82 xx), £ ¥ (C2 A3, C2 A5), ￥ (EF BF A5)
                if byte == 0xE2, index + 2 < sentence.upperBound, text[index + 1] == 0x82,
                    text[index + 2] == 0xAC || text[index + 2] == 0xA9 || text[index + 2] == 0xB9
                {
                    return true
                }
                if byte == 0xC2, index + 1 < sentence.upperBound, text[index + 1] == 0xA3 || text[index + 1] == 0xA5 {
                    return true
                }
                if byte == 0xEF, index + 2 < sentence.upperBound, text[index + 1] == 0xBF, text[index + 2] == 0xA5 {
                    return true
                }
            } else if !isLetter(previous), isLetter(byte),
                currencyWords.contains(where: { ASCIIMatch.matches(text, at: index, $0) })
            {
                // "Rs" only as a word of its own: "years" and "partners" end in it.
                if !ASCIIMatch.matches(text, at: index, rupeeAbbreviation)
                    || index + 2 >= sentence.upperBound || !isLetter(text[index + 2])
                {
                    return true
                }
            }
            previous = byte
            index += 1
        }
        return false
    }

    @inline(__always)
    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    /// The beginnings of every currency name and code ``MoneyReader`` knows.
    private static let currencyWords = ASCIIMatch.phrases([
        "usd", "eur", "gbp", "jpy", "rmb", "cny", "krw", "inr", "rs", "sgd", "aud", "twd", "hkd", "won", "yen",
        "yuan", "renminbi", "rupee", "dollar",
    ])
    private static let rupeeAbbreviation = Array("rs".utf8)

    /// Deal types whose direction the parties' own words elsewhere in the story can give.
    private static func readsSides(_ type: DealType) -> Bool {
        type == .licensing || type == .technologyPlatform || type == .distributionCommercialization
    }

    /// The side of a licence or distribution deal each organisation's own words put it on, from the first sentence
    /// that says one (see ``LicenceSide``).
    private func storySides(_ scans: [FieldScan]) -> [Int: PartyRole] {
        var sides: [Int: PartyRole] = [:]
        for scan in scans {
            var hitIndex = 0
            for sentence in scan.sentences {
                while hitIndex < scan.hits.count, scan.hits[hitIndex].start < sentence.lowerBound { hitIndex += 1 }
                var probe = hitIndex
                while probe < scan.hits.count, scan.hits[probe].start < sentence.upperBound {
                    let hit = scan.hits[probe]
                    probe += 1
                    guard case .organization(let index) = hit.target, sides[index] == nil else { continue }
                    // Its words end where another organisation is named.
                    var next = probe
                    while next < scan.hits.count, scan.hits[next].start < sentence.upperBound,
                        scan.hits[next].organizationIndex == index || scan.hits[next].start < hit.end
                    {
                        next += 1
                    }
                    let end =
                        next < scan.hits.count ? min(scan.hits[next].start, sentence.upperBound) : sentence.upperBound
                    if let side = LicenceSide.side(of: hit.start..<hit.end, in: scan.bytes, until: end) {
                        sides[index] = side
                    }
                }
            }
        }
        return sides
    }

    /// The organisation the hits name, when they name exactly one (however often).
    private static func onlyOrganization(in hits: ArraySlice<EntityRecognizer.Hit>) -> Int? {
        var only: Int?
        for hit in hits {
            guard case .organization(let index) = hit.target else { continue }
            if let only, only != index { return nil }
            only = index
        }
        return only
    }

    /// Counterparties the sentence describes without naming, as hits on their descriptions;
    /// each joins the article's organisations with an empty name.
    private func describedParties(
        in sentence: Range<Int>, bytes: [UInt8], hits: ArraySlice<EntityRecognizer.Hit>,
        names: inout ArticleOrganizations
    ) -> [EntityRecognizer.Hit] {
        let (places, organizations) = split(Array(hits))
        let words = SentenceWords(bytes, in: sentence).words
        let base = recognizer.gazetteer.organizations.count
        return DescribedParties.find(in: bytes, words: words, places: places, organizations: organizations).map {
            let index = names.addDescribed(country: $0.country, kind: $0.kind, noun: $0.noun)
            return EntityRecognizer.Hit(
                start: $0.range.lowerBound, end: $0.range.upperBound, target: .organization(base + index))
        }
    }

    /// The places of `hits` with their countries, and the byte ranges of their organisations.
    private func split(_ hits: [EntityRecognizer.Hit]) -> (
        places: [(range: Range<Int>, country: String)], organizations: [Range<Int>]
    ) {
        var places: [(range: Range<Int>, country: String)] = []
        var organizations: [Range<Int>] = []
        for hit in hits {
            switch hit.target {
            case .organization: organizations.append(hit.start..<hit.end)
            case .place(let index): places.append((hit.start..<hit.end, recognizer.gazetteer.places[index].country))
            }
        }
        return (places, organizations)
    }

    /// Gives the article's own organisations that have no country the one a sentence of
    /// `scan` states for them.
    private func addCountries(_ scan: FieldScan, names: inout ArticleOrganizations) {
        let base = recognizer.gazetteer.organizations.count
        let (places, organizations) = split(scan.hits)
        for hit in scan.hits {
            guard case .organization(let index) = hit.target, index >= base, names.local[index - base].country == nil
            else { continue }
            if let country = CountryCues.country(
                of: hit.start..<hit.end, in: scan.bytes, places: places, organizations: organizations)
            {
                names.setCountry(country, of: index - base)
            }
        }
    }

    /// Adds the names that stand in party slots of the deal sentences of `scan`.
    private func addPartySlotNames(
        _ scan: FieldScan, namedKnown: [Int], texts: [[UInt8]], names: inout ArticleOrganizations
    ) {
        let bytes = scan.bytes
        // A headline in title case capitalises every word: its slots say nothing.
        if scan.field == .title, TitleCase.isTitleCase(bytes) { return }
        let (places, organizations) = split(scan.hits)
        var cueIndex = 0
        for sentence in scan.sentences {
            while cueIndex < scan.cues.count, scan.cues[cueIndex].end <= sentence.lowerBound { cueIndex += 1 }
            var trigger: Int?
            var probe = cueIndex
            while probe < scan.cues.count, scan.cues[probe].end <= sentence.upperBound {
                switch DealLexicon.cue(of: scan.cues[probe]) {
                case .trigger, .genericTrigger: trigger = min(trigger ?? Int.max, scan.cues[probe].start)
                case .status, .platform, .contrast: break
                }
                probe += 1
            }
            guard let trigger, PartySlotNames.mayHoldNames(bytes, sentence, covered: organizations, places: places)
            else { continue }
            let words = SentenceWords(bytes, in: sentence).words
            let taken = organizations.filter { $0.overlaps(sentence) }
            for found in PartySlotNames.find(in: bytes, words: words, taken: taken, places: places, trigger: trigger) {
                let name = String(decoding: bytes[found.range], as: UTF8.self)
                // "PRISM" after "PRISM BioLab": the short form of a name the gazetteer knows.
                // "FUSO" after "Fuso Pharmaceutical Industries": capitals change no name.
                let folded = name.lowercased()
                if let known = namedKnown.first(where: { gazetteerFirstWords[$0]?.lowercased() == folded }) {
                    names.addForm(name, ofKnown: known)
                    continue
                }
                // "its candidate Xafty" or "Mazen Darwazah, Hikma's Vice Chairman" elsewhere: a
                // product or a person, wherever else it stands.
                if PartySlotNames.isWrittenAsProductOrPerson(bytes[found.range], in: texts) { continue }
                let index = names.add(name: name, kind: found.kind, country: found.country)
                names.addBracketedAbbreviation(in: bytes, after: found.range.upperBound, of: index)
            }
        }
    }

    /// The deals one sentence states: none, one, or one per counterparty when a party deals
    /// with a list of them ("licensed it to A in Canada, B in Brazil and C").
    private func candidates(
        in sentence: Range<Int>, bytes: [UInt8], hits: ArraySlice<EntityRecognizer.Hit>,
        cues: ArraySlice<PhraseMatcher.Match>,
        modalityMatches: [PhraseMatcher.Match], local: [Organization]
    ) -> [Candidate] {
        var spans: [Range<Int>] = []
        var organizations: [Int] = []
        for hit in hits {
            if case .organization(let index) = hit.target {
                spans.append(hit.start..<hit.end)
                organizations.append(index)
            }
        }
        guard organizations.count >= 2 else { return [] }
        let mentionRoles = PartyRoles.roles(in: bytes, spans: spans, organizations: organizations)
        var parties: [Int] = []
        var partySpans: [Range<Int>] = []
        var owners: [(owner: Int, owned: Int)] = []
        for (index, role) in mentionRoles.enumerated() {
            let organization = organizations[index]
            switch role {
            case .party:
                if !parties.contains(organization) {
                    parties.append(organization)
                    partySpans.append(spans[index])
                }
            case .owner(let owned):
                if let owned, owned != organization { owners.append((organization, owned)) }
            case .example:
                break
            case .approver:
                // A regulator clearing the deal is no party; a company's own body approving is.
                if self.organization(organization, local: local).kind != .government, !parties.contains(organization) {
                    parties.append(organization)
                    partySpans.append(spans[index])
                }
            }
        }
        guard parties.count >= 2 else { return owners.isEmpty ? [] : [Candidate(ownersOnly: owners)] }
        // "The ministry said its minister witnessed the exchange of the MoU between A, B and C":
        // the parties are the ones the deal is between; who speaks or witnesses is none.
        if let between = Self.betweenWord.allMatches(in: bytes, range: sentence).first?.end,
            partySpans.filter({ $0.lowerBound >= between }).count >= 2,
            partySpans.contains(where: { $0.upperBound <= between })
        {
            let kept = partySpans.indices.filter { partySpans[$0].lowerBound >= between }
            parties = kept.map { parties[$0] }
            partySpans = kept.map { partySpans[$0] }
        }
        var best: (DealType, Int)?
        var hasGenericTrigger = false
        var firstTrigger: Int?
        var status = DealStatus.announced
        var platformCues: [Int] = []
        var bestCue: PhraseMatcher.Match?
        // Cues are ordered by end: one that ends in the sentence may begin in the one before.
        for cue in cues where cue.start >= sentence.lowerBound {
            switch DealLexicon.cue(of: cue) {
            case .trigger(let type, let weight):
                if best == nil || weight > best?.1 ?? 0 {
                    best = (type, weight)
                    bestCue = cue
                }
                firstTrigger = min(firstTrigger ?? cue.start, cue.start)
            case .genericTrigger:
                hasGenericTrigger = true
                firstTrigger = min(firstTrigger ?? cue.start, cue.start)
            case .status(let cueStatus):
                // Termination outranks rumour, which outranks completion.
                switch (status, cueStatus) {
                case (.terminated, _): break
                case (.rumoured, .completed): break
                default: status = cueStatus
                }
            case .platform:
                platformCues.append(cue.start)
            case .contrast:
                break
            }
        }
        guard best != nil || hasGenericTrigger else { return [] }
        // "A, B, C and D have signed licence agreements with foreign partners": several subjects
        // of plural deals, none after the deal word, each made its own deal with someone else.
        if partySpans.count >= 3, let firstTrigger, partySpans.allSatisfy({ $0.upperBound <= firstTrigger }),
            Self.pluralDealNouns.allMatches(in: bytes, range: firstTrigger..<sentence.upperBound).first != nil
        {
            return []
        }
        let kinds = parties.map { organization($0, local: local).kind }
        var type = best?.0 ?? fallbackType(for: kinds)
        if let bestCue {
            // A licence is to a platform when the platform is named near it, not anywhere in
            // a long sentence; buying a drug or its rights is a licence, not a takeover.
            if type == .licensing, platformCues.contains(where: { abs($0 - bestCue.start) <= 80 }) {
                type = .technologyPlatform
            }
            if type == .mAndA, DealShape.buysAnAsset(bytes, after: bestCue.end) { type = .licensing }
        }
        // A stated stake decides between a takeover and an investment.
        if let stake = DealShape.stakePercent(in: bytes, sentence) {
            type = stake > 50 ? .mAndA : .equityInvestment
        }
        if type == .mouStrategicAlliance || type == .other,
            kinds.contains(where: { $0 == .university || $0 == .hospital || $0 == .researchInstitute })
        {
            type = .researchCollaboration
        }
        // A ministry, agency or commission does not buy or get bought: named in a takeover's
        // sentence it clears, blocks or reviews it ("the Competition Commission of India has
        // cleared ..."). Sovereign funds that do buy are companies in the gazetteer.
        if type == .mAndA, kinds.contains(.government) {
            let kept = parties.indices.filter { kinds[$0] != .government }
            guard kept.count >= 2 else { return [] }
            parties = kept.map { parties[$0] }
            partySpans = kept.map { partySpans[$0] }
        }
        // Every amount has digits: most sentences need no money reading at all.
        let hasDigits = bytes[sentence].contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let terms =
            hasDigits && Self.mayStateMoney(bytes, sentence)
            ? MoneyReader.dealTerms(money.amounts(in: Array(bytes[sentence]))) : DealTerms()
        // "X and Y will develop and commercialise six biosimilars": both subjects develop, so
        // the deal is a co-development whatever else they do with the product.
        if type == .distributionCommercialization || type == .mouStrategicAlliance || type == .other,
            let firstTrigger, partySpans.count >= 2, partySpans[1].upperBound <= firstTrigger,
            !Self.developVerbs.allMatches(in: bytes, range: partySpans[1].upperBound..<sentence.upperBound).isEmpty
        {
            type = .coDevelopment
        }
        // A contract manufacturer's deal that names no other substance ("Samsung Biologics signed
        // a $240 million deal with Pfizer", "a partnership with WuXi Biologics") is its trade.
        let manufacturers = parties.indices.filter { organization(parties[$0], local: local).isContractManufacturer }
        if manufacturers.count == 1, best == nil || type == .mouStrategicAlliance || type == .other {
            type = .cdmoManufacturing
        }
        // A "deal" or "pact" between companies that says only its price ("Hansoh inks $2 billion
        // deal with Regeneron") is, in this trade, a licence: alliances and memoranda rarely
        // carry one.
        if best == nil, type != .cdmoManufacturing, terms.valueUSD != nil || terms.upfrontUSD != nil,
            kinds.allSatisfy({ $0 == .company })
        {
            type = .licensing
        }
        // The first deal word divides the sides: "X is negotiating with Y and Z over the rights to".
        let pivot = firstTrigger ?? bestCue?.start
        var roles = DealDirection.roles(type: type, text: bytes, sentence: sentence, spans: partySpans, trigger: pivot)
        // The contract manufacturer makes for the others when the words do not say who does.
        if type == .cdmoManufacturing, manufacturers.count == 1, roles.allSatisfy({ $0 == nil }) {
            roles = parties.indices.map { $0 == manufacturers[0] ? .provider : .client }
        }
        let candidate = Candidate(
            parties: parties, roles: roles, owners: owners, type: type, weight: best?.1 ?? 1, status: status,
            modalities: ModalityLexicon.found(by: modalityMatches.lazy.filter { sentence.contains($0.start) }),
            terms: terms, evidence: bytes[sentence],
            isRegional: terms.valueOriginal.map { Region.apacCurrencies.contains($0.currency) } ?? false
                || hits.contains { hit in
                    if case .place(let index) = hit.target {
                        return Region.apacCountries.contains(recognizer.gazetteer.places[index].country)
                    }
                    return false
                })
        return split(candidate, spans: partySpans, text: bytes, trigger: pivot)
    }

    /// One deal per counterparty when one party, alone before the trigger, deals with a list of
    /// parties after it in a directional deal; an alliance or a symmetric deal stays one.
    private func split(_ candidate: Candidate, spans: [Range<Int>], text: [UInt8], trigger: Int?) -> [Candidate] {
        guard let trigger, !candidate.roles.contains(.partner) else { return [candidate] }
        let subject = spans.indices.filter { spans[$0].lowerBound < trigger }
        let objects = spans.indices.filter { spans[$0].lowerBound >= trigger }
        // A list of counterparties ("to A in Canada, B in Brazil and C"), or each one brought in by
        // its own preposition ("a licence to A in January and another to B in May").
        guard subject.count == 1, objects.count >= 2,
            zip(objects, objects.dropFirst()).allSatisfy({
                isListGap(text, spans[$0].upperBound..<spans[$1].lowerBound)
            })
                || objects.allSatisfy({ index in
                    counterpartPrepositions.contains { ASCIIMatch.endsWith(text, at: spans[index].lowerBound, $0) }
                })
        else { return [candidate] }
        let owner = subject[0]
        return objects.map { object in
            var part = candidate
            part.parties = [candidate.parties[owner], candidate.parties[object]]
            part.roles = [candidate.roles[owner], candidate.roles[object]]
            return part
        }
    }

    private let counterpartPrepositions = ASCIIMatch.phrases([" to ", " with "])

    private static let developVerbs = PhraseMatcher(phrases: ["develop", "will develop", "to develop"])

    private static let betweenWord = PhraseMatcher(phrases: ["between"])

    /// Words that name the other side of a deal told in the sentence before.
    private static let partnerWords = PhraseMatcher(phrases: [
        "partner", "licensee", "licensor", "counterparty", "buyer", "acquirer", "distributor", "the other party",
    ])

    private static let pluralDealNouns = PhraseMatcher(phrases: [
        "agreements", "deals", "contracts", "pacts", "licences", "licenses", "partnerships", "alliances",
    ])

    /// Whether the bytes between two names join list members: ", ", " and ", ", and ", with a
    /// territory or a bracket allowed in between ("A in Canada, B", "A (Brazil) and B").
    private func isListGap(_ text: [UInt8], _ gap: Range<Int>) -> Bool {
        guard gap.lowerBound <= gap.upperBound, gap.count <= 48 else { return false }
        guard Self.listJoints.contains(where: { ASCIIMatch.endsWith(text, at: gap.upperBound, $0) }) else {
            return false
        }
        return !Self.clauseWords.contains { ASCIIMatch.contains(text, in: gap, $0) }
    }

    private static let listJoints = ASCIIMatch.phrases([", ", " and ", ", and ", " & "])
    private static let clauseWords = ASCIIMatch.phrases([
        " from ", " to ", " by ", " with ", " which ", " who ", " its ",
    ])

    private func fallbackType(for kinds: [OrganizationKind]) -> DealType {
        kinds.contains { $0 == .university || $0 == .hospital || $0 == .researchInstitute }
            ? .researchCollaboration : .mouStrategicAlliance
    }

    /// One deal per party set in the article: the strongest type, the most specific figures.
    private func merge(
        _ candidates: [Candidate], article: Article, fallbackModalities: ModalityLexicon.Found,
        storySides: [Int: PartyRole], local: [Organization], localOwners: [Int: Int]
    ) -> [Deal] {
        // Once the article has said that an organisation owns a party, a later sentence naming
        // the owner stands for the subsidiary when that makes it a deal the article already
        // reports ("Sinopharm's manager signed" for a deal of a Sinopharm company). Before that,
        // or for a deal of its own, the owner is a party in its own right.
        var ownedBy: [Int: Int] = [:]
        // Who owns whom, from the gazetteer and from what the article says ("X, a subsidiary of Y").
        // Most articles name no family: their deals skip the family rules.
        let hasFamilies =
            !localOwners.isEmpty
            || candidates.contains { candidate in
                !candidate.owners.isEmpty
                    || candidate.parties.contains { $0 < gazetteerParents.count && gazetteerParents[$0] != nil }
            }
        var parentOf: [Int: Int] = [:]
        for (unit, owner) in localOwners { parentOf[gazetteerParents.count + unit] = owner }
        for candidate in candidates {
            for (owner, owned) in candidate.owners where parentOf[owned] == nil && owner != owned {
                parentOf[owned] = owner
            }
        }
        func parent(_ index: Int) -> Int? {
            guard hasFamilies else { return nil }
            return parentOf[index] ?? (index < gazetteerParents.count ? gazetteerParents[index] : nil)
        }
        func root(_ index: Int) -> Int {
            var current = index
            var steps = 0
            while let next = parent(current), steps < 8 {
                current = next
                steps += 1
            }
            return current
        }
        // Party sets the article reports, needed only once an owner has been said.
        let reported = hasFamilies ? Set(candidates.map { $0.parties.sorted() }) : []
        var order: [[Int]] = []
        var groups: [[Int]: [Candidate]] = [:]
        for var candidate in candidates {
            defer {
                for (owner, owned) in candidate.owners where ownedBy[owner] == nil { ownedBy[owner] = owned }
            }
            guard candidate.parties.count >= 2 else { continue }
            if !ownedBy.isEmpty {
                let standing = candidate.parties.map { party in
                    ownedBy[party].flatMap { candidate.parties.contains($0) ? nil : $0 } ?? party
                }
                if standing != candidate.parties, reported.contains(standing.sorted()) { candidate.parties = standing }
            }
            // A parent named beside its own subsidiary is the subsidiary's owner, not a party.
            func owns(_ owner: Int, _ owned: Int) -> Bool {
                var current = parent(owned)
                var steps = 0
                while let next = current, steps < 8 {
                    if next == owner { return true }
                    current = parent(next)
                    steps += 1
                }
                return false
            }
            let kept =
                hasFamilies
                ? candidate.parties.indices.filter { position in
                    !candidate.parties.contains { owns(candidate.parties[position], $0) }
                } : Array(candidate.parties.indices)
            // In a sale the owner is a party: it sells ("IDT Biologika, a Klocke affiliate").
            if kept.count < candidate.parties.count, candidate.type != .mAndA {
                candidate.parties = kept.map { candidate.parties[$0] }
                candidate.roles = kept.map { candidate.roles[$0] }
            }
            guard candidate.parties.count >= 2 else { continue }
            let key = candidate.parties.sorted()
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(candidate)
        }
        // Reports of one deal through a parent and through its subsidiary meet under the family,
        // when they report the same type of deal: "AbbVie licensed ... from Glenmark" and "from
        // Ichnos Glenmark" are one licence; an MOU of the parent and a licence of its unit are two.
        if hasFamilies {
            var byFamily: [[Int]: [[Int]]] = [:]
            var merged: [[Int]] = []
            for key in order {
                guard let group = groups[key] else { continue }
                let family = Array(Set(key.map(root))).sorted()
                let type = (group.max { $0.weight < $1.weight } ?? group[0]).type
                if let target = byFamily[family, default: []].first(where: { other in
                    guard let otherGroup = groups[other] else { return false }
                    let otherType = (otherGroup.max { $0.weight < $1.weight } ?? otherGroup[0]).type
                    return otherType == type
                }) {
                    groups[target, default: []] += group
                    groups[key] = nil
                } else {
                    byFamily[family, default: []].append(key)
                    merged.append(key)
                }
            }
            order = merged
        }
        let day = (article.published ?? article.firstSeen).day
        return order.compactMap { key -> Deal? in
            guard var group = groups[key], !group.isEmpty else { return nil }
            // Each family is named by its most specific member the reports give: the signing unit.
            if hasFamilies {
                var member: [Int: Int] = [:]
                for candidate in group {
                    for party in candidate.parties where member[root(party)].map({ parent($0) == nil }) ?? true {
                        member[root(party)] = party
                    }
                }
                for position in group.indices {
                    let renamed = group[position].parties.map { member[root($0)] ?? $0 }
                    group[position].parties = renamed
                }
            }
            guard let first = group.first else { return nil }
            let strongest = group.max { $0.weight < $1.weight } ?? first
            let status: DealStatus =
                group.contains { $0.status == .terminated }
                ? .terminated
                : group.contains { $0.status == .completed }
                    ? .completed : group.allSatisfy { $0.status == .rumoured } ? .rumoured : .announced
            var found = group.reduce(ModalityLexicon.Found()) { $0 | $1.modalities }
            // A deal whose sentences name no modality takes the article's only when it is the
            // article's one deal: a round-up's other stories name other products.
            if found.isEmpty, order.count == 1 { found = fallbackModalities }
            // Each party's role from the sentences that say it, the strongest first, and only
            // roles of the deal's type.
            func role(of index: Int, in candidate: Candidate) -> PartyRole? {
                guard let position = candidate.parties.firstIndex(of: index),
                    let role = candidate.roles[position], role.fits(strongest.type)
                else { return nil }
                return role
            }
            var parties = first.parties.map { index in
                let organization = organization(index, local: local)
                let role =
                    role(of: index, in: strongest)
                    ?? group.lazy.filter { $0.type == strongest.type }.compactMap { role(of: index, in: $0) }.first
                let owner = parent(index).map { self.organization($0, local: local) }
                // A subsidiary the text does not place is where its owner is ("Suzhou-based
                // Biocytogen's subsidiary Doer Biologics").
                return DealParty(
                    entityID: organization.id, name: organization.name.isEmpty ? nil : organization.name,
                    country: organization.country ?? owner?.country,
                    kind: organization.kind, role: role, parent: owner?.name)
            }
            // A licence (or distribution deal) whose sentences leave its direction open takes it
            // from what a party says it does elsewhere ("Bio-Thera stands to collect $8.5 million",
            // "Mankind will distribute the product").
            if Self.readsSides(strongest.type), parties.allSatisfy({ $0.role == nil }), !storySides.isEmpty {
                // Parties that say nothing take the side opposite the one the others say; when the
                // others say both sides, theirs stay unknown.
                let sides = first.parties.map { storySides[$0] }
                let known = Set(sides.compactMap { $0 })
                let other: PartyRole? =
                    known == [.licensor] ? .licensee : known == [.licensee] ? .licensor : nil
                if !known.isEmpty {
                    // A distributor takes the product as a licensee takes the rights.
                    let isDistribution = strongest.type == .distributionCommercialization
                    for position in parties.indices {
                        let side = sides[position] ?? other
                        parties[position].role =
                            isDistribution ? side.map { $0 == .licensor ? .provider : .client } : side
                    }
                }
            }
            let valued = group.filter { $0.terms.valueUSD != nil }.max {
                ($0.terms.valueUSD ?? 0) < ($1.terms.valueUSD ?? 0)
            }
            let evidence = String(decoding: strongest.evidence, as: UTF8.self)
            let confidence = min(0.95, 0.45 + Double(strongest.weight) * 0.04 + Double(group.count - 1) * 0.1)
            let source = DealSource(
                articleID: article.articleID, url: article.url, title: article.title, published: article.published,
                evidence: evidence)
            // The landscape is of Asia-Pacific deals: one whose parties are all placed, none in
            // the region, is outside it (a brief on a US-European takeover beside the APAC news);
            // so is one with a party placed outside it whose unplaced parties' sentences say
            // nothing of the region ("Alcon has bought Belkin Vision for $81 million" in a
            // round-up of Korean news).
            let unplaced = parties.contains { $0.country == nil }
            let placedOutside = parties.contains { $0.country != nil }
            guard
                parties.contains(where: { Region.apacCountries.contains($0.country ?? "") })
                    || (unplaced && (!placedOutside || group.contains(where: \.isRegional)))
            else { return nil }
            return Deal(
                dealID: "", parties: parties, dealType: strongest.type,
                modalities: found.names,
                valueUSD: valued?.terms.valueUSD, upfrontUSD: group.compactMap(\.terms.upfrontUSD).max(),
                valueOriginal: valued?.terms.valueOriginal, status: status, announced: day, confidence: confidence,
                sources: [source])
        }
    }

    /// An organisation by index: the gazetteer's, then the article's own unknown ones.
    private func organization(_ index: Int, local: [Organization]) -> Organization {
        let known = recognizer.gazetteer.organizations
        return index < known.count ? known[index] : local[index - known.count]
    }

    /// The gazetteer's hits with the organisations shaped like names added, in order; new ones
    /// join the article's `names`, and a name seen before keeps its index.
    private func withUnknownOrganizations(
        _ hits: [EntityRecognizer.Hit], in bytes: [UInt8], names: inout ArticleOrganizations
    ) -> [EntityRecognizer.Hit] {
        let hits = withCountryUnits(hits, in: bytes, names: &names)
        let (places, known) = split(hits)
        let found = UnknownOrganizations.find(in: bytes, known: known, places: places)
        guard !found.isEmpty else { return hits }
        let base = recognizer.gazetteer.organizations.count
        var merged = hits.filter { hit in !found.contains { $0.range.overlaps(hit.start..<hit.end) } }
        for name in found {
            let index = names.add(name: name.name, kind: name.kind, country: name.country)
            names.addBracketedAbbreviation(in: bytes, after: name.range.upperBound, of: index)
            merged.append(
                EntityRecognizer.Hit(
                    start: name.range.lowerBound, end: name.range.upperBound, target: .organization(base + index)))
        }
        return merged.sorted { $0.start < $1.start }
    }

    /// A known company with a country after it ("Pfizer Malaysia Sdn Bhd", "AstraZeneca Korea")
    /// is its unit there: an organisation of the article, of that country, owned by the company.
    /// Local units sign most of the region's MOUs and distribution deals.
    private func withCountryUnits(
        _ hits: [EntityRecognizer.Hit], in bytes: [UInt8], names: inout ArticleOrganizations
    ) -> [EntityRecognizer.Hit] {
        var result: [EntityRecognizer.Hit] = []
        result.reserveCapacity(hits.count)
        var index = 0
        while index < hits.count {
            let hit = hits[index]
            if case .organization(let company) = hit.target, index + 1 < hits.count,
                case .place(let placeIndex) = hits[index + 1].target,
                hits[index + 1].start == hit.end + 1, bytes[hit.end] == 0x20
            {
                let place = recognizer.gazetteer.places[placeIndex]
                let organization = recognizer.gazetteer.organizations[company]
                // The country's name, not its adjective: "Pfizer Korea", not "Pfizer Korean".
                let placeName = String(decoding: bytes[hits[index + 1].start..<hits[index + 1].end], as: UTF8.self)
                if place.level == .country, organization.kind == .company, organization.country != place.country,
                    placeName == place.name || !Self.adjectiveEndings.contains(where: { placeName.hasSuffix($0) })
                {
                    var end = hits[index + 1].end
                    while let suffix = Self.legalSuffixAfter(bytes, end) { end = suffix }
                    let name = String(decoding: bytes[hit.start..<end], as: UTF8.self)
                    let unit = names.add(name: name, kind: .company, country: place.country)
                    names.setOwner(company, of: unit)
                    result.append(
                        EntityRecognizer.Hit(
                            start: hit.start, end: end,
                            target: .organization(recognizer.gazetteer.organizations.count + unit)))
                    index += 2
                    continue
                }
            }
            result.append(hit)
            index += 1
        }
        return result
    }

    /// Endings of a country's adjective or of a base ("Korean", "Japanese", "British", "Thai",
    /// "Dutch", "Swiss", "US-based"), which name no unit.
    private static let adjectiveEndings = ["an", "ese", "ish", "i", "ch", "ss", "based"]

    /// The end of a legal suffix right after `end` (" Sdn Bhd", " Ltd", ", Inc."), if one is there;
    /// a sentence's full stop after it stays outside.
    private static func legalSuffixAfter(_ bytes: [UInt8], _ end: Int) -> Int? {
        var start = end
        if start < bytes.count, bytes[start] == UInt8(ascii: ",") { start += 1 }
        guard start < bytes.count, bytes[start] == 0x20 else { return nil }
        var wordEnd = start + 1
        while wordEnd < bytes.count, bytes[wordEnd] != 0x20, bytes[wordEnd] != UInt8(ascii: ","),
            bytes[wordEnd] != 0x0A
        {
            wordEnd += 1
        }
        guard wordEnd > start + 1 else { return nil }
        if UnknownOrganizations.legalSuffixes.contains(bytes, (start + 1)..<wordEnd) { return wordEnd }
        if bytes[wordEnd - 1] == UInt8(ascii: "."), wordEnd - 1 > start + 1,
            UnknownOrganizations.legalSuffixes.contains(bytes, (start + 1)..<(wordEnd - 1))
        {
            return wordEnd - 1
        }
        return nil
    }

    private func makeMentions(
        _ hits: [EntityRecognizer.Hit], bytes: [UInt8], field: TextField, articleID: String, local: [Organization]
    ) -> [Mention] {
        var mentions: [Mention] = []
        mentions.reserveCapacity(hits.count)
        // Offsets in Unicode scalars: count the bytes that start a scalar, walking forward once.
        var scalarOffset = 0
        var byteOffset = 0
        func advance(to target: Int) -> Int {
            while byteOffset < target {
                if bytes[byteOffset] & 0xC0 != 0x80 { scalarOffset += 1 }
                byteOffset += 1
            }
            return scalarOffset
        }
        for hit in hits {
            let start = advance(to: hit.start)
            let end = advance(to: hit.end)
            let surface = String(decoding: bytes[hit.start..<hit.end], as: UTF8.self)
            switch hit.target {
            case .organization(let index):
                let organization = organization(index, local: local)
                mentions.append(
                    Mention(
                        articleID: articleID, field: field, start: start, end: end, surface: surface,
                        type: .organization, entityID: organization.id, name: organization.name,
                        country: organization.country, kind: organization.kind))
            case .place(let index):
                let place = recognizer.gazetteer.places[index]
                mentions.append(
                    Mention(
                        articleID: articleID, field: field, start: start, end: end, surface: surface,
                        type: place.level == .country ? .country : .place, entityID: place.id, name: place.name,
                        country: place.country, kind: nil))
            }
        }
        return mentions
    }
}

extension DealExtractor.Candidate {
    /// A sentence that reports no deal but says who owns whom.
    fileprivate init(ownersOnly owners: [(owner: Int, owned: Int)]) {
        self.init(
            parties: [], roles: [], owners: owners, type: .other, weight: 0, status: .announced,
            modalities: ModalityLexicon.Found(),
            terms: DealTerms(), evidence: [])
    }
}

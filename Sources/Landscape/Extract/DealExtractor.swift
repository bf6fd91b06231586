/// Finds mentions and deals in articles. Built once per run; safe to share across threads.
public struct DealExtractor: Sendable {
    let recognizer: EntityRecognizer
    let lexicon = DealLexicon()
    let modalities = ModalityLexicon()
    let money: MoneyReader

    public init(gazetteer: Gazetteer, usdRates: [String: Double]) {
        recognizer = EntityRecognizer(gazetteer: gazetteer)
        money = MoneyReader(usdRates: usdRates)
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
        /// Owners the sentence names to place a party ("GCLTEC, a GC Cell subsidiary").
        var owners: [(owner: Int, owned: Int)] = []
        var type: DealType
        var weight: Int
        var status: DealStatus
        var modalities: [String]
        var valueUSD: Double?
        var upfrontUSD: Double?
        var evidence: String
    }

    /// Extracts the mentions and the deals of one article.
    public func extract(_ article: Article) -> ArticleExtraction {
        var mentions: [Mention] = []
        var candidates: [Candidate] = []
        var articleModalities: [String] = []
        var seenTexts: [String] = []  // two or three fields: comparing beats hashing whole texts
        // Organisations missing from the gazetteer, numbered after its own.
        var local: [Organization] = []
        for (field, text) in article.textFields {
            // Feeds often repeat the summary as the content: read each text once.
            guard !seenTexts.contains(text) else { continue }
            seenTexts.append(text)
            let bytes = Array(text.utf8)
            let hits = withUnknownOrganizations(recognizer.hits(in: bytes), in: bytes, local: &local)
            mentions.append(
                contentsOf: makeMentions(hits, bytes: bytes, field: field, articleID: article.articleID, local: local))
            let modalityMatches = modalities.matcher.longestMatches(in: bytes)
            articleModalities.append(contentsOf: modalities.names(of: modalityMatches))
            // Hits are ordered by start and cues by end, and sentences come in order, so each
            // sentence takes the next run of both: one pass over the text, not one per sentence.
            let cues = lexicon.matcher.allMatches(in: bytes)
            var hitIndex = 0
            var cueIndex = 0
            for sentence in SentenceSplitter.split(bytes) {
                while hitIndex < hits.count, hits[hitIndex].start < sentence.lowerBound { hitIndex += 1 }
                var hitEnd = hitIndex
                while hitEnd < hits.count, hits[hitEnd].start < sentence.upperBound { hitEnd += 1 }
                while cueIndex < cues.count, cues[cueIndex].end <= sentence.lowerBound { cueIndex += 1 }
                var cueEnd = cueIndex
                while cueEnd < cues.count, cues[cueEnd].end <= sentence.upperBound { cueEnd += 1 }
                if let candidate = candidate(
                    in: sentence, bytes: bytes, hits: hits[hitIndex..<hitEnd], cues: cues[cueIndex..<cueEnd],
                    modalityMatches: modalityMatches, local: local)
                {
                    candidates.append(candidate)
                }
                hitIndex = hitEnd
                cueIndex = cueEnd
            }
        }
        let fallbackModalities = ModalityLexicon.order.filter(Set(articleModalities).contains)
        let deals = merge(candidates, article: article, fallbackModalities: fallbackModalities, local: local)
        return ArticleExtraction(articleID: article.articleID, mentions: mentions, deals: deals)
    }

    private func candidate(
        in sentence: Range<Int>, bytes: [UInt8], hits: ArraySlice<EntityRecognizer.Hit>,
        cues: ArraySlice<PhraseMatcher.Match>,
        modalityMatches: [PhraseMatcher.Match], local: [Organization]
    ) -> Candidate? {
        var spans: [Range<Int>] = []
        var organizations: [Int] = []
        for hit in hits {
            if case .organization(let index) = hit.target {
                spans.append(hit.start..<hit.end)
                organizations.append(index)
            }
        }
        guard organizations.count >= 2 else { return nil }
        let roles = PartyRoles.roles(in: bytes, spans: spans, organizations: organizations)
        var parties: [Int] = []
        var owners: [(owner: Int, owned: Int)] = []
        for (organization, role) in zip(organizations, roles) {
            switch role {
            case .party:
                if !parties.contains(organization) { parties.append(organization) }
            case .owner(let owned):
                if let owned, owned != organization { owners.append((organization, owned)) }
            case .example:
                break
            }
        }
        guard parties.count >= 2 else { return owners.isEmpty ? nil : Candidate(ownersOnly: owners) }
        var best: (DealType, Int)?
        var hasGenericTrigger = false
        var status = DealStatus.announced
        var platformCues: [Int] = []
        var bestCue: PhraseMatcher.Match?
        // Cues are ordered by end: one that ends in the sentence may begin in the one before.
        for cue in cues where cue.start >= sentence.lowerBound {
            switch lexicon.cue(of: cue) {
            case .trigger(let type, let weight):
                if best == nil || weight > best?.1 ?? 0 {
                    best = (type, weight)
                    bestCue = cue
                }
            case .genericTrigger:
                hasGenericTrigger = true
            case .status(let cueStatus):
                // Termination outranks rumour, which outranks completion.
                switch (status, cueStatus) {
                case (.terminated, _): break
                case (.rumoured, .completed): break
                default: status = cueStatus
                }
            case .platform:
                platformCues.append(cue.start)
            }
        }
        guard best != nil || hasGenericTrigger else { return nil }
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
        // Every amount has digits: most sentences need no money reading at all.
        let hasDigits = bytes[sentence].contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let values =
            hasDigits ? MoneyReader.dealValues(money.amounts(in: Array(bytes[sentence]))) : (value: nil, upfront: nil)
        return Candidate(
            parties: parties, owners: owners, type: type, weight: best?.1 ?? 1, status: status,
            modalities: modalities.names(of: modalityMatches.lazy.filter { sentence.contains($0.start) }),
            valueUSD: values.value, upfrontUSD: values.upfront,
            evidence: String(decoding: bytes[sentence], as: UTF8.self))
    }

    private func fallbackType(for kinds: [OrganizationKind]) -> DealType {
        kinds.contains { $0 == .university || $0 == .hospital || $0 == .researchInstitute }
            ? .researchCollaboration : .mouStrategicAlliance
    }

    /// One deal per party set in the article: the strongest type, the most specific figures.
    private func merge(
        _ candidates: [Candidate], article: Article, fallbackModalities: [String], local: [Organization]
    ) -> [Deal] {
        // Once the article has said that an organisation owns a party, a later sentence naming
        // the owner stands for the subsidiary when that makes it a deal the article already
        // reports ("Sinopharm's manager signed" for a deal of a Sinopharm company). Before that,
        // or for a deal of its own, the owner is a party in its own right.
        var ownedBy: [Int: Int] = [:]
        let reported = Set(candidates.map { $0.parties.sorted() })
        var order: [[Int]] = []
        var groups: [[Int]: [Candidate]] = [:]
        for var candidate in candidates {
            defer {
                for (owner, owned) in candidate.owners where ownedBy[owner] == nil { ownedBy[owner] = owned }
            }
            guard candidate.parties.count >= 2 else { continue }
            let standing = candidate.parties.map { party in
                ownedBy[party].flatMap { candidate.parties.contains($0) ? nil : $0 } ?? party
            }
            if standing != candidate.parties, reported.contains(standing.sorted()) { candidate.parties = standing }
            let key = candidate.parties.sorted()
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(candidate)
        }
        return order.compactMap { key -> Deal? in
            guard let group = groups[key], let first = group.first else { return nil }
            let strongest = group.max { $0.weight < $1.weight } ?? first
            let statuses = Set(group.map(\.status))
            let status: DealStatus =
                statuses.contains(.terminated)
                ? .terminated
                : statuses.contains(.completed) ? .completed : statuses == [.rumoured] ? .rumoured : .announced
            var found = Set(group.flatMap(\.modalities))
            if found.isEmpty { found = Set(fallbackModalities) }
            let parties = first.parties.map { index in
                let organization = organization(index, local: local)
                return DealParty(
                    entityID: organization.id, name: organization.name, country: organization.country,
                    kind: organization.kind)
            }
            let evidence = strongest.evidence
            let confidence = min(0.95, 0.45 + Double(strongest.weight) * 0.04 + Double(group.count - 1) * 0.1)
            let source = DealSource(
                articleID: article.articleID, url: article.url, title: article.title, published: article.published,
                evidence: evidence)
            let day = (article.published ?? article.firstSeen).day
            return Deal(
                dealID: "", parties: parties, dealType: strongest.type,
                modalities: ModalityLexicon.order.filter(found.contains),
                valueUSD: group.compactMap(\.valueUSD).max(), upfrontUSD: group.compactMap(\.upfrontUSD).max(),
                status: status, announced: day, confidence: confidence, sources: [source])
        }
    }

    /// An organisation by index: the gazetteer's, then the article's own unknown ones.
    private func organization(_ index: Int, local: [Organization]) -> Organization {
        let known = recognizer.gazetteer.organizations
        return index < known.count ? known[index] : local[index - known.count]
    }

    /// The gazetteer's hits with the unknown organisations of the text added, in order; new
    /// ones are appended to `local`, and a name seen before keeps its index.
    private func withUnknownOrganizations(
        _ hits: [EntityRecognizer.Hit], in bytes: [UInt8], local: inout [Organization]
    ) -> [EntityRecognizer.Hit] {
        var known: [Range<Int>] = []
        var places: [(range: Range<Int>, country: String)] = []
        for hit in hits {
            switch hit.target {
            case .organization: known.append(hit.start..<hit.end)
            case .place(let index): places.append((hit.start..<hit.end, recognizer.gazetteer.places[index].country))
            }
        }
        let found = UnknownOrganizations.find(in: bytes, known: known, places: places)
        guard !found.isEmpty else { return hits }
        let base = recognizer.gazetteer.organizations.count
        var merged = hits.filter { hit in !found.contains { $0.range.overlaps(hit.start..<hit.end) } }
        for name in found {
            let id = "unknown:" + UnknownOrganizations.slug(name.name)
            let index: Int
            if let existing = local.firstIndex(where: { $0.id == id }) {
                index = existing
            } else {
                local.append(Organization(id: id, name: name.name, aliases: [], country: name.country, kind: name.kind))
                index = local.count - 1
            }
            merged.append(
                EntityRecognizer.Hit(
                    start: name.range.lowerBound, end: name.range.upperBound, target: .organization(base + index)))
        }
        return merged.sorted { $0.start < $1.start }
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
            parties: [], owners: owners, type: .other, weight: 0, status: .announced, modalities: [],
            valueUSD: nil, upfrontUSD: nil, evidence: "")
    }
}

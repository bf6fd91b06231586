/// Deals read back without `JSONDecoder` (see ``JSONScanner``): the same fields, required and
/// optional, as `Deal.init(from:)` and the synthesized conformances of its parts.
extension Deal: ScannableRecord {
    init(scanning scanner: inout JSONScanner) throws(JSONScanner.Failure) {
        var dealID: String?
        var parties: [DealParty]?
        var dealType: DealType?
        var modalities: [String]?
        var valueUSD: Double?
        var upfrontUSD: Double?
        var valueOriginal: MoneySum?
        var status: DealStatus?
        var announced: String?
        var countries: [String]?
        var isCrossBorder: Bool?
        var isAPAC: Bool?
        var confidence: Double?
        var sources: [DealSource]?
        var flags: [String]?
        try scanner.object { scanner, key throws(JSONScanner.Failure) in
            if key == "deal_id" {
                dealID = try scanner.string()
            } else if key == "parties" {
                var list: [DealParty] = []
                try scanner.array { scanner throws(JSONScanner.Failure) in
                    list.append(try DealParty(scanning: &scanner))
                }
                parties = list
            } else if key == "deal_type" {
                dealType = DealType(rawValue: try scanner.string())
            } else if key == "modalities" {
                modalities = try scanner.strings()
            } else if key == "value_usd" {
                valueUSD = try scanner.optionalDouble()
            } else if key == "upfront_usd" {
                upfrontUSD = try scanner.optionalDouble()
            } else if key == "value_original" {
                valueOriginal = scanner.null() ? nil : try MoneySum(scanning: &scanner)
            } else if key == "status" {
                status = DealStatus(rawValue: try scanner.string())
            } else if key == "announced" {
                announced = try scanner.optionalString()
            } else if key == "countries" {
                countries = try scanner.strings()
            } else if key == "cross_border" {
                isCrossBorder = try scanner.bool()
            } else if key == "apac" {
                isAPAC = try scanner.bool()
            } else if key == "confidence" {
                confidence = try scanner.double()
            } else if key == "sources" {
                var list: [DealSource] = []
                try scanner.array { scanner throws(JSONScanner.Failure) in
                    list.append(try DealSource(scanning: &scanner))
                }
                sources = list
            } else if key == "flags" {
                flags = scanner.null() ? nil : try scanner.strings()
            } else {
                try scanner.skipValue()
            }
        }
        guard let dealID, let parties, let dealType, let modalities, let status, let countries, let isCrossBorder,
            let isAPAC, let confidence, let sources
        else { throw JSONScanner.Failure(offset: 0) }
        self.init(
            dealID: dealID, parties: parties, dealType: dealType, modalities: modalities, valueUSD: valueUSD,
            upfrontUSD: upfrontUSD, valueOriginal: valueOriginal, status: status, announced: announced,
            confidence: confidence, sources: sources)
        // As recorded, not recomputed: the record is read back as it was written.
        self.countries = countries
        self.isCrossBorder = isCrossBorder
        self.isAPAC = isAPAC
        self.flags = flags ?? []
    }
}

extension DealParty {
    init(scanning scanner: inout JSONScanner) throws(JSONScanner.Failure) {
        var entityID: String?
        var name: String?
        var country: String?
        var kind: OrganizationKind?
        var role: PartyRole?
        var parent: String?
        try scanner.object { scanner, key throws(JSONScanner.Failure) in
            if key == "entity_id" {
                entityID = try scanner.string()
            } else if key == "name" {
                name = try scanner.optionalString()
            } else if key == "country" {
                country = try scanner.optionalString()
            } else if key == "kind" {
                kind = OrganizationKind(rawValue: try scanner.string())
            } else if key == "role" {
                if !scanner.null() {
                    guard let value = PartyRole(rawValue: try scanner.string()) else {
                        throw JSONScanner.Failure(offset: 0)
                    }
                    role = value
                }
            } else if key == "parent" {
                parent = try scanner.optionalString()
            } else {
                try scanner.skipValue()
            }
        }
        guard let entityID, let kind else { throw JSONScanner.Failure(offset: 0) }
        self.init(entityID: entityID, name: name, country: country, kind: kind, role: role, parent: parent)
    }
}

extension DealSource {
    init(scanning scanner: inout JSONScanner) throws(JSONScanner.Failure) {
        var articleID: String?
        var url: String?
        var title: String?
        var published: Timestamp?
        var evidence: String?
        try scanner.object { scanner, key throws(JSONScanner.Failure) in
            if key == "article_id" {
                articleID = try scanner.string()
            } else if key == "url" {
                url = try scanner.optionalString()
            } else if key == "title" {
                title = try scanner.optionalString()
            } else if key == "published" {
                published = try Timestamp(scanning: &scanner)
            } else if key == "evidence" {
                evidence = try scanner.string()
            } else {
                try scanner.skipValue()
            }
        }
        guard let articleID, let evidence else { throw JSONScanner.Failure(offset: 0) }
        self.init(articleID: articleID, url: url, title: title, published: published, evidence: evidence)
    }
}

extension MoneySum {
    init(scanning scanner: inout JSONScanner) throws(JSONScanner.Failure) {
        var amount: Double?
        var currency: String?
        try scanner.object { scanner, key throws(JSONScanner.Failure) in
            if key == "amount" {
                amount = try scanner.double()
            } else if key == "currency" {
                currency = try scanner.string()
            } else {
                try scanner.skipValue()
            }
        }
        guard let amount, let currency else { throw JSONScanner.Failure(offset: 0) }
        self.init(amount: amount, currency: currency)
    }
}

extension Timestamp {
    /// A time or `null`, as `Timestamp`'s `Decodable` conformance reads it.
    init?(scanning scanner: inout JSONScanner) throws(JSONScanner.Failure) {
        guard !scanner.null() else { return nil }
        guard let value = FeedDate.parse(try scanner.string()) else { throw JSONScanner.Failure(offset: 0) }
        self = value
    }
}

/// Deals read back without `JSONDecoder` (see ``JSONScanner``): the same fields, required and
/// optional, as `Deal.init(from:)` and the synthesized conformances of its parts.
extension Deal: ScannableRecord {
    init(scanning scanner: inout JSONScanner) throws(JSONScanner.Failure) {
        try self.init(scanning: &scanner, leavingSources: false)
    }

    /// Reads a deal; `leavingSources` passes over its sources, to be read from the line later
    /// (``DealSourcesOnDisk``), and leaves them empty.
    init(scanning scanner: inout JSONScanner, leavingSources: Bool) throws(JSONScanner.Failure) {
        var dealID: DealID?
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
            switch key {
            case "deal_id":
                dealID = try DealID(scanning: &scanner)
            case "parties":
                var list: [DealParty] = []
                try scanner.array { scanner throws(JSONScanner.Failure) in
                    // One organisation in one role is many deals' party: one box for all of them.
                    list.append(
                        try scanner.shared { scanner throws(JSONScanner.Failure) in try DealParty(scanning: &scanner) })
                }
                parties = list
            case "deal_type":
                dealType = DealType(rawValue: try scanner.string())
            case "modalities":
                // A few lists of modalities and countries are most deals': one array for each.
                modalities = try scanner.shared { scanner throws(JSONScanner.Failure) in try scanner.strings() }
            case "value_usd":
                valueUSD = try scanner.optionalDouble()
            case "upfront_usd":
                upfrontUSD = try scanner.optionalDouble()
            case "value_original":
                valueOriginal = scanner.null() ? nil : try MoneySum(scanning: &scanner)
            case "status":
                status = DealStatus(rawValue: try scanner.string())
            case "announced":
                announced = try scanner.optionalString()
            case "countries":
                countries = try scanner.shared { scanner throws(JSONScanner.Failure) in try scanner.strings() }
            case "cross_border":
                isCrossBorder = try scanner.bool()
            case "apac":
                isAPAC = try scanner.bool()
            case "confidence":
                confidence = try scanner.double()
            case "sources" where leavingSources:
                try scanner.skipValue()
                sources = []
            case "sources":
                sources = try DealSource.list(scanning: &scanner)
            case "flags":
                flags =
                    scanner.null()
                    ? nil : try scanner.shared { scanner throws(JSONScanner.Failure) in try scanner.strings() }
            default:
                try scanner.skipValue()
            }
        }
        guard let dealID, let parties, let dealType, let modalities, let status, let countries, let isCrossBorder,
            let isAPAC, let confidence, let sources
        else { throw JSONScanner.Failure() }
        self.init(
            recorded: dealID, parties: parties, dealType: dealType, modalities: modalities, valueUSD: valueUSD,
            upfrontUSD: upfrontUSD, valueOriginal: valueOriginal, status: status, announced: announced,
            countries: countries, isCrossBorder: isCrossBorder, isAPAC: isAPAC, confidence: confidence,
            sources: sources, flags: flags ?? [])
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
            switch key {
            case "entity_id":
                entityID = try scanner.sharedString()
            case "name":
                name = try scanner.optionalSharedString()
            case "country":
                country = try scanner.optionalString()
            case "kind":
                kind = OrganizationKind(rawValue: try scanner.string())
            case "role":
                if !scanner.null() {
                    guard let value = PartyRole(rawValue: try scanner.string()) else {
                        throw JSONScanner.Failure()
                    }
                    role = value
                }
            case "parent":
                parent = try scanner.optionalSharedString()
            default:
                try scanner.skipValue()
            }
        }
        guard let entityID, let kind else { throw JSONScanner.Failure() }
        self.init(entityID: entityID, name: name, country: country, kind: kind, role: role, parent: parent)
    }
}

extension DealSource {
    /// A deal's `sources` array.
    static func list(scanning scanner: inout JSONScanner) throws(JSONScanner.Failure) -> [DealSource] {
        var list: [DealSource] = []
        try scanner.array { scanner throws(JSONScanner.Failure) in
            list.append(try DealSource(scanning: &scanner))
        }
        return list
    }

    init(scanning scanner: inout JSONScanner) throws(JSONScanner.Failure) {
        var articleID: String?
        var url: String?
        var title: String?
        var published: Timestamp?
        var evidence: String?
        try scanner.object { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "article_id":
                articleID = try scanner.string()
            case "url":
                url = try scanner.optionalString()
            case "title":
                title = try scanner.optionalString()
            case "published":
                published = try Timestamp(scanning: &scanner)
            case "evidence":
                evidence = try scanner.string()
            default:
                try scanner.skipValue()
            }
        }
        guard let articleID, let evidence else { throw JSONScanner.Failure() }
        self.init(articleID: articleID, url: url, title: title, published: published, evidence: evidence)
    }
}

extension MoneySum {
    init(scanning scanner: inout JSONScanner) throws(JSONScanner.Failure) {
        var amount: Double?
        var currency: String?
        try scanner.object { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "amount":
                amount = try scanner.double()
            case "currency":
                currency = try scanner.string()
            default:
                try scanner.skipValue()
            }
        }
        guard let amount, let currency else { throw JSONScanner.Failure() }
        self.init(amount: amount, currency: currency)
    }
}

extension Timestamp {
    /// A time or `null`, as `Timestamp`'s `Decodable` conformance reads it.
    init?(scanning scanner: inout JSONScanner) throws(JSONScanner.Failure) {
        guard !scanner.null() else { return nil }
        guard let value = FeedDate.parse(try scanner.string()) else { throw JSONScanner.Failure() }
        self = value
    }
}

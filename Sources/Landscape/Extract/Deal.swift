/// The kinds of agreement the landscape tells apart.
public enum DealType: String, Sendable, Hashable, Codable, CaseIterable {
    case licensing
    case coDevelopment = "co_development"
    case researchCollaboration = "research_collaboration"
    case cdmoManufacturing = "cdmo_manufacturing"
    case distributionCommercialization = "distribution_commercialization"
    case mAndA = "m_and_a"
    case equityInvestment = "equity_investment"
    case technologyPlatform = "technology_platform"
    case mouStrategicAlliance = "mou_strategic_alliance"
    case other
}

/// Where a deal stands according to its reports.
public enum DealStatus: String, Sendable, Hashable, Codable {
    case announced, completed, terminated, rumoured
}

/// The part a party plays in a deal (`parties[].role` of the deal record).
///
/// Licences and acquisitions have a direction (the asset goes from licensor to licensee, the
/// company from target or seller to acquirer); investments go from investor to investee; CDMO,
/// distribution and platform deals have a provider and a client; symmetric deals (co-development,
/// research, alliances) make every party a partner.
public enum PartyRole: String, Sendable, Hashable, Codable, CaseIterable {
    case licensor, licensee, acquirer, target, seller, investor, investee, provider, client, partner

    /// Whether a party of a deal of `type` can play this role.
    public func fits(_ type: DealType) -> Bool {
        switch type {
        case .licensing, .technologyPlatform: return self == .licensor || self == .licensee
        case .mAndA: return self == .acquirer || self == .target || self == .seller
        case .equityInvestment: return self == .investor || self == .investee
        case .cdmoManufacturing, .distributionCommercialization: return self == .provider || self == .client
        case .coDevelopment, .researchCollaboration, .mouStrategicAlliance, .other: return self == .partner
        }
    }
}

/// A sum of money in the currency a text gave it in.
public struct MoneySum: Sendable, Hashable, Codable {
    public let amount: Double
    /// ISO 4217 code.
    public let currency: String

    public init(amount: Double, currency: String) {
        self.amount = amount
        self.currency = currency
    }
}

/// One party of a deal, resolved to a canonical organisation.
///
/// The fields live in one immutable box that a reader of many deals shares between every
/// party it reads with the same fields (``Deal/init(scanning:leavingSources:)``): a party is
/// one reference, and a million deals' parties are arrays of references to a few thousand
/// boxes, not a million copies of the same names.
public struct DealParty: Sendable, Hashable, Codable {
    public var entityID: String { fields.entityID }
    /// The canonical name; `nil` for a counterparty the text describes but does not name ("a
    /// Qatari distributor"), whose id is `unnamed:<country>-<noun>`.
    public var name: String? { fields.name }
    public var country: String? { fields.country }
    public var kind: OrganizationKind { fields.kind }
    /// What the party does in the deal; `nil` where the text does not say.
    /// Setting it gives the party a box of its own, unless the role stays the same.
    public var role: PartyRole? {
        get { fields.role }
        set { if newValue != fields.role { fields = Fields(fields, role: newValue, parent: fields.parent) } }
    }
    /// The canonical name of the organisation that owns the party, if it is a subsidiary.
    public var parent: String? {
        get { fields.parent }
        set { if newValue != fields.parent { fields = Fields(fields, role: fields.role, parent: newValue) } }
    }

    private var fields: Fields

    private final class Fields: Sendable {
        let entityID: String
        let name: String?
        let country: String?
        let parent: String?
        let kind: OrganizationKind
        let role: PartyRole?

        init(
            entityID: String, name: String?, country: String?, kind: OrganizationKind, role: PartyRole?,
            parent: String?
        ) {
            self.entityID = entityID
            self.name = name
            self.country = country
            self.kind = kind
            self.role = role
            self.parent = parent
        }

        convenience init(_ other: Fields, role: PartyRole?, parent: String?) {
            self.init(
                entityID: other.entityID, name: other.name, country: other.country, kind: other.kind, role: role,
                parent: parent)
        }
    }

    public init(
        entityID: String, name: String?, country: String?, kind: OrganizationKind, role: PartyRole? = nil,
        parent: String? = nil
    ) {
        fields = Fields(entityID: entityID, name: name, country: country, kind: kind, role: role, parent: parent)
    }

    /// Whether `other` holds this party's very fields: read from the same bytes, never changed.
    func sharesFields(with other: DealParty) -> Bool { fields === other.fields }

    public static func == (lhs: DealParty, rhs: DealParty) -> Bool {
        let (a, b) = (lhs.fields, rhs.fields)
        return a === b
            || (a.entityID == b.entityID && a.name == b.name && a.country == b.country && a.kind == b.kind
                && a.role == b.role && a.parent == b.parent)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entityID)
        hasher.combine(name)
        hasher.combine(country)
        hasher.combine(kind)
        hasher.combine(role)
        hasher.combine(parent)
    }

    enum CodingKeys: String, CodingKey {
        case entityID = "entity_id"
        case name, country, kind, role, parent
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            entityID: try container.decode(String.self, forKey: .entityID),
            name: try container.decodeIfPresent(String.self, forKey: .name),
            country: try container.decodeIfPresent(String.self, forKey: .country),
            kind: try container.decode(OrganizationKind.self, forKey: .kind),
            role: try container.decodeIfPresent(PartyRole.self, forKey: .role),
            parent: try container.decodeIfPresent(String.self, forKey: .parent))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entityID, forKey: .entityID)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encodeIfPresent(country, forKey: .country)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(role, forKey: .role)
        try container.encodeIfPresent(parent, forKey: .parent)
    }
}

/// One report of a deal, with the sentence that states it.
public struct DealSource: Sendable, Hashable, Codable {
    public let articleID: String
    public let url: String?
    public let title: String?
    public let published: Timestamp?
    public let evidence: String

    public init(articleID: String, url: String?, title: String?, published: Timestamp?, evidence: String) {
        self.articleID = articleID
        self.url = url
        self.title = title
        self.published = published
        self.evidence = evidence
    }

    enum CodingKeys: String, CodingKey {
        case articleID = "article_id"
        case url, title, published, evidence
    }
}

/// A partnership between two or more organisations (the `deal` record of the output contract).
///
/// The fields live in one reference-counted box, copied on write: a landscape's deals are
/// copied, filtered and handed between stages by the million, and a copy of a box is one
/// retain, not one for each of the fifteen fields.
public struct Deal: Sendable, Hashable, Codable {
    /// The id's text; ``id`` is the id itself, for sorting, comparing and hashing a million.
    public var dealID: String {
        get { storage.dealID.description }
        set {
            makeStorageUnique()
            storage.dealID = DealID(newValue)
        }
    }
    public var id: DealID {
        get { storage.dealID }
        set {
            makeStorageUnique()
            storage.dealID = newValue
        }
    }
    public var parties: [DealParty] {
        get { storage.parties.array }
        _modify {
            makeStorageUnique()
            var parties = storage.parties.array
            storage.parties = Storage.Parties([])
            defer { storage.parties = Storage.Parties(parties) }
            yield &parties
        }
    }
    public var dealType: DealType {
        get { storage.dealType }
        _modify {
            makeStorageUnique()
            yield &storage.dealType
        }
    }
    public var modalities: [String] {
        get { storage.modalities }
        _modify {
            makeStorageUnique()
            yield &storage.modalities
        }
    }
    /// Total potential value: the stated total, or upfront plus milestones.
    public var valueUSD: Double? {
        get { storage.valueUSD }
        _modify {
            makeStorageUnique()
            yield &storage.valueUSD
        }
    }
    public var upfrontUSD: Double? {
        get { storage.upfrontUSD }
        _modify {
            makeStorageUnique()
            yield &storage.upfrontUSD
        }
    }
    /// `valueUSD` in the currency the text gave it in, when that is not US dollars.
    public var valueOriginal: MoneySum? {
        get { storage.valueOriginal?.sum }
        set {
            makeStorageUnique()
            storage.valueOriginal = newValue.map(Storage.Money.init)
        }
    }
    public var status: DealStatus {
        get { storage.status }
        _modify {
            makeStorageUnique()
            yield &storage.status
        }
    }
    /// `YYYY-MM-DD` of the earliest report.
    public var announced: String? {
        get { storage.announced }
        _modify {
            makeStorageUnique()
            yield &storage.announced
        }
    }
    public var countries: [String] {
        get { storage.countries }
        _modify {
            makeStorageUnique()
            yield &storage.countries
        }
    }
    public var isCrossBorder: Bool {
        get { storage.isCrossBorder }
        _modify {
            makeStorageUnique()
            yield &storage.isCrossBorder
        }
    }
    public var isAPAC: Bool {
        get { storage.isAPAC }
        _modify {
            makeStorageUnique()
            yield &storage.isAPAC
        }
    }
    public var confidence: Double {
        get { storage.confidence }
        _modify {
            makeStorageUnique()
            yield &storage.confidence
        }
    }
    public var sources: [DealSource] {
        get { storage.heldSources }
        _modify {
            makeStorageUnique()
            // Taken out while changed, so that the array's buffer has one owner.
            var held = storage.heldSources
            storage.sources = .held([])
            defer { storage.sources = .held(held) }
            yield &held
        }
    }
    /// The names of the pipeline's flag rules the deal meets, set by the aggregate stage.
    public var flags: [String] {
        get { storage.flags }
        // Setting the flags a deal has already changes nothing, so its storage stays shared with
        // the deal it was copied from: each night re-flags and clears the flags of every deal.
        set {
            guard newValue != storage.flags else { return }
            makeStorageUnique()
            storage.flags = newValue
        }
        _modify {
            makeStorageUnique()
            yield &storage.flags
        }
    }

    /// The parties one by one, without the array ``parties`` makes of them: for a loop over a
    /// million deals' parties.
    func forEachParty(_ body: (DealParty) throws -> Void) rethrows {
        try storage.parties.forEach(body)
    }

    private var storage: Storage

    /// The fields. Changed only through a ``Deal`` that holds the sole reference.
    ///
    /// A million deals' boxes are held at once, so every byte of one counts: a box of 136
    /// bytes is a 144-byte block of the allocator, one of 164 (as this was) a 176-byte one,
    /// 29 MB at a million deals. The parties take sixteen bytes (``Parties``); the optional
    /// amounts eight each (``Amount``), not sixteen; the sum in another currency, which few
    /// deals have, is a reference to a box of its own; the sources are in memory or on disk,
    /// one field of twelve bytes; the one-byte fields come last, where nothing after them
    /// needs aligning.
    private final class Storage: @unchecked Sendable {
        var dealID: DealID
        var parties: Parties
        var modalities: [String]
        var countries: [String]
        var flags: [String]
        var confidence: Double
        private var value: Amount
        private var upfront: Amount
        var valueOriginal: Money?
        var announced: String?
        var sources: Sources
        var dealType: DealType
        var status: DealStatus
        var isCrossBorder: Bool
        var isAPAC: Bool

        var valueUSD: Double? {
            get { value.dollars }
            set { value = Amount(newValue) }
        }
        var upfrontUSD: Double? {
            get { upfront.dollars }
            set { upfront = Amount(newValue) }
        }

        /// An optional amount in eight bytes: none is a signalling NaN with a payload of its
        /// own, which no arithmetic makes (it makes quiet NaNs) and no JSON number reads as.
        struct Amount {
            private let bits: UInt64
            private static let none: UInt64 = 0x7FF0_0000_4E4F_4E45

            init(_ dollars: Double?) { bits = dollars?.bitPattern ?? Self.none }

            var dollars: Double? { bits == Self.none ? nil : Double(bitPattern: bits) }
        }

        /// The parties, two (most deals') in the box itself, more in an array: an array of two
        /// is an allocation of its own, 64 bytes, where the box grows by 16. Sixteen bytes, the
        /// case told by bits the references leave spare.
        enum Parties {
            case none
            case one(DealParty)
            case two(DealParty, DealParty)
            /// Every party, when there are more than two.
            case many([DealParty])

            init(_ parties: [DealParty]) {
                switch parties.count {
                case 0: self = .none
                case 1: self = .one(parties[0])
                case 2: self = .two(parties[0], parties[1])
                default: self = .many(parties)
                }
            }

            var array: [DealParty] {
                switch self {
                case .none: []
                case .one(let first): [first]
                case .two(let first, let second): [first, second]
                case .many(let all): all
                }
            }

            func forEach(_ body: (DealParty) throws -> Void) rethrows {
                switch self {
                case .none: break
                case .one(let first): try body(first)
                case .two(let first, let second):
                    try body(first)
                    try body(second)
                case .many(let all): try all.forEach(body)
                }
            }
        }

        final class Money: Sendable {
            let sum: MoneySum
            init(_ sum: MoneySum) { self.sum = sum }
        }

        enum Sources {
            case held([DealSource])
            /// Where the sources are, for a deal read back with its sources left in its line.
            case onDisk(DealSourcesOnDisk)
        }

        init(
            dealID: DealID, parties: [DealParty], dealType: DealType, modalities: [String], valueUSD: Double?,
            upfrontUSD: Double?, valueOriginal: MoneySum?, status: DealStatus, announced: String?, countries: [String],
            isCrossBorder: Bool, isAPAC: Bool, confidence: Double, sources: [DealSource], flags: [String]
        ) {
            self.dealID = dealID
            self.parties = Parties(parties)
            self.dealType = dealType
            self.modalities = modalities
            value = Amount(valueUSD)
            upfront = Amount(upfrontUSD)
            self.valueOriginal = valueOriginal.map(Money.init)
            self.status = status
            self.announced = announced
            self.countries = countries
            self.isCrossBorder = isCrossBorder
            self.isAPAC = isAPAC
            self.confidence = confidence
            self.sources = .held(sources)
            self.flags = flags
        }

        var heldSources: [DealSource] {
            switch sources {
            case .held(let held): held
            case .onDisk(let line): line.sources(of: dealID)
            }
        }

        var onDisk: DealSourcesOnDisk? {
            if case .onDisk(let line) = sources { return line }
            return nil
        }

        /// A copy to change, with the sources in memory: a deal changed is no longer its line.
        func copy() -> Storage {
            Storage(
                dealID: dealID, parties: parties.array, dealType: dealType, modalities: modalities, valueUSD: valueUSD,
                upfrontUSD: upfrontUSD, valueOriginal: valueOriginal?.sum, status: status, announced: announced,
                countries: countries, isCrossBorder: isCrossBorder, isAPAC: isAPAC, confidence: confidence,
                sources: heldSources, flags: flags)
        }

        /// A copy to change whose sources stay on their line.
        func copy(leavingSourcesOn disk: DealSourcesOnDisk) -> Storage {
            let copy = Storage(
                dealID: dealID, parties: parties.array, dealType: dealType, modalities: modalities, valueUSD: valueUSD,
                upfrontUSD: upfrontUSD, valueOriginal: valueOriginal?.sum, status: status, announced: announced,
                countries: countries, isCrossBorder: isCrossBorder, isAPAC: isAPAC, confidence: confidence,
                sources: [], flags: flags)
            copy.sources = .onDisk(disk)
            return copy
        }
    }

    /// Before any change: a deal whose sources are in a file flagged under a policy is copied
    /// too, with its sources, so that a deal changed never passes for its line and its flags
    /// (``flagsRecordedUnder``). A deal of a file not flagged yet passes for nothing: changed
    /// (its flags set), it keeps its sources on their line.
    private mutating func makeStorageUnique() {
        if let disk = storage.onDisk, disk.file.flaggedUnder == nil {
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(leavingSourcesOn: disk) }
            return
        }
        if !isKnownUniquelyReferenced(&storage) || storage.onDisk != nil { storage = storage.copy() }
    }

    /// Whether `other` is this deal's very storage, a copy never changed: equal at no cost.
    func isIdentical(to other: Deal) -> Bool { storage === other.storage }

    /// Leaves the deal's sources in the line it was read from, or written to, until they are
    /// first asked for (``DealSourcesOnDisk``); the sources it holds, if any, must be the line's.
    mutating func leaveSources(on disk: DealSourcesOnDisk) {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        storage.sources = .onDisk(disk)
    }

    /// The policy the deal's flags were set under, for a deal read back unchanged from a file
    /// whose flags are known to be that policy's (``DealSourcesFile/flaggedUnder``).
    var flagsRecordedUnder: String? { storage.onDisk?.file.flaggedUnder }

    public static func == (lhs: Deal, rhs: Deal) -> Bool {
        if lhs.isIdentical(to: rhs) { return true }
        let (a, b) = (lhs.storage, rhs.storage)
        return a.dealID == b.dealID && a.parties.array == b.parties.array && a.dealType == b.dealType
            && a.modalities == b.modalities && a.valueUSD == b.valueUSD && a.upfrontUSD == b.upfrontUSD
            && a.valueOriginal?.sum == b.valueOriginal?.sum && a.status == b.status && a.announced == b.announced
            && a.countries == b.countries && a.isCrossBorder == b.isCrossBorder && a.isAPAC == b.isAPAC
            && a.confidence == b.confidence && a.heldSources == b.heldSources && a.flags == b.flags
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.dealID)
        hasher.combine(storage.parties.array)
        hasher.combine(storage.dealType)
        hasher.combine(storage.modalities)
        hasher.combine(storage.valueUSD)
        hasher.combine(storage.upfrontUSD)
        hasher.combine(storage.valueOriginal?.sum)
        hasher.combine(storage.status)
        hasher.combine(storage.announced)
        hasher.combine(storage.countries)
        hasher.combine(storage.isCrossBorder)
        hasher.combine(storage.isAPAC)
        hasher.combine(storage.confidence)
        hasher.combine(storage.heldSources)
        hasher.combine(storage.flags)
    }

    public init(
        dealID: String, parties: [DealParty], dealType: DealType, modalities: [String], valueUSD: Double?,
        upfrontUSD: Double?, valueOriginal: MoneySum? = nil, status: DealStatus, announced: String?,
        confidence: Double, sources: [DealSource]
    ) {
        storage = Storage(
            dealID: DealID(dealID), parties: parties, dealType: dealType, modalities: modalities, valueUSD: valueUSD,
            upfrontUSD: upfrontUSD, valueOriginal: valueOriginal, status: status, announced: announced, countries: [],
            isCrossBorder: false, isAPAC: false, confidence: confidence, sources: sources, flags: [])
        refreshGeography()
    }

    /// A deal as a record holds it, its geography as recorded rather than worked out again
    /// from the parties: the record is read back as it was written.
    init(
        recorded dealID: DealID, parties: [DealParty], dealType: DealType, modalities: [String], valueUSD: Double?,
        upfrontUSD: Double?, valueOriginal: MoneySum?, status: DealStatus, announced: String?, countries: [String],
        isCrossBorder: Bool, isAPAC: Bool, confidence: Double, sources: [DealSource], flags: [String]
    ) {
        storage = Storage(
            dealID: dealID, parties: parties, dealType: dealType, modalities: modalities, valueUSD: valueUSD,
            upfrontUSD: upfrontUSD, valueOriginal: valueOriginal, status: status, announced: announced,
            countries: countries, isCrossBorder: isCrossBorder, isAPAC: isAPAC, confidence: confidence,
            sources: sources, flags: flags)
    }

    /// Recomputes `countries`, `isCrossBorder` and `isAPAC` from the parties.
    public mutating func refreshGeography() {
        // A deal has a handful of parties: a sorted insert beats hashing into a set.
        var sorted: [String] = []
        for case let country? in parties.map(\.country) {
            let position = sorted.firstIndex { $0 >= country } ?? sorted.count
            if position == sorted.count || sorted[position] != country { sorted.insert(country, at: position) }
        }
        countries = sorted
        isCrossBorder = countries.count > 1
        isAPAC = countries.contains { Region.apacCountries.contains($0) }
    }

    /// The sorted entity ids of the parties: the key under which reports of one deal meet.
    public var partyKey: String {
        parties.map(\.entityID).sorted().joined(separator: "|")
    }

    enum CodingKeys: String, CodingKey {
        case dealID = "deal_id"
        case parties
        case dealType = "deal_type"
        case modalities
        case valueUSD = "value_usd"
        case upfrontUSD = "upfront_usd"
        case valueOriginal = "value_original"
        case status, announced, countries
        case isCrossBorder = "cross_border"
        case isAPAC = "apac"
        case confidence, sources, flags
    }

    /// Reads a deal record; one from a snapshot older than `flags` (schema 3.1) has none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        storage = Storage(
            dealID: DealID(try container.decode(String.self, forKey: .dealID)),
            parties: try container.decode([DealParty].self, forKey: .parties),
            dealType: try container.decode(DealType.self, forKey: .dealType),
            modalities: try container.decode([String].self, forKey: .modalities),
            valueUSD: try container.decodeIfPresent(Double.self, forKey: .valueUSD),
            upfrontUSD: try container.decodeIfPresent(Double.self, forKey: .upfrontUSD),
            valueOriginal: try container.decodeIfPresent(MoneySum.self, forKey: .valueOriginal),
            status: try container.decode(DealStatus.self, forKey: .status),
            announced: try container.decodeIfPresent(String.self, forKey: .announced),
            countries: try container.decode([String].self, forKey: .countries),
            isCrossBorder: try container.decode(Bool.self, forKey: .isCrossBorder),
            isAPAC: try container.decode(Bool.self, forKey: .isAPAC),
            confidence: try container.decode(Double.self, forKey: .confidence),
            sources: try container.decode([DealSource].self, forKey: .sources),
            flags: try container.decodeIfPresent([String].self, forKey: .flags) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dealID, forKey: .dealID)
        try container.encode(parties, forKey: .parties)
        try container.encode(dealType, forKey: .dealType)
        try container.encode(modalities, forKey: .modalities)
        try container.encodeIfPresent(valueUSD, forKey: .valueUSD)
        try container.encodeIfPresent(upfrontUSD, forKey: .upfrontUSD)
        try container.encodeIfPresent(valueOriginal, forKey: .valueOriginal)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(announced, forKey: .announced)
        try container.encode(countries, forKey: .countries)
        try container.encode(isCrossBorder, forKey: .isCrossBorder)
        try container.encode(isAPAC, forKey: .isAPAC)
        try container.encode(confidence, forKey: .confidence)
        try container.encode(sources, forKey: .sources)
        try container.encode(flags, forKey: .flags)
    }
}

extension Deal: JSONLineRecord {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("deal_id", id)
        writer.key("parties")
        writer.beginArray()
        forEachParty { party in
            writer.beginObject()
            writer.field("entity_id", party.entityID)
            writer.field("name", party.name)
            writer.field("country", party.country)
            writer.field("kind", party.kind.rawValue)
            writer.field("role", party.role?.rawValue)
            writer.field("parent", party.parent)
            writer.endObject()
        }
        writer.endArray()
        writer.field("deal_type", dealType.rawValue)
        writer.field("modalities", modalities)
        writer.field("value_usd", valueUSD)
        writer.field("upfront_usd", upfrontUSD)
        if let valueOriginal {
            writer.key("value_original")
            writer.beginObject()
            writer.field("amount", valueOriginal.amount)
            writer.field("currency", valueOriginal.currency)
            writer.endObject()
        } else {
            writer.field("value_original", nil as String?)
        }
        writer.field("status", status.rawValue)
        writer.field("announced", announced)
        writer.field("countries", countries)
        writer.field("cross_border", isCrossBorder)
        writer.field("apac", isAPAC)
        writer.field("flags", flags)
        writer.field("confidence", (confidence * 100).rounded() / 100)
        writer.key("sources")
        writer.beginArray()
        for source in sources {
            writer.beginObject()
            writer.field("article_id", source.articleID)
            writer.field("url", source.url)
            writer.field("title", source.title)
            writer.field("published", source.published?.iso8601)
            writer.field("evidence", source.evidence)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }
}

/// What kind of body an organisation is.
public enum OrganizationKind: String, Sendable, Hashable, Codable, CaseIterable {
    case company, university
    case researchInstitute = "research_institute"
    case hospital, government, other
}

/// One organisation of the gazetteer: a canonical name and everything it is also called.
public struct Organization: Sendable, Hashable {
    public let id: String
    public let name: String
    public let aliases: [String]
    /// ISO 3166-1 alpha-2 code of its headquarters.
    public let country: String?
    public let kind: OrganizationKind
    /// Id of the organisation that owns this one, if it is a subsidiary.
    public let parent: String?
    /// A contract development and manufacturing organisation: in a deal that does not say
    /// otherwise, it makes the product for the other side.
    public let isContractManufacturer: Bool

    public init(
        id: String, name: String, aliases: [String], country: String?, kind: OrganizationKind, parent: String? = nil,
        isContractManufacturer: Bool = false
    ) {
        self.id = id
        self.name = name
        self.aliases = aliases
        self.country = country
        self.kind = kind
        self.parent = parent
        self.isContractManufacturer = isContractManufacturer
    }
}

/// A country or a city, found in text to place organisations and stories.
public struct Place: Sendable, Hashable {
    public enum Level: String, Sendable, Hashable { case country, city }
    public let id: String
    public let name: String
    public let aliases: [String]
    public let country: String
    public let level: Level
}

/// Countries counted as Asia-Pacific for the `apac` flag of a deal.
public enum Region {
    public static let apacCountries: Set<String> = [
        "CN", "HK", "MO", "TW", "KR", "JP", "SG", "IN", "AU", "NZ", "MY", "TH", "VN", "ID", "PH", "KH", "LA", "MM",
        "BN", "BD", "LK", "PK", "NP", "BT", "MN", "MV", "PG", "FJ",
    ]

    /// The currencies of those countries (ISO 4217): an amount in one places a deal in the region.
    public static let apacCurrencies: Set<String> = [
        "CNY", "HKD", "MOP", "TWD", "KRW", "JPY", "SGD", "INR", "AUD", "NZD", "MYR", "THB", "VND", "IDR", "PHP",
        "KHR", "LAK", "MMK", "BND", "BDT", "LKR", "PKR", "NPR", "BTN", "MNT", "MVR", "PGK", "FJD",
    ]
}

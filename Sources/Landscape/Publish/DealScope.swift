/// Where a deal's parties sit, the question `../shared/DOMAIN.md` asks of the network: does the
/// region deal within itself, with the US and Europe, or at home?
public enum DealScope: String, Sendable, CaseIterable {
    /// Every placed party in one country.
    case domestic
    /// Parties in two or more Asia-Pacific countries and nowhere else.
    case apacAPAC = "APAC–APAC"
    /// An Asia-Pacific party with a party in the US or Europe.
    case apacWest = "APAC–US/Europe"
    /// Any other cross-border deal (with the Middle East, Latin America, Canada...).
    case other
    /// No party placed.
    case unplaced

    public init(_ deal: Deal) {
        let countries = deal.countries
        if countries.isEmpty {
            self = .unplaced
        } else if countries.count == 1 {
            self = .domestic
        } else if countries.allSatisfy(Region.apacCountries.contains) {
            self = .apacAPAC
        } else if countries.contains(where: Region.apacCountries.contains),
            countries.contains(where: { $0 == "US" || Self.europe.contains($0) })
        {
            self = .apacWest
        } else {
            self = .other
        }
    }

    /// Europe for this question: the EU, the EEA, the UK and Switzerland.
    static let europe: Set<String> = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
        "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "GB", "CH",
    ]
}

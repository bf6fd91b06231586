/// Settings of the extract stage (`extract:`): gazetteer files and currency rates.
public struct ExtractOptions: Sendable, Hashable, Codable {
    /// Absolute path of the organisation gazetteer (JSON lines).
    public var gazetteerPath: String
    /// Absolute path of the place gazetteer (countries, demonyms, cities).
    public var placesPath: String
    /// USD value of one unit of each currency, as of `ratesDate`.
    public var usdRates: [String: Double]
    public var ratesDate: String
    /// Bytes of summary and of content kept per article (`max_text_bytes`); longer text is cut
    /// and the run says how many articles were.
    public var maxTextBytes = 1_000_000
    /// Mentions kept per article (`max_mentions`), the first ones in the text.
    public var maxMentionsPerArticle = 5_000

    public init(gazetteerPath: String, placesPath: String, usdRates: [String: Double], ratesDate: String) {
        self.gazetteerPath = gazetteerPath
        self.placesPath = placesPath
        self.usdRates = usdRates
        self.ratesDate = ratesDate
    }

    public static let defaultUSDRates: [String: Double] = [
        "USD": 1, "EUR": 1.08, "CNY": 0.138, "KRW": 0.00072, "JPY": 0.0066, "INR": 0.0117,
        "SGD": 0.74, "AUD": 0.65, "TWD": 0.031, "HKD": 0.128, "GBP": 1.27,
    ]
}

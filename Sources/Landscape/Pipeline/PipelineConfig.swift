import FoundationEssentials

/// One feed to read: a stable id (used in records and the manifest) and where to get it.
public struct FeedSource: Sendable, Hashable {
    public let id: String
    /// `http(s)://...` or `file:///abs/path`; plain paths are made absolute `file://` URLs.
    public let url: String

    public init(id: String, url: String) {
        self.id = id
        self.url = url
    }
}

/// Settings of the extract stage (`extract:`): gazetteer files and currency rates.
public struct ExtractOptions: Sendable, Hashable {
    /// Absolute path of the organisation gazetteer (JSON lines).
    public var gazetteerPath: String
    /// Absolute path of the place gazetteer (countries, demonyms, cities).
    public var placesPath: String
    /// USD value of one unit of each currency, as of `ratesDate`.
    public var usdRates: [String: Double]
    public var ratesDate: String

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

/// Settings of the dedupe stage (`dedupe:`).
public struct DedupeOptions: Sendable, Hashable {
    /// Reports of one party set within this many days are one deal.
    public var dealWindowDays = 30
    /// Articles whose word shingles are at least this alike (estimated Jaccard) are one story.
    public var nearDuplicateThreshold = 0.65
    /// Words per shingle.
    public var shingleWords = 3
    /// MinHash permutations per signature: more estimate similarity closer, at more cost.
    public var minhashPermutations = 128

    public init() {}
}

/// A pipeline file: which feeds to read and how each stage is set.
public struct PipelineConfig: Sendable {
    public let name: String
    /// Absolute path of the pipeline file.
    public let path: String
    /// SHA-256 of the file's bytes, recorded in the manifest.
    public let sha256: String
    public var sources: [FeedSource]
    public var fetch: FetchOptions
    public var extract: ExtractOptions
    public var dedupe: DedupeOptions
    public var output: OutputOptions

    public init(
        name: String, path: String, sha256: String, sources: [FeedSource], fetch: FetchOptions,
        extract: ExtractOptions, dedupe: DedupeOptions, output: OutputOptions = OutputOptions()
    ) {
        self.name = name
        self.path = path
        self.sha256 = sha256
        self.sources = sources
        self.fetch = fetch
        self.extract = extract
        self.dedupe = dedupe
        self.output = output
    }
}

import FoundationEssentials

/// A pipeline file: which feeds to read and how each stage is set.
public struct PipelineConfig: Sendable {
    public let name: String
    /// Absolute path of the pipeline file.
    public let path: String
    /// SHA-256 of the file's bytes, recorded in the manifest.
    public let sha256: String
    public var sources: [FeedSource]
    public var fetch: FetchOptions
    public var pages: PagesOptions
    public var extract: ExtractOptions
    public var dedupe: DedupeOptions
    public var output: OutputOptions
    /// Blocs, watch lists and flag rules, which the aggregate stage applies.
    public var policy: PolicyLens
    /// How WARC sources are read and a backfill is sharded.
    public var backfill = BackfillOptions()

    public init(
        name: String, path: String, sha256: String, sources: [FeedSource], fetch: FetchOptions,
        pages: PagesOptions = PagesOptions(), extract: ExtractOptions, dedupe: DedupeOptions,
        output: OutputOptions = OutputOptions(), policy: PolicyLens = .none
    ) {
        self.name = name
        self.path = path
        self.sha256 = sha256
        self.sources = sources
        self.fetch = fetch
        self.pages = pages
        self.extract = extract
        self.dedupe = dedupe
        self.output = output
        self.policy = policy
    }
}

/// Pages: the page behind each article first seen tonight, read for its body text. Its key
/// stands for the new articles and the stage's options, so a night that brings no new article
/// finds its output in the cache; `--from pages` reads the pages again.
struct PagesStep: StageStep {
    static let stage = Stage.pages
    static let unit = "articles"
    let runner: PagesRunner
    let cache: StageCache
    let options: PagesOptions
    /// On a rerun whose landscape is the parent snapshot's (``PipelineRun/parentsLatest``):
    /// how many pages with text the latest pages output holds. Their texts are in the
    /// snapshot's articles, and are not read (0.4 GB for a build of a million).
    var parentsPages: Int? = nil

    struct Input {
        /// The pages of tonight's articles the landscape did not hold before, newest first:
        /// the pages to read. Known articles' pages are never read again.
        let newPages: PageRequests

        /// - Parameters:
        ///   - parsed: tonight's parse.
        ///   - isKnown: whether the landscape held an article (by id) before tonight.
        ///   - archiveSources: sources whose articles are pages already (WARC files): their
        ///     pages are never fetched.
        init(parsed: Keyed<ParseStep.Parsed>, isKnown: (String) -> Bool, archiveSources: Set<String> = []) {
            // Articles written as parsed were all new; their pages were listed as they went.
            if let spool = parsed.value.spool {
                newPages = spool.newPages
                return
            }
            newPages = PagesStage.newPages(
                parsed.value.articles, isKnown: isKnown,
                skipping: { !archiveSources.isEmpty && archiveSources.contains($0.sourceID) })
        }
    }

    func count(_ input: Input) -> Int { input.newPages.count }

    func key(_ input: Input) -> String? {
        // Each page's line is written as bytes and hashed in turn: a build's were 300 MB at a
        // million, and a string each took a core 0.1 s at 100,000 while the other waited.
        let pages = input.newPages
        return StageKey.make(.pages, options: options, inputs: pages.count) { pages.appendLine(at: $0, to: &$1) }
    }

    func run(_ input: Input, key: String?, isCached: Bool) throws -> StepOutput<[PageOutcome]> {
        let outcomes = options.follow ? try runner.run(input.newPages) : []
        try cache.store(.pages, key: key ?? "", files: [(Self.file, outcomes.jsonLines())])
        var counts: [String: Int] = [:]
        for status in PageOutcome.Status.allCases { counts[status.rawValue] = outcomes.count { $0.status == status } }
        counts["with_text"] = outcomes.count { $0.text != nil }
        return StepOutput(value: outcomes, outputs: counts["with_text"] ?? 0, counts: counts)
    }

    func load(_ input: Input, key: String?) throws -> StepOutput<[PageOutcome]> {
        if let parentsPages { return StepOutput(value: [], outputs: parentsPages) }
        let outcomes = try cache.load(PageOutcome.self, .pages, key: key ?? "", file: Self.file)
        return StepOutput(value: outcomes, outputs: outcomes.count { $0.text != nil })
    }

    /// `--only`: the base snapshot's articles carry their pages' text already.
    func published(_ input: Input, by snapshot: PublishedSnapshot) throws -> StepOutput<[PageOutcome]> {
        StepOutput(value: [], outputs: 0)
    }

    private static let file = "pages.jsonl"
}

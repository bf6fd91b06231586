import FoundationEssentials

/// The stages that derive records from the articles: extract, dedupe, aggregate.
extension PipelineRun {
    /// The landscape after dedupe: articles grouped into stories, mentions, merged deals.
    struct Deduped {
        var articles: [Article]
        var mentions: MentionLines
        var deals: [Deal]
        var key: String
    }

    /// Finds mentions and per-article deals, then merges them into deals and groups the
    /// articles into stories.
    mutating func extractAndDedupe(
        _ landscape: Landscape, gazetteer: Gazetteer,
        parentDeals: [Deal]
    ) throws -> Deduped {
        let articles = landscape.articles
        if plan[.dedupe] == .snapshot, let parent {
            // --only aggregate or publish: the base snapshot's records are the input as they are.
            recorder.cached(.extract, key: parent.cacheKey(of: .extract) ?? "", from: "snapshot \(parent.id)") {
                ((), 0)
            }
            let mentions = try recorder.cached(
                .dedupe, key: parent.cacheKey(of: .dedupe) ?? "", from: "snapshot \(parent.id)"
            ) {
                (try parent.mentionLines(), parentDeals.count)
            }
            return Deduped(
                articles: articles, mentions: mentions, deals: parentDeals, key: parent.cacheKey(of: .dedupe) ?? "")
        }

        // extract: a cached output's deal reports are read only if dedupe has to run.
        let extractCache = ExtractCache(cache: cache)
        let settings = StageKey.make(.extract, config: extractConfig(gazetteer), inputs: [])
        let (extractKey, extractIsCached) = try resolve(.extract) {
            StageKey.make(.extract, config: [settings], inputs: [landscape.identity])
        }
        let mentions: MentionLines
        var extractedReports: [Deal]?
        if extractIsCached {
            mentions = try recorder.cached(.extract, key: extractKey, from: origin(of: .extract)) {
                let mentions = try extractCache.mentions(key: extractKey)
                return (mentions, mentions.count)
            }
        } else {
            // A night's run extracts only the articles the latest extract output (made with the
            // same settings and code) does not hold as they are; --from extract redoes them all.
            let earlier = plan[.extract] == .runUnlessCached ? extractCache.earlier(settings: settings) : nil
            let output = try recorder.run(.extract, key: extractKey, inputs: articles.count) {
                let extractor = DealExtractor(gazetteer: gazetteer, usdRates: config.extract.usdRates)
                let output = ExtractStage.run(
                    articles, digests: landscape.digests, reusing: earlier, extractor: extractor, jobs: jobs)
                try extractCache.store(
                    key: extractKey, settings: settings, articleIDs: articles.map(\.articleID),
                    digests: landscape.digests, output: output)
                return (
                    output, output.deals.count,
                    [
                        "mentions": output.mentions.count, "article_deals": output.deals.count,
                        "reused_articles": output.reused,
                    ]
                )
            }
            mentions = output.mentions
            extractedReports = output.deals
        }

        // dedupe: deals that continue one of the parent snapshot's keep its id.
        let dedupeCache = DedupeCache(cache: cache)
        let (dedupeKey, dedupeIsCached) = try resolve(.dedupe) {
            StageKey.make(
                .dedupe, config: dedupeConfig(),
                inputs: [
                    landscape.identity, "extract \(extractKey)",
                    "parent deals \(parent?.digest(of: "deals") ?? "none")",
                ])
        }
        if dedupeIsCached {
            let (grouped, deals) = try recorder.cached(.dedupe, key: dedupeKey, from: origin(of: .dedupe)) {
                let loaded = try dedupeCache.load(key: dedupeKey, articles: articles)
                return (loaded, loaded.deals.count)
            }
            return Deduped(articles: grouped, mentions: mentions, deals: deals, key: dedupeKey)
        }
        let (grouped, deals) = try recorder.run(.dedupe, key: dedupeKey, inputs: articles.count) {
            let (deduped, grouping) = ArticleDeduper.run(articles, options: config.dedupe, jobs: jobs)
            let reports = try extractedReports ?? extractCache.deals(key: extractKey)
            let merged = DealMerger.run(reports, windowDays: config.dedupe.dealWindowDays, previous: parentDeals)
            try dedupeCache.store(key: dedupeKey, articles: deduped, deals: merged)
            let duplicates = deduped.count(where: { $0.duplicateOf != nil })
            return (
                (deduped, merged), merged.count,
                [
                    "duplicate_articles": duplicates, "deal_reports": reports.count,
                    "near_duplicate_links": grouping.nearDuplicateLinks, "candidate_pairs": grouping.candidatePairs,
                ]
            )
        }
        return Deduped(articles: grouped, mentions: mentions, deals: deals, key: dedupeKey)
    }

    /// Rolls the deals up by country, pair, type, modality, month and organisation.
    mutating func aggregate(_ deduped: Deduped) throws -> (rows: [AggregateRow], key: String) {
        if plan[.aggregate] == .snapshot, let parent {
            let key = parent.cacheKey(of: .aggregate) ?? ""
            let rows = try recorder.cached(.aggregate, key: key, from: "snapshot \(parent.id)") {
                let rows = try parent.records(AggregateRow.self, "aggregates")
                return (rows, rows.count)
            }
            return (rows, key)
        }
        let (key, isCached) = try resolve(.aggregate) { StageKey.make(.aggregate, inputs: ["dedupe \(deduped.key)"]) }
        if isCached {
            let rows = try recorder.cached(.aggregate, key: key, from: origin(of: .aggregate)) {
                let rows = try cache.load(AggregateRow.self, .aggregate, key: key, file: "aggregates.jsonl")
                return (rows, rows.count)
            }
            return (rows, key)
        }
        let rows = try recorder.run(.aggregate, key: key, inputs: deduped.deals.count) {
            let rows = AggregateStage.run(deduped.deals)
            try cache.store(.aggregate, key: key, files: [("aggregates.jsonl", rows.jsonLines())])
            return (rows, rows.count, [:])
        }
        return (rows, key)
    }

    /// Where a cached stage output came from, for the log.
    private func origin(of stage: Stage) -> String {
        plan[stage] == .snapshot ? "snapshot \(parent?.id ?? "?") via the stage cache" : "the stage cache"
    }

    /// The `extract:` section as cache-key parts: the gazetteers by content, so that an edit
    /// to either file invalidates extract even though the pipeline file did not change.
    private func extractConfig(_ gazetteer: Gazetteer) -> [String] {
        let rates = config.extract.usdRates.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return [
            "gazetteers \(gazetteer.contentDigest)", "usd_rates \(rates.joined(separator: ","))",
            "rates_date \(config.extract.ratesDate)",
        ]
    }

    /// The `dedupe:` section as cache-key parts.
    private func dedupeConfig() -> [String] {
        let options = config.dedupe
        return [
            "deal_window_days \(options.dealWindowDays)", "near_duplicate_threshold \(options.nearDuplicateThreshold)",
            "shingle_words \(options.shingleWords)", "minhash_permutations \(options.minhashPermutations)",
        ]
    }
}

import FoundationEssentials
import Yams

extension PipelineConfig {
    /// Reads and checks a pipeline file.
    ///
    /// Relative paths inside it (sources, gazetteers) are resolved against the file's folder, so a
    /// pipeline works from any working directory.
    ///
    /// - Throws: ``ConfigError`` naming the file and line of the first problem: bad YAML, an
    ///   unknown key, a value of the wrong type, a missing source list.
    public static func load(path: String) throws(ConfigError) -> PipelineConfig {
        let absolute = FilePaths.absolute(path)
        let (root, data) = try YAMLReader.load(absolute, shownAs: path, describing: "pipeline file")
        let reader = YAMLReader(file: path)
        let folder = FilePaths.directory(of: absolute)
        let top = try reader.mapping(
            root,
            allowed: [
                "name", "sources", "fetch", "pages", "extract", "dedupe", "output", "blocs", "watchlists", "flags",
                "backfill",
            ])

        let name =
            try top["name"].map { node throws(ConfigError) in try reader.string(node) }
            ?? FilePaths.stem(of: absolute)
        guard let sourcesNode = top["sources"] else {
            throw ConfigError(file: path, line: root.mark?.line, message: "missing `sources:` (a list of feeds)")
        }
        var sources: [FeedSource] = []
        for item in try reader.sequence(sourcesNode) {
            let entry = try reader.mapping(item, allowed: ["id", "url"])
            guard let urlNode = entry["url"] else {
                throw ConfigError(file: path, line: item.mark?.line, message: "a source needs `url:`")
            }
            let url = FeedURL.resolve(try reader.string(urlNode), relativeTo: folder)
            if let scheme = FeedURL.unsupportedScheme(url) {
                throw ConfigError(
                    file: path, line: urlNode.mark?.line,
                    message: "source `\(url)`: scheme `\(scheme)` is not supported (http, https, file or a path)")
            }
            let id =
                try entry["id"].map { node throws(ConfigError) in try reader.string(node) }
                ?? FeedURL.defaultID(for: url)
            if sources.contains(where: { $0.id == id }) {
                throw ConfigError(file: path, line: item.mark?.line, message: "duplicate source id `\(id)`")
            }
            sources.append(FeedSource(id: id, url: url))
        }

        var fetch = FetchOptions()
        if let node = top["fetch"] {
            let map = try reader.mapping(
                node,
                allowed: [
                    "concurrency", "per_host", "connect_timeout_seconds", "timeout_seconds", "max_body_bytes",
                    "max_redirects", "user_agent", "contact", "low_speed_bytes_per_second", "low_speed_seconds",
                    "retries", "retry_base_seconds", "retry_max_seconds", "retry_after_max_seconds",
                    "failure_alert_nights", "min_sources_ok", "keep_bodies_days",
                ])
            if let v = map["concurrency"] { fetch.concurrency = try reader.positiveInt(v) }
            if let v = map["per_host"] { fetch.perHost = try reader.positiveInt(v) }
            if let v = map["connect_timeout_seconds"] { fetch.connectTimeoutSeconds = try reader.positiveInt(v) }
            if let v = map["timeout_seconds"] { fetch.timeoutSeconds = try reader.positiveInt(v) }
            if let v = map["max_body_bytes"] { fetch.maxBodyBytes = try reader.positiveInt(v) }
            if let v = map["max_redirects"] { fetch.maxRedirects = try reader.nonNegativeInt(v) }
            if let v = map["user_agent"] { fetch.userAgentOverride = try reader.string(v) }
            if let v = map["contact"] { fetch.contact = try reader.string(v) }
            if let v = map["retries"] { fetch.retries = try reader.nonNegativeInt(v) }
            if let v = map["retry_base_seconds"] { fetch.retryBaseSeconds = try reader.seconds(v) }
            if let v = map["retry_max_seconds"] { fetch.retryMaxSeconds = try reader.seconds(v) }
            if let v = map["retry_after_max_seconds"] { fetch.retryAfterMaxSeconds = try reader.seconds(v) }
            if let v = map["failure_alert_nights"] { fetch.failureAlertNights = try reader.positiveInt(v) }
            if let v = map["min_sources_ok"] { fetch.minSourcesOK = try reader.sourceThreshold(v) }
            if let v = map["keep_bodies_days"] { fetch.keepBodiesDays = try reader.positiveInt(v) }
            if let v = map["low_speed_bytes_per_second"] { fetch.lowSpeedBytesPerSecond = try reader.positiveInt(v) }
            if let v = map["low_speed_seconds"] { fetch.lowSpeedSeconds = try reader.positiveInt(v) }
        }

        var extract = ExtractOptions(
            gazetteerPath: FilePaths.join(folder, "gazetteer.jsonl"),
            placesPath: FilePaths.join(folder, "places.jsonl"),
            usdRates: ExtractOptions.defaultUSDRates,
            ratesDate: "2025-06-30")
        if let node = top["extract"] {
            let map = try reader.mapping(
                node, allowed: ["gazetteer", "places", "usd_rates", "rates_date", "max_text_bytes", "max_mentions"])
            if let v = map["max_text_bytes"] { extract.maxTextBytes = try reader.positiveInt(v) }
            if let v = map["max_mentions"] { extract.maxMentionsPerArticle = try reader.positiveInt(v) }
            if let v = map["gazetteer"] { extract.gazetteerPath = FilePaths.resolve(try reader.string(v), in: folder) }
            if let v = map["places"] { extract.placesPath = FilePaths.resolve(try reader.string(v), in: folder) }
            if let v = map["rates_date"] {
                let date = try reader.string(v)
                guard FeedDate.isCalendarDate(date) else {
                    throw ConfigError(
                        file: path, line: v.mark?.line,
                        message: "rates_date must be a date as YYYY-MM-DD, got `\(date)`")
                }
                extract.ratesDate = date
            }
            if let v = map["usd_rates"] {
                // Rates without their date cannot be checked or redone; a misspelt code would
                // silently drop every amount in the currency meant.
                guard map["rates_date"] != nil else {
                    throw ConfigError(
                        file: path, line: v.mark?.line, message: "usd_rates needs rates_date: the day the rates are of")
                }
                var rates: [String: Double] = [:]
                for (key, value) in try reader.mapping(v, allowed: nil) {
                    let code = key.uppercased()
                    guard CurrencyCodes.iso4217.contains(code) else {
                        let hint = CurrencyCodes.nearest(to: code).map { " (did you mean \($0)?)" } ?? ""
                        throw ConfigError(
                            file: path, line: value.mark?.line,
                            message: "usd_rates: `\(key)` is not an ISO 4217 currency code\(hint)")
                    }
                    guard let rate = value.float, rate > 0, rate.isFinite else {
                        throw ConfigError(
                            file: path, line: value.mark?.line, message: "usd_rates.\(key) must be a positive number")
                    }
                    rates[code] = rate
                }
                rates["USD"] = 1
                extract.usdRates = rates
            }
        }

        var dedupe = DedupeOptions()
        if let node = top["dedupe"] {
            let map = try reader.mapping(
                node,
                allowed: ["deal_window_days", "near_duplicate_threshold", "shingle_words", "minhash_permutations"])
            if let v = map["deal_window_days"] { dedupe.dealWindowDays = try reader.positiveInt(v) }
            if let v = map["near_duplicate_threshold"] { dedupe.nearDuplicateThreshold = try reader.fraction(v) }
            if let v = map["shingle_words"] { dedupe.shingleWords = try reader.positiveInt(v) }
            if let v = map["minhash_permutations"] { dedupe.minhashPermutations = try reader.positiveInt(v) }
        }

        var pages = PagesOptions()
        if let node = top["pages"] {
            let map = try reader.mapping(
                node,
                allowed: [
                    "follow", "max_per_night", "per_host", "timeout_seconds", "allow_hosts", "deny_hosts", "mirror",
                ])
            if let v = map["follow"] { pages.follow = try reader.bool(v) }
            if let v = map["max_per_night"] { pages.maxPerNight = try reader.nonNegativeInt(v) }
            if let v = map["per_host"] { pages.perHost = try reader.positiveInt(v) }
            if let v = map["timeout_seconds"] { pages.timeoutSeconds = try reader.positiveInt(v) }
            if let v = map["allow_hosts"] {
                pages.allowHosts = try reader.sequence(v).map { n throws(ConfigError) in try reader.string(n) }
            }
            if let v = map["deny_hosts"] {
                pages.denyHosts = try reader.sequence(v).map { n throws(ConfigError) in try reader.string(n) }
            }
            if let v = map["mirror"] { pages.mirror = FilePaths.resolve(try reader.string(v), in: folder) }
        }

        var output = OutputOptions()
        if let node = top["output"] {
            let map = try reader.mapping(node, allowed: ["compress", "publish_unchanged"])
            if let v = map["publish_unchanged"] { output.publishUnchanged = try reader.bool(v) }
            if let v = map["compress"] {
                let text = try reader.string(v)
                guard let compression = OutputOptions.Compression(rawValue: text) else {
                    throw ConfigError(
                        file: path, line: v.mark?.line, message: "output.compress must be none or gzip, got `\(text)`")
                }
                output.compress = compression
            }
        }

        var backfill = BackfillOptions()
        if let node = top["backfill"] {
            let map = try reader.mapping(node, allowed: ["prefilter", "max_record_bytes", "shards"])
            if let v = map["prefilter"] { backfill.prefilter = try reader.bool(v) }
            if let v = map["max_record_bytes"] { backfill.maxRecordBytes = try reader.positiveInt(v) }
            if let v = map["shards"] { backfill.shards = try reader.positiveInt(v) }
        }

        let policy = try readPolicy(top, reader: reader, folder: folder)
        var config = PipelineConfig(
            name: name, path: absolute, sha256: SHA256.hex(data), sources: sources, fetch: fetch,
            pages: pages, extract: extract, dedupe: dedupe, output: output, policy: policy)
        config.backfill = backfill
        return config
    }

    /// The blocs file (`blocs:`, else `blocs.yml` beside the pipeline when there is one), the
    /// watch lists (`watchlists:`, else a `watchlists` folder beside it) and the `flags:` rules.
    private static func readPolicy(
        _ top: [String: Node], reader: YAMLReader, folder: String
    ) throws(ConfigError) -> PolicyLens {
        var digest = SHA256()
        var blocs = Blocs.none
        let blocsPath = try top["blocs"].map { node throws(ConfigError) in
            FilePaths.resolve(try reader.string(node), in: folder)
        }
        let defaultBlocs = FilePaths.join(folder, "blocs.yml")
        if let path = blocsPath ?? (FileManager.default.fileExists(atPath: defaultBlocs) ? defaultBlocs : nil) {
            blocs = try Blocs.load(path: path)
            digest.update(FileBytes.read(path) ?? [])
        }
        let listsFolder =
            try top["watchlists"].map { node throws(ConfigError) in
                FilePaths.resolve(try reader.string(node), in: folder)
            } ?? FilePaths.join(folder, "watchlists")
        if top["watchlists"] != nil, !FileManager.default.fileExists(atPath: listsFolder) {
            throw ConfigError(
                file: reader.file, line: top["watchlists"]?.mark?.line, message: "no folder \(listsFolder)")
        }
        let lists = try WatchList.loadFolder(listsFolder)
        for list in lists {
            digest.update(Array(list.name.utf8))
            digest.update(Array(String(describing: list.entries).utf8))
        }
        var rules: [FlagRule] = []
        if let node = top["flags"] {
            rules = try FlagRule.readAll(node, reader: reader, blocs: blocs, watchLists: lists)
            // The rules as written, in a form that does not change with the rest of the file.
            digest.update(Array(((try? Yams.serialize(node: node)) ?? "\(rules.map(\.name))").utf8))
        }
        guard blocsPath != nil || !blocs.blocs.isEmpty || !lists.isEmpty || !rules.isEmpty else { return .none }
        return PolicyLens(blocs: blocs, watchLists: lists, rules: rules, digest: hexString(digest.finalize()))
    }
}

extension YAMLReader {
    /// `fetch.min_sources_ok`: a whole number of sources (1 or more), or a share written as a
    /// fraction below 1 (`0.5`) or a percentage (`50%`).
    func sourceThreshold(_ node: Node) throws(ConfigError) -> SourceThreshold {
        let text = node.string ?? ""
        if text.hasSuffix("%"), let percent = Double(text.dropLast()), percent > 0, percent <= 100 {
            return .share(percent / 100)
        }
        if let count = node.int, count >= 1 { return .count(count) }
        if let share = node.float, share > 0, share < 1 { return .share(share) }
        throw ConfigError(
            file: file, line: node.mark?.line,
            message: "`min_sources_ok` must be a number of sources (1 or more), a fraction (0.5) or a percentage (50%)")
    }
}

extension DedupeStep {
    /// About how many articles' reports one part of a merge of every report holds: at a million
    /// articles, 15 parts of some 60,000 reports each.
    static let articlesPerPart = 65_536

    /// Merges every report without previous deals (a build) a part of the party sets at a
    /// time: every month's reports are read once and each line filed in its part's file; each
    /// part's reports are then read, merged, and written in their listed order, and the parts
    /// are woven into the entry's deals file (``DealRuns``). A build held every report and every
    /// deal (2.1 GB at a million articles, with their sources); it holds one part's.
    ///
    /// - Returns: the deals, woven and not held; nil when extract's months are not in the
    ///   cache, or a deal's id or date is not in the form the weave orders by: every report is
    ///   then merged at once.
    func mergeInParts(_ input: Input) throws -> MergedDeals? {
        guard let months = try? extractCache.months(key: input.extracted.key) else { return nil }
        let parts = max(1, (input.landscape.count + Self.articlesPerPart - 1) / Self.articlesPerPart)
        let paths = try cache.reportsPartPaths(parts)
        defer { for path in paths { unlink(path) } }
        // Every month's reports are read once, each line filed in its part's file in the
        // landscape's order.
        if let reportCount = try extractCache.fileReports(
            months: months.map(\.key), into: paths, stamps: stamps, jobs: jobs)
        {
            let jobs = jobs
            return try merge(parts: parts, reportCount: reportCount) { part in
                defer { unlink(paths[part]) }
                return try JSONLinesReader.read(Deal.self, from: paths[part], jobs: jobs)
            }
        }
        // A month without a list of party sets: each part reads its reports' lines from every month.
        let reportCount = try months.reduce(0) { try $0 + extractCache.monthDealCount(key: $1.key) }
        let (cache, jobs) = (extractCache, jobs)
        return try merge(parts: parts, reportCount: reportCount) { part in
            try Self.readReports(of: months, cache: cache, jobs: jobs) { DealRuns.part(of: $0, parts: parts) == part }
                .deals
        }
    }

    /// Merges each part's reports, as `reports` reads them, and writes its deals for the
    /// weave; nil, with the parts' files removed, when the weave cannot order them. The next
    /// part's reports are read while a part is merged and written: the merge's clustering of
    /// ids and the writing of its file take one core.
    private func merge(parts: Int, reportCount: Int, reports: @escaping @Sendable (_ part: Int) throws -> [Deal])
        throws -> MergedDeals?
    {
        var runs = DealRuns()
        var (sharing, partySets) = (Set<String>(), 0)
        let read = MadeAhead(count: parts, cores: jobs, reports)
        defer { read.finish() }
        do {
            while let reports = try read.next() {
                let merged = DealMerger.merge(reports, windowDays: options.dealWindowDays, previous: [], jobs: jobs)
                sharing.formUnion(merged.partySetsSharingSources)
                partySets += merged.partySetsMerged
                guard try runs.add(merged.deals, write: { try cache.stagedPart(merged.deals, jobs: jobs) }) else {
                    runs.discard()
                    return nil
                }
                // The part's reports were decoded on every core: handed back, not kept beside
                // the parts after it.
                FreedMemory.release()
            }
        } catch {
            runs.discard()
            throw error
        }
        return MergedDeals(
            deals: nil, stored: try cache.stagedWoven(runs), partySetsSharingSources: sharing,
            partySetsMerged: partySets, reportCount: reportCount)
    }
}

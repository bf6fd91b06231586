extension DedupeStep {
    /// About how many articles' reports one part of a merge of every report reads: at a million
    /// articles, 16 parts of some 60,000 reports each, read from the months' files of reports
    /// by their lists of party sets.
    static let articlesPerPart = 65_536

    /// Merges every report without previous deals (a build) a part of the party sets at a
    /// time: each part's reports are read from extract's months, merged, and written in their
    /// listed order, and the parts are woven into the entry's deals file (``DealRuns``). A
    /// build held every report and every deal (2.1 GB at a million articles, with its sources);
    /// it holds one part's.
    ///
    /// - Returns: the deals, woven and not held; nil when extract's months are not in the
    ///   cache, or a deal's id or date is not in the form the weave orders by: every report is
    ///   then merged at once.
    func mergeInParts(_ input: Input) throws -> MergedDeals? {
        guard let months = try? extractCache.months(key: input.extracted.key) else { return nil }
        let parts = max(1, (input.landscape.count + Self.articlesPerPart - 1) / Self.articlesPerPart)
        var runs = DealRuns()
        var (sharing, partySets, reportCount) = (Set<String>(), 0, 0)
        do {
            for part in 0..<parts {
                let read = try readReports(of: months) { DealRuns.part(of: $0, parts: parts) == part }
                if part == 0 { reportCount = read.count }
                let merged = DealMerger.merge(read.deals, windowDays: options.dealWindowDays, previous: [], jobs: jobs)
                sharing.formUnion(merged.partySetsSharingSources)
                partySets += merged.partySetsMerged
                let isAdded = try runs.add(merged.deals) { try cache.stagedPart(merged.deals, jobs: jobs) }
                guard isAdded else {
                    runs.discard()
                    return nil
                }
                // The part's reports were decoded on every core: handed back before the next's.
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

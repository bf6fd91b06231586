extension DedupeStep {
    /// About how many articles' reports one part of a merge of every report holds: at a million
    /// articles, some 30 parts of 33,000 reports each. Up to three parts are held at once, and
    /// they were the largest part of a build's peak after grouping: parts of 65,536 articles
    /// took the million's build to 628 MB in dedupe, these to 565, in as much time, and the
    /// 100,000's dedupe to 201 MB against 164. Tests set fewer, to merge a few articles in many
    /// parts.
    @TaskLocal static var articlesPerPart = 32_768

    /// Merges every report a part of the party sets at a time: every month's reports are read
    /// once and each line filed in its part's file; each part's reports are then read, merged,
    /// and written in their listed order, and the parts are woven into the entry's deals file
    /// (``DealRuns``). Merging every report at once held every report and every deal (2.1 GB at
    /// a million articles, with their sources); this holds one part's.
    ///
    /// On previous deals (a night after an upgrade of the binary, which extracts every article
    /// again, or a rerun of dedupe), a deal takes the id of the previous deal it continues as
    /// one merge would give it, which may be a deal of another part: the parts are merged once
    /// for the claims their deals make on the previous deals' ids, known by their ids and
    /// sources alone (``PreviousSources``), and once more when the claims are settled (``IDClaims``).
    ///
    /// - Returns: the deals, woven and not held; nil when extract's months are not in the
    ///   cache, a deal's id or date is not in the form the weave orders by, or a previous deal's
    ///   id is not in the form this code writes: every report is then merged at once.
    func mergeInParts(_ input: Input) throws -> MergedDeals? {
        guard let months = try? extractCache.months(key: input.extracted.key) else { return nil }
        var previous: PreviousSources?
        if parentDeals.count > 0 {
            guard let sources = try parentDeals.previousSources(jobs: jobs) else { return nil }
            previous = sources
        }
        let parts = max(1, (input.landscape.count + Self.articlesPerPart - 1) / Self.articlesPerPart)
        let paths = try cache.reportsPartPaths(parts)
        defer { for path in paths { unlink(path) } }
        let (cache, jobs) = (extractCache, jobs)
        let reportCount: Int
        /// A part's reports, from its file when they were filed, which is removed once they are
        /// read the last time.
        let reports: @Sendable (_ part: Int, _ isLastRead: Bool) throws -> [Deal]
        // Every month's reports are read once, each line filed in its part's file in the
        // landscape's order.
        if let filed = try extractCache.fileReports(months: months.map(\.key), into: paths, stamps: stamps, jobs: jobs)
        {
            reportCount = filed
            reports = { part, isLastRead in
                defer { if isLastRead { unlink(paths[part]) } }
                return try JSONLinesReader.read(Deal.self, from: paths[part], jobs: jobs)
            }
        } else {
            // A month without a list of party sets: each part reads its reports' lines from every month.
            reportCount = try months.reduce(0) { try $0 + cache.monthDealCount(key: $1.key) }
            reports = { part, _ in
                try Self.readReports(of: months, cache: cache, jobs: jobs) {
                    DealRuns.part(of: $0, parts: parts) == part
                }
                .deals
            }
        }
        let windowDays = options.dealWindowDays
        guard let previous else {
            return try merge(parts: parts, reportCount: reportCount, reports: { try reports($0, true) }) { _, reports in
                DealMerger.merge(reports, windowDays: windowDays, previous: [], jobs: jobs)
            }
        }
        let claimed = try settledClaims(parts: parts, reports: { try reports($0, false) }, previous: previous)
        return try merge(parts: parts, reportCount: reportCount, reports: { try reports($0, true) }) { part, reports in
            guard
                let merged = DealMerger.merge(
                    reports, windowDays: windowDays, claimed: claimed[part], previous: previous, jobs: jobs)
            else {
                throw RunError("dedupe: part \(part + 1) of \(parts) of the merge read other reports the second time")
            }
            return merged
        }
    }

    /// The claims every part's deals make on the previous deals' ids, settled: for each part,
    /// each deal's previous deal, or -1.
    private func settledClaims(
        parts: Int, reports: @escaping @Sendable (_ part: Int) throws -> [Deal], previous: PreviousSources
    ) throws -> [[Int32]] {
        var claims = IDClaims()
        let read = MadeAhead(count: parts, cores: jobs, reports)
        defer { read.finish() }
        while let reports = try read.next() {
            claims.add(
                DealMerger.clusters(reports, windowDays: options.dealWindowDays, jobs: jobs).deals, previous: previous)
            // The part's reports and deals, decoded and made on every core, are handed back.
            _ = consume reports
            FreedMemory.release()
        }
        return claims.settled(previous: previous, jobs: jobs)
    }

    /// Merges each part's reports, as `reports` reads them, and writes its deals for the
    /// weave; nil, with the parts' files removed, when the weave cannot order them.
    ///
    /// The merge of a part's ids takes one core, and so do the writing of its file and the
    /// letting go of its reports and deals: the next part's reports are read while a part is
    /// merged, and a part is written and let go while the next is merged.
    private func merge(
        parts: Int, reportCount: Int, reports: @escaping @Sendable (_ part: Int) throws -> [Deal],
        merging merge: (_ part: Int, _ reports: [Deal]) throws -> DealMerger.Merged
    ) throws -> MergedDeals? {
        var runs = DealRuns()
        var (sharing, partySets) = (Set<String>(), 0)
        let read = MadeAhead(count: parts, cores: jobs, reports)
        defer { read.finish() }
        let (cache, jobs) = (cache, jobs)
        // The part being written, and where its deals go in the order.
        var writing: (order: DealRuns.Order, file: BackgroundWork<String, FileSystemError>)?
        func written() throws {
            guard let part = writing else { return }
            writing = nil
            runs.add(part.order, writtenTo: try part.file.take())
            // The part's reports were decoded on every core: handed back, not kept beside the
            // parts after it.
            FreedMemory.release()
        }
        do {
            var part = 0
            while let reports = try read.next() {
                let merged = try merge(part, reports)
                part += 1
                sharing.formUnion(merged.partySetsSharingSources)
                partySets += merged.partySetsMerged
                guard let order = DealRuns.order(merged.deals) else {
                    try? written()
                    runs.discard()
                    return nil
                }
                try written()
                let part = HandedPart(deals: merged.deals, reports: reports)
                writing = (
                    order,
                    BackgroundWork(cores: jobs) { () throws(FileSystemError) -> String in
                        defer { part.letGo() }
                        return try cache.stagedPart(part.deals, jobs: jobs)
                    }
                )
            }
            try written()
        } catch {
            try? written()
            runs.discard()
            throw error
        }
        // Woven on another thread, while dedupe names the copies grouping found.
        let woven = runs
        return MergedDeals(
            deals: nil,
            storing: .weaving(
                BackgroundWork(cores: jobs) { () throws(FileSystemError) in try cache.stagedWoven(woven) }),
            partySetsSharingSources: sharing, partySetsMerged: partySets, reportCount: reportCount, parts: parts)
    }
}

/// A part's reports and deals, handed to the thread that writes the deals: that thread lets
/// them go, not the one merging the next part (a tenth of a second a part at 100,000 articles).
private final class HandedPart: @unchecked Sendable {
    // Read and emptied only by the thread the part is handed to.
    private(set) var deals: [Deal]
    private var reports: [Deal]

    init(deals: [Deal], reports: [Deal]) {
        (self.deals, self.reports) = (deals, reports)
    }

    func letGo() {
        (deals, reports) = ([], [])
    }
}

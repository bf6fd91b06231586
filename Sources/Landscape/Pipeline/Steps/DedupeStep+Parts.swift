extension DedupeStep {
    /// About how many articles' reports one part of a merge of every report holds: at a million
    /// articles, 15 parts of some 60,000 reports each. Tests set fewer, to merge a few articles
    /// in many parts.
    @TaskLocal static var articlesPerPart = 65_536

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
    /// weave; nil, with the parts' files removed, when the weave cannot order them.
    ///
    /// The merge of a part's ids takes one core, and so do the writing of its file and the
    /// letting go of its reports and deals: the next part's reports are read while a part is
    /// merged, and a part is written and let go while the next is merged.
    private func merge(parts: Int, reportCount: Int, reports: @escaping @Sendable (_ part: Int) throws -> [Deal])
        throws -> MergedDeals?
    {
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
            while let reports = try read.next() {
                let merged = DealMerger.merge(reports, windowDays: options.dealWindowDays, previous: [], jobs: jobs)
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

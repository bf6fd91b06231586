/// What publish makes of the deals: the changes since the parent, the reports' data, the deal
/// pages' keys and deals, and `deals.jsonl`. Made of the deals held whole, or, on a night that
/// patched the parent's deals (``DealPatch``), of one pass over them as a stream and the few
/// deals merged again: the parent's million are then never all decoded at once.
struct DealsToPublish: Sendable {
    let changes: [Change]
    let report: Deferred<ReportData>
    /// The deal pages' keys, and how many were hashed from their deals rather than kept.
    let pageKeys: @Sendable () throws -> (keys: [ReportParts.Page], made: Int)
    /// The page at a path (without its extension), with its deals.
    let page: @Sendable (_ path: String) throws -> DealPages.Page
    /// Writes `deals.jsonl`; returns how many deals were copied from the parent's file.
    let writeDeals: @Sendable (_ emit: (_ piece: [UInt8]) throws -> Void) throws -> Int
}

extension SnapshotContents {
    /// What publish makes of the deals held whole.
    func dealsHeld() throws -> DealsToPublish {
        let changes = dealsAreParents ? [] : Change.between(old: try previousDeals.all(), new: try deals.all())
        let (deals, previousDeals, aggregates, network, jobs) = (deals, previousDeals, aggregates, network, jobs)
        let (snapshotID, created, parentID, ratesDate) = (snapshotID, created, parentID, ratesDate)
        let (articleCount, duplicates) = (landscape.count, landscape.duplicateCount)
        let report = Deferred {
            ReportData(
                snapshotID: snapshotID, created: created, deals: try deals.all(), aggregates: aggregates,
                articleCount: articleCount, duplicateArticles: duplicates, previousDeals: try previousDeals.all(),
                parentID: parentID, ratesDate: ratesDate, network: try network?.value(), changes: changes, jobs: jobs)
        }
        let pages = Deferred {
            let all = try deals.all()
            return DealPages.pages(
                all.isSorted(by: DealMerger.isListedBefore) ? all : all.sorted(by: DealMerger.isListedBefore))
        }
        let earlierKeys = earlierPageKeys()
        @Sendable func earlier() throws -> DealPages.Earlier? {
            guard let earlierKeys else { return nil }
            let previous = try previousDeals.all()
            guard previous.isSorted(by: DealMerger.isListedBefore) else { return nil }
            return DealPages.Earlier(keys: earlierKeys, pages: DealPages.pages(previous))
        }
        let parentLines = try copyableParentLines()
        return DealsToPublish(
            changes: changes, report: report,
            pageKeys: { DealPages.keys(try pages.value(), ratesDate: ratesDate, earlier: try earlier(), jobs: jobs) },
            page: { path in
                guard let found = try pages.value().first(where: { $0.path == path }) else {
                    throw RunError("publish: the deals no longer make the page \(path)")
                }
                return found
            },
            writeDeals: { emit in
                try DealsFile.write(
                    try deals.all(), parent: parentLines == nil ? [] : try previousDeals.all(), lines: parentLines,
                    jobs: jobs, to: emit)
            })
    }

    /// What publish makes of a night's patched deals, which aggregate read as a stream
    /// (``patchReading``): nil unless the kept deals are the parent's very lines (flags and all,
    /// in a file this code wrote) and the parent's key of every page the merge left alone is
    /// kept, so that only the merged deals and the pages they change need more than that pass.
    func dealsStreamed() throws -> DealsToPublish? {
        guard !dealsAreParents, let stream = deals.stream, let patch = stream.patch, patch.lines.sourcesFile != nil,
            let reading = patchReading, reading.count == stream.count, isParentsFile(patch.lines.lines),
            let earlierKeys = earlierPageKeys()
        else { return nil }
        let (touched, touchedDeals, read) = (reading.touched, reading.touchedDeals, reading.report)
        let labels = read.pages.map(\.label)
        // A page the merge left alone without a kept key (parts of an older layout) would need
        // its deals read again: the deals are held instead.
        guard labels.allSatisfy({ touched.contains($0) || earlierKeys[DealPages.Page.path($0)] != nil }) else {
            return nil
        }
        let changes = Change.between(old: patch.replaced, new: patch.merged)
        let network = try network?.value()
        let since = ReportData.since(
            parentID: parentID, changes: changes, now: patch.merged, before: patch.replaced, jobs: jobs)
        let report = ReportData(
            snapshotID: snapshotID, created: created, read: read, aggregates: aggregates,
            articleCount: landscape.count, duplicateArticles: landscape.duplicateCount, ratesDate: ratesDate,
            network: network, sinceParent: since)
        // A page whose deals are the parent's keeps its key. One the writer must render all the
        // same (its bytes no longer in the memo) is read again from the stream.
        let (ratesDate, jobs) = (ratesDate, jobs)
        @Sendable func page(_ label: String) throws -> DealPages.Page {
            if let deals = touchedDeals[label] { return DealPages.Page(label: label, deals: deals[...]) }
            var gathered: [Deal] = []
            try stream.forEachBlock(jobs: jobs) { _, block in
                gathered += block.filter { DealPages.label(of: $0) == label }
            }
            return DealPages.Page(label: label, deals: gathered[...])
        }
        return DealsToPublish(
            changes: changes, report: Deferred(report),
            pageKeys: {
                let keys = try labels.map { label in
                    let path = DealPages.Page.path(label)
                    if !touched.contains(label), let key = earlierKeys[path] {
                        return ReportParts.Page(path: path, key: key)
                    }
                    return ReportParts.Page(
                        path: path, key: DealPages.contentKey(try page(label), ratesDate: ratesDate))
                }
                return (keys, labels.count { touched.contains($0) })
            },
            page: { path in
                guard let label = labels.first(where: { DealPages.Page.path($0) == path }) else {
                    throw RunError("publish: the deals no longer make the page \(path)")
                }
                return try page(label)
            },
            writeDeals: { emit in try DealsFile.write(patch, to: emit) })
    }

    /// The labels of the pages whose deals may differ from the parent's: those of a merged deal
    /// that is not the very line of the parent's deal it replaced, and of a replaced deal no
    /// merged deal repeats.
    static func pagesChanged(replaced: [Deal], merged: [Deal]) -> Set<String> {
        let before = Dictionary(replaced.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var labels = Set<String>()
        var repeated = Set<DealID>()
        for deal in merged {
            if let old = before[deal.id], [old].jsonLines() == [deal].jsonLines() {
                repeated.insert(deal.id)
            } else {
                labels.insert(DealPages.label(of: deal))
            }
        }
        for deal in replaced where !repeated.contains(deal.id) { labels.insert(DealPages.label(of: deal)) }
        return labels
    }

    /// Whether `lines` are those of the parent's deals file as this code wrote it: the memo holds
    /// its digest under a key of this code and the parent's aggregate output.
    private func isParentsFile(_ lines: RecordLines) -> Bool {
        guard let parentAggregateKey else { return false }
        let key = Self.contentKey(["\(RecordSet.deals.path(compression: .none)) of aggregate", parentAggregateKey])
        return published[key]?.sha256 == lines.sha256
    }

    /// The lines of the parent's deals, when they were read and the parent's deals file is one
    /// this code wrote: a line written by another build may differ from what this one writes.
    private func copyableParentLines() throws -> RecordLines? {
        guard !dealsAreParents, let lines = try previousDeals.lines(), isParentsFile(lines) else { return nil }
        return lines
    }

    /// The keys of the parent's deal pages, by path, when the parts kept in the stage cache are
    /// the parent's (made from the deals file the parent published, by this code, at tonight's
    /// rates): a page whose deals did not change keeps its key without hashing them again.
    private func earlierPageKeys() -> [String: String]? {
        guard let parentDealsDigest, let kept = reportParts?.latest(), kept.dealsFile == parentDealsDigest,
            kept.pagesMadeWith == DealPages.madeWith(ratesDate: ratesDate)
        else { return nil }
        return Dictionary(kept.pages.map { ($0.path, $0.key) }, uniquingKeysWith: { first, _ in first })
    }
}

/// What publish reads of a night's patched deals in one pass over them (``DealStream``): what
/// the reports read (``ReportDeals``), and the deals of the pages the merge changed. Aggregate
/// folds it in the pass it makes for its rows, so that the parent's deals are decoded once.
struct PatchReading: Sendable {
    /// How many deals were read.
    let count: Int
    let report: ReportDeals
    /// The labels of the pages whose deals may differ from the parent's
    /// (``SnapshotContents/pagesChanged(replaced:merged:)``), and their deals.
    let touched: Set<String>
    let touchedDeals: [String: [Deal]]

    struct Folding {
        private var report: DealHalves<ReportDeals>
        private let touched: Set<String>
        private var touchedDeals: [String: [Deal]] = [:]
        private var lastDay: (day: String?, label: String)?
        private let count: Int

        /// A fold of the `count` deals of `patch` (flagged as they are published), whose
        /// findings are those of `blocs`.
        init(_ patch: DealPatch, count: Int, blocs: Blocs) {
            report = DealHalves(count: count, ReportDeals(question: PolicyReport.question(blocs: blocs)))
            touched = SnapshotContents.pagesChanged(replaced: patch.replaced, merged: patch.merged)
            self.count = count
        }

        /// Adds the deals of a block whose first deal is the `start`-th of the stream.
        mutating func add(_ deals: ArraySlice<Deal>, start: Int) {
            report.add(deals, start: start)
            guard !touched.isEmpty else { return }
            for deal in deals {
                // Deals newest first come in runs of one day: a day's label is made once.
                let label =
                    if let lastDay, lastDay.day == deal.announced { lastDay.label } else { DealPages.label(of: deal) }
                lastDay = (deal.announced, label)
                if touched.contains(label) { touchedDeals[label, default: []].append(deal) }
            }
        }

        var reading: PatchReading {
            PatchReading(count: count, report: .of(report), touched: touched, touchedDeals: touchedDeals)
        }
    }
}

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
    let page: @Sendable (_ path: String) throws -> DealPages.Listing
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
                return DealPages.Listing(found)
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
        let (touched, read) = (reading.touched, reading.report)
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
        // A page whose deals are the parent's keeps its key; a changed page's key is made of the
        // digest of its deals' lines, gathered in aggregate's pass. A page the writer renders
        // (its bytes not in the memo) reads its runs of the stream again, a block at a time.
        let (ratesDate, jobs, runs, touchedLines) = (ratesDate, jobs, reading.runs, reading.touchedLines)
        @Sendable func listing(_ label: String) -> DealPages.Listing {
            let pageRuns = runs[label] ?? []
            return DealPages.Listing(label: label, count: pageRuns.reduce(0) { $0 + $1.count }) { body in
                for run in pageRuns { try stream.forEachBlock(in: run, jobs: jobs, body) }
            }
        }
        return DealsToPublish(
            changes: changes, report: Deferred(report),
            pageKeys: {
                let keys = labels.map { label in
                    let path = DealPages.Page.path(label)
                    if !touched.contains(label), let key = earlierKeys[path] {
                        return ReportParts.Page(path: path, key: key)
                    }
                    return ReportParts.Page(
                        path: path,
                        key: DealPages.contentKey(
                            path: path, lines: touchedLines[label] ?? DealPages.LinesDigest(), ratesDate: ratesDate))
                }
                return (keys, labels.count { touched.contains($0) })
            },
            page: { path in
                guard let label = labels.first(where: { DealPages.Page.path($0) == path }) else {
                    throw RunError("publish: the deals no longer make the page \(path)")
                }
                return listing(label)
            },
            writeDeals: { emit in try DealsFile.write(patch, to: emit) })
    }

    /// What publish makes of tonight's own deals read as a stream (a merge of every report,
    /// woven from its parts: ``DealRecords/init(file:jobs:)``): nil unless aggregate read them so
    /// (``patchReading``). Nothing holds the deals: the report's figures and every page's key are
    /// aggregate's pass's, and `deals.jsonl` and the pages are encoded from the stream a block at
    /// a time. Without a parent's deals (a build's), the changes list each deal added; with them
    /// (a night after an upgrade of the binary, or a rerun from extract), the stream is read
    /// once more beside the parent's deals (``ChangeWalk``). Holding them all took 1.4 GB at a
    /// million articles, and as much again beside the parent's.
    func dealsStreamedWhole() throws -> DealsToPublish? {
        guard !dealsAreParents, let stream = deals.stream, let patch = stream.patch, !patch.isParents,
            let reading = patchReading, reading.count == stream.count, let ids = reading.ids
        else { return nil }
        let changes: [Change]
        let since: ReportData.SinceParent
        if previousDeals.count > 0 {
            // The parent's deals are read a run of lines at a time beside the stream, with their
            // sources, unless they are held already.
            var walk: ChangeWalk
            if let file = try previousDeals.inRuns() {
                let (opened, jobs) = (try file.opened(), jobs)
                walk = ChangeWalk(oldCount: file.count) { try file.deals($0, in: opened, jobs: jobs) }
            } else {
                walk = ChangeWalk(old: try previousDeals.all())
            }
            try stream.forEachBlock(jobs: jobs) { _, block in try walk.add(block) }
            (changes, since) = try walk.finish(parentID: parentID)
        } else {
            changes = ids.map { Change(dealID: $0.description, change: .added, fields: []) }
            // "New since the last snapshot" lists the first deals, all added.
            var listed: [Deal] = []
            try stream.forEachBlock(in: 0..<ReportData.SinceParent.listedAtMost, jobs: jobs) { listed += $0 }
            since = ReportData.SinceParent(
                parentID: parentID, added: listed, updated: [], removed: [], addedCount: ids.count, updatedCount: 0,
                removedCount: 0)
        }
        let read = reading.report
        let report = ReportData(
            snapshotID: snapshotID, created: created, read: read, aggregates: aggregates,
            articleCount: landscape.count, duplicateArticles: landscape.duplicateCount, ratesDate: ratesDate,
            network: try network?.value(), sinceParent: since)
        let (ratesDate, jobs, runs, touchedLines) = (ratesDate, jobs, reading.runs, reading.touchedLines)
        let labels = read.pages.map(\.label)
        return DealsToPublish(
            changes: changes, report: Deferred(report),
            pageKeys: {
                let keys = labels.map { label in
                    let path = DealPages.Page.path(label)
                    return ReportParts.Page(
                        path: path,
                        key: DealPages.contentKey(
                            path: path, lines: touchedLines[label] ?? DealPages.LinesDigest(), ratesDate: ratesDate))
                }
                return (keys, labels.count)
            },
            page: { path in
                guard let label = labels.first(where: { DealPages.Page.path($0) == path }) else {
                    throw RunError("publish: the deals no longer make the page \(path)")
                }
                let pageRuns = runs[label] ?? []
                return DealPages.Listing(label: label, count: pageRuns.reduce(0) { $0 + $1.count }) { body in
                    for run in pageRuns { try stream.forEachBlock(in: run, jobs: jobs, body) }
                }
            },
            writeDeals: { emit in try DealsFile.write(patch.lines, encoding: reading.flagged, to: emit) })
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
        let key = Self.contentKey(of: RecordSet.deals.path(compression: .none), aggregate: parentAggregateKey)
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
/// the reports read (``ReportDeals``), where each page's deals are in the stream, and the
/// digest of the deals of each page the merge changed. Aggregate folds it in the pass it makes
/// for its rows, so that the parent's deals are decoded once, and no page's deals are held.
struct PatchReading: Sendable {
    /// How many deals were read.
    let count: Int
    let report: ReportDeals
    /// The labels of the pages whose deals may differ from the parent's
    /// (``SnapshotContents/pagesChanged(replaced:merged:)``).
    let touched: Set<String>
    /// Each page's deals, as runs of places in the stream, in order.
    let runs: [String: [Range<Int>]]
    /// The digest of the lines of each changed page's deals, which its key is made of.
    let touchedLines: [String: DealPages.LinesDigest]
    /// Every deal's id, in order, when every deal is new (no parent's file was patched).
    let ids: [DealID]?
    /// Then, the deals a policy flags, with their places.
    let flagged: [(position: Int, deal: Deal)]

    struct Folding {
        private var report: DealHalves<ReportDeals>
        /// The labels of the pages whose deals may differ from the parent's; nil when every
        /// deal is new (a file of tonight's own deals): every page's lines are then digested.
        private let touched: Set<String>?
        /// Every deal's id, in order, when every deal is new: `changes.jsonl` lists each added.
        private var ids: [DealID] = []
        /// The deals a policy flags and their places, when every deal is new: the others' lines
        /// are copied from their file as they are.
        private var flagged: [(position: Int, deal: Deal)] = []
        private var runs: [String: [Range<Int>]] = [:]
        private var touchedLines: [String: DealPages.LinesDigest] = [:]
        private var labels = DealPages.DayLabels()
        private let count: Int

        /// A fold of the `count` deals of `patch` (flagged as they are published), whose
        /// findings are those of `blocs`.
        init(_ patch: DealPatch, count: Int, blocs: Blocs) {
            report = DealHalves(count: count, ReportDeals(question: PolicyReport.question(blocs: blocs)))
            touched =
                patch.isParents ? SnapshotContents.pagesChanged(replaced: patch.replaced, merged: patch.merged) : nil
            self.count = count
            if touched == nil { ids.reserveCapacity(count) }
        }

        /// Adds the deals of a block whose first deal is the `start`-th of the stream.
        mutating func add(_ deals: ArraySlice<Deal>, start: Int) {
            report.add(deals, start: start)
            for (offset, deal) in deals.enumerated() {
                let label = labels.label(of: deal)
                let position = start + offset
                runs[label, default: []].add(position)
                if touched?.contains(label) ?? true {
                    touchedLines[label, default: DealPages.LinesDigest()].add(deal)
                }
                if touched == nil {
                    ids.append(deal.id)
                    if !deal.flags.isEmpty { flagged.append((position, deal)) }
                }
            }
        }

        var reading: PatchReading {
            PatchReading(
                count: count, report: .of(report), touched: touched ?? Set(runs.keys), runs: runs,
                touchedLines: touchedLines, ids: touched == nil ? ids : nil, flagged: flagged)
        }
    }
}

extension [Range<Int>] {
    /// Adds `place` to the runs: to the last one when it ends there, else as a run of its own.
    fileprivate mutating func add(_ place: Int) {
        if let last, last.upperBound == place {
            self[count - 1] = last.lowerBound..<(place + 1)
        } else {
            append(place..<(place + 1))
        }
    }
}

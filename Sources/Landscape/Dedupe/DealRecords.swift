import Synchronization

/// A set of deals with their count known before they are read.
struct DealRecords: Sendable {
    let count: Int
    let records: Deferred<Read>

    /// The deals, and the lines they were read from, if they were read from one file.
    struct Read: Sendable {
        let deals: [Deal]
        let lines: RecordLines?
        /// Where the deals' sources are, when they were left in the file.
        var sourcesFile: DealSourcesFile? = nil
    }

    init(_ deals: [Deal]) {
        count = deals.count
        records = Deferred(Read(deals: deals, lines: nil))
    }

    init(count: Int, read: @escaping @Sendable () throws -> [Deal]) {
        self.count = count
        records = Deferred { Read(deals: try read(), lines: nil) }
    }

    /// Deals made for the one step that reads them, which ``take()`` lets go of once read: a
    /// merge's deals patched into the parent's, which aggregate flags into a list of its own.
    init(count: Int, readOnce read: @escaping @Sendable () throws -> [Deal]) {
        self.init(count: count, read: read)
        isMadeForOneReader = true
    }

    private var isMadeForOneReader = false

    /// Deals a step folds as `stream`, which `read` decodes whole for a step that holds them.
    init(stream: DealStream, read: @escaping @Sendable () throws -> [Deal]) {
        self.init(count: stream.count, read: read)
        self.stream = stream
    }

    /// Deals read from a plain file of their own, in their listed order (a build's merged
    /// deals, woven from its parts: ``DealRuns``), which flags no policy: handed over a block at
    /// a time as a ``stream`` to a step that folds them, decoded whole, a block at a time, for
    /// the one step that holds them (``take()``).
    init(file: DealLines, jobs: Int) {
        let patch = DealPatch(
            lines: file, isReplaced: LineMarks(count: file.count), replaced: [], merged: [], isParents: false)
        self.init(
            count: file.count,
            readOnce: {
                let opened = try file.opened()
                var deals: [Deal] = []
                deals.reserveCapacity(file.count)
                for start in stride(from: 0, to: file.count, by: DealStream.blockDeals) {
                    deals += try file.deals(
                        start..<min(start + DealStream.blockDeals, file.count), in: opened, jobs: jobs)
                }
                return deals
            })
        stream = DealStream(patch)
    }

    init(count: Int, readWithLines read: @escaping @Sendable () throws -> Read) {
        self.count = count
        records = Deferred(read)
    }

    /// Deals read from a file whose outlines can be read without the deals
    /// (``PreviousDeals``): `outlines` hands over each deal's outline and gives where its line
    /// is, or nil when the file cannot give them.
    init(
        count: Int, readWithLines read: @escaping @Sendable () throws -> Read,
        outlines: @escaping PreviousDeals.OutlineScan
    ) {
        self.init(count: count, readWithLines: read)
        self.outlines = outlines
    }

    /// Deals read from a file that can leave each deal's sources on its line
    /// (``DealSourcesFile``): `read` is told whether to, which it does unless
    /// ``allWithSources()`` asked for the deals first.
    ///
    /// `policy` is the digest of the policy the deals were flagged under, when their sources
    /// are left on their lines: a ``DealPatch`` of them reads them so too.
    ///
    /// `sources` reads the deals' ids, party sets and source articles a block at a time
    /// (``PreviousSources``).
    init(
        count: Int, readLeavingSources read: @escaping @Sendable (_ leavingSources: Bool) throws -> Read,
        outlines: @escaping PreviousDeals.OutlineScan, sources: @escaping PreviousSources.Scan,
        flaggedUnder policy: String?
    ) {
        let wantsSources = WantsSources()
        self.init(count: count, readWithLines: { try read(!wantsSources.value.load(ordering: .acquiring)) })
        self.outlines = outlines
        self.sources = sources
        self.wantsSources = wantsSources
        flaggedUnder = policy
    }

    private var outlines: PreviousDeals.OutlineScan?
    private var sources: PreviousSources.Scan?
    private var wantsSources: WantsSources?
    private var flaggedUnder: String?

    /// The deals as a stream, for a step that folds them rather than holds them: set for a
    /// merge's deals patched into the parent's file (``patch(_:with:)``).
    private(set) var stream: DealStream?

    /// The deals of `previous` (read from these deals' file by their outlines) with those of
    /// the party sets merged again (`partySets`) replaced by `merged`: read once by the step that holds
    /// them (``take()``), or as a ``stream`` by a step that folds them. `sourcesFile` is where
    /// the merged deals left their sources, if they did.
    func patch(
        _ previous: PreviousDeals, replacing partySets: Set<String>, with merged: [Deal],
        sourcesFile: DealSourcesFile? = nil, jobs: Int
    ) -> DealRecords {
        let isReplaced = previous.isReplaced
        let patch = DealPatch(
            lines: DealLines(previous.lines, flaggedUnder: flaggedUnder), isReplaced: isReplaced,
            replaced: previous.replaced, merged: merged, mergedSources: sourcesFile)
        var records = DealRecords(
            count: previous.keptCount + merged.count,
            readOnce: { [self] in
                // The deals are read from the file the outlines were, line for line.
                let all = try self.all()
                return all.count == isReplaced.count
                    ? DealMerger.patched(all, isReplaced: isReplaced, with: merged)
                    : DealMerger.patched(all, replacing: partySets, with: merged, jobs: jobs)
            })
        records.stream = DealStream(patch)
        return records
    }

    private final class WantsSources: Sendable {
        let value = Atomic<Bool>(false)
    }

    /// The deals as a merge that replaces the party sets `remerged` needs them, known by their
    /// outlines and only those party sets' deals decoded; nil when they are decoded already
    /// (nothing to spare), or cannot be known so.
    func outlined(replacing remerged: Set<String>, jobs: Int) throws -> PreviousDeals? {
        guard let outlines, !records.isDone else { return nil }
        return try PreviousDeals.read(scanning: outlines, expected: count, remerged: remerged, jobs: jobs)
    }

    /// The deals as a merge of every report in parts needs them (``PreviousSources``): read a
    /// block at a time, unless they are held already; nil when they cannot be known so.
    func previousSources(jobs: Int) throws -> PreviousSources? {
        if let sources, !records.isDone { return try PreviousSources.read(scanning: sources, jobs: jobs) }
        return PreviousSources(try allWithSources().map(DealSourceOutline.init), jobs: jobs)
    }

    /// The deals read a run of lines at a time, each with its sources, from the one plain file
    /// they are read from (``DealLines``), for a reader that compares every deal without
    /// holding them; nil when they are held already, or are not one plain file.
    func inRuns() throws -> DealLines? {
        guard let outlines, !records.isDone, let lines = try outlines({ _ in }) else { return nil }
        // Each deal's sources are compared: read with the deal, not from its line once more.
        return DealLines(lines, flaggedUnder: nil)
    }

    func all() throws -> [Deal] { try records.value().deals }

    /// The deals, let go of once read when they were made for one reader
    /// (``init(count:readOnce:)``), so that the list the reader makes of them does not sit
    /// beside them (a million deals' list is 7 MB); a later read makes them again. Otherwise
    /// ``all()``: deals read from a file stay for every step that reads them.
    func take() throws -> [Deal] {
        isMadeForOneReader ? try records.take().deals : try all()
    }

    /// The deals, read with their sources unless they were read already: for a step that reads
    /// every deal's sources, such as a merge of every party set.
    func allWithSources() throws -> [Deal] {
        wantsSources?.value.store(true, ordering: .releasing)
        return try all()
    }

    /// How many deals' sources were read from the file they were left in, if the deals were read
    /// or streamed.
    var sourcesRead: Int {
        let streamed = stream?.patch?.sourcesRead ?? 0
        guard records.isDone, let read = try? records.value() else { return streamed }
        return streamed + (read.sourcesFile?.linesRead ?? 0)
    }

    /// Throws when a deal's sources, left in the file the deals were read from, could not be
    /// read: what was made from the deals lacks them.
    ///
    /// - Throws: ``DamagedDataError`` naming the file.
    func checkSourcesRead() throws {
        try stream?.patch?.checkSourcesRead()
        guard records.isDone, let file = try records.value().sourcesFile else { return }
        try file.check()
    }

    /// The lines the deals were read from, if they were read from one plain file.
    func lines() throws -> RecordLines? { try records.value().lines }
}

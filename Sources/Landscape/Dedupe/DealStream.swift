import Synchronization

/// Deals in their listed order (``DealMerger/isListedBefore(_:_:)``), handed over a block at a
/// time: a night's deals are the parent's file with the few party sets merged again put in,
/// and a step that only folds them (aggregate's rows and network, the report's figures) reads
/// them so, without holding the million decoded (136 bytes and more each) beside what it makes.
struct DealStream: Sendable {
    /// How many deals the stream hands over.
    let count: Int
    private let source: Source

    private enum Source: Sendable {
        case list([Deal])
        case patch(DealPatch)
    }

    /// Deals already in memory, in their order.
    init(_ deals: [Deal]) {
        count = deals.count
        source = .list(deals)
    }

    /// The parent's deals with those of the party sets merged again replaced (``DealPatch``).
    init(_ patch: DealPatch) {
        count = patch.count
        source = .patch(patch)
    }

    /// The patch the stream reads, if it reads one.
    var patch: DealPatch? {
        if case .patch(let patch) = source { return patch }
        return nil
    }

    /// The same stream with each deal changed by `change` (which keeps a deal's place in the
    /// order, as setting its flags does), applied a block at a time as the deals are read.
    func map(_ change: @escaping @Sendable (_ deals: [Deal]) -> [Deal]) -> DealStream {
        switch source {
        case .list(let deals): DealStream(change(deals))
        case .patch(let patch): DealStream(patch.map(change))
        }
    }

    /// How many deals a block holds, at most: each stream reading one holds its lines and its
    /// deals decoded, and aggregate and publish stream on every core. The million's 1,000-new
    /// night: aggregate 81 to 82 MB and publish 91 to 92 with 2,048, against 86 and 94 to 96 with
    /// 4,096 (four runs each, in as much time).
    static let blockDeals = 2048

    /// Hands the deals to `body` in order, a block of up to `blockDeals` at a time, with the
    /// place of the block's first deal in the stream.
    ///
    /// - Throws: ``DamagedDataError`` when the parent's file changed since the patch was made or
    ///   a line no longer reads as the deal it was; what `body` throws.
    func forEachBlock(
        jobs: Int, blockDeals: Int = Self.blockDeals, _ body: (_ first: Int, _ deals: ArraySlice<Deal>) throws -> Void
    ) throws {
        switch source {
        case .list(let deals):
            for start in stride(from: 0, to: deals.count, by: blockDeals) {
                try body(start, deals[start..<min(start + blockDeals, deals.count)])
            }
        case .patch(let patch):
            // A block is decoded on some threads and folded on others, and each frees its part
            // into its own glibc arena, which keeps it: given back after each block, a night
            // holds about one block's worth, not one for each thread that touched one.
            try patch.forEachBlock(blockDeals: blockDeals, jobs: jobs) { first, deals in
                try body(first, deals)
                FreedMemory.release()
            }
        }
    }
}

extension DealStream {
    /// Hands the deals at places `positions` of the stream to `body` in order, a block of up
    /// to `blockDeals` at a time: a page's run of deals read again without the rest. Once the
    /// stream has been read through, only the lines of those deals are read.
    ///
    /// - Throws: as ``forEachBlock(jobs:blockDeals:_:)``.
    func forEachBlock(
        in positions: Range<Int>, jobs: Int, blockDeals: Int = Self.blockDeals,
        _ body: (_ deals: ArraySlice<Deal>) throws -> Void
    ) throws {
        let positions = positions.clamped(to: 0..<count)
        guard !positions.isEmpty else { return }
        switch source {
        case .list(let deals):
            for start in stride(from: positions.lowerBound, to: positions.upperBound, by: blockDeals) {
                try body(deals[start..<min(start + blockDeals, positions.upperBound)])
            }
        case .patch(let patch):
            guard let placed = patch.mergedPlaces else {
                // Where the merged deals go is known only once the patch has been read through.
                return try forEachBlock(jobs: jobs, blockDeals: blockDeals) { first, deals in
                    let wanted = positions.clamped(to: first..<(first + deals.count))
                    guard !wanted.isEmpty else { return }
                    let start = deals.startIndex - first
                    try body(deals[(start + wanted.lowerBound)..<(start + wanted.upperBound)])
                }
            }
            try patch.forEachBlock(in: positions, placed: placed, blockDeals: blockDeals, jobs: jobs, body)
        }
    }
}

/// A tally of deals added one by one, in order: what ``DealHalves`` folds a stream into.
protocol DealTally: Sendable {
    mutating func add(_ deal: Deal)
}

/// Two tallies of a stream of deals, one of its first half and one of the rest: what
/// `Array.halves(jobs:_:)` makes of a list held whole, made of the stream's blocks, so that
/// the halves' sums, added, are the list's to the last bit.
struct DealHalves<Tally: DealTally>: Sendable {
    private(set) var first: Tally
    private(set) var second: Tally
    private let middle: Int

    /// The halves of a stream of `count` deals, each tally starting as `empty`.
    init(count: Int, _ empty: Tally) {
        first = empty
        second = empty
        middle = count / 2
    }

    /// Adds the deals of a block whose first deal is the `start`-th of the stream.
    mutating func add(_ deals: ArraySlice<Deal>, start: Int) {
        for (offset, deal) in deals.enumerated() {
            if start + offset < middle { first.add(deal) } else { second.add(deal) }
        }
    }
}

/// The parent's deals file with the party sets a night merged again replaced: its kept lines,
/// decoded a block at a time as ``DealLines`` reads them, and the deals merged again, put in
/// their places as ``DealMerger/patched(_:isReplaced:with:)`` puts them. A kept deal whose
/// flags are not known to be the policy's has them dropped, to be set again.
struct DealPatch: Sendable {
    let lines: DealLines
    /// Whether each line of the parent's file is a deal of a party set merged again.
    let isReplaced: LineMarks
    /// The parent's deals of the party sets merged again, as read; their sources left on their
    /// lines when the kept deals' are (``DealLines/sourcesFile``).
    let replaced: [Deal]
    /// The deals merged again, in their listed order.
    let merged: [Deal]
    /// Where the merged deals left their sources (dedupe's cache), if they did.
    let mergedSources: DealSourcesFile?
    /// Whether the file is the parent snapshot's deals, which the merged deals patch; false for
    /// a file of tonight's own deals, every one of them new (a build's woven deals:
    /// ``DealRecords/init(file:jobs:)``).
    let isParents: Bool
    /// What is done to each block of kept deals as it is read (``DealStream/map(_:)``).
    private let change: (@Sendable (_ deals: [Deal]) -> [Deal])?
    /// Where the merged deals go among the kept lines, once a read of the patch has put them.
    private let places: MergedPlaces

    var count: Int { isReplaced.count - replaced.count + merged.count }

    init(
        lines: DealLines, isReplaced: LineMarks, replaced: [Deal], merged: [Deal],
        mergedSources: DealSourcesFile? = nil, isParents: Bool = true
    ) {
        self.lines = lines
        self.isParents = isParents
        self.isReplaced = isReplaced
        self.replaced = Self.leavingSources(of: replaced, on: lines.sourcesFile, at: isReplaced)
        self.merged =
            merged.isSorted(by: DealMerger.isListedBefore) ? merged : merged.sorted(by: DealMerger.isListedBefore)
        self.mergedSources = mergedSources
        change = nil
        places = MergedPlaces()
    }

    private init(_ patch: DealPatch, change: @escaping @Sendable (_ deals: [Deal]) -> [Deal]) {
        lines = patch.lines
        isReplaced = patch.isReplaced
        replaced = patch.replaced
        merged = change(patch.merged)
        mergedSources = patch.mergedSources
        isParents = patch.isParents
        let earlier = patch.change
        self.change = earlier.map { earlier in { @Sendable deals in change(earlier(deals)) } } ?? change
        places = patch.places
    }

    /// The replaced deals, the merge done with them, with their sources left on their lines of
    /// the parent's file, the lines `isReplaced` marks, in order: they are kept from dedupe to
    /// publish to be compared with the deals that replaced them, and at a million articles their
    /// sources were most of their memory. As read when the file leaves no sources, or when the
    /// deals and the marked lines differ in number.
    private static func leavingSources(of replaced: [Deal], on file: DealSourcesFile?, at isReplaced: LineMarks)
        -> [Deal]
    {
        guard let file, isReplaced.markedCount == replaced.count else { return replaced }
        let lines = isReplaced.indices.lazy.filter { isReplaced[$0] }
        return zip(replaced, lines).map { deal, line in
            guard let onDisk = DealSourcesOnDisk(file: file, line: line) else { return deal }
            var leaving = deal
            leaving.leaveSources(on: onDisk)
            return leaving
        }
    }

    fileprivate func map(_ change: @escaping @Sendable (_ deals: [Deal]) -> [Deal]) -> DealPatch {
        DealPatch(self, change: change)
    }

    /// How many deals' sources were read from the files they were left in, each line once.
    var sourcesRead: Int { (lines.sourcesFile?.linesRead ?? 0) + (mergedSources?.linesRead ?? 0) }

    /// Throws when a deal's sources, left in the parent's file or the merged deals', could not
    /// be read: what was made from the deals lacks them.
    ///
    /// - Throws: ``DamagedDataError`` naming the file.
    func checkSourcesRead() throws(DamagedDataError) {
        try lines.checkSourcesRead()
        try mergedSources?.check()
    }

    /// Where each merged deal goes: the line of the kept deal it comes before (the file's line
    /// count for those after the last), once the patch has been read through; nil before.
    var mergedPlaces: [Int]? { places.value.withLock { $0 } }

    /// The places of the merged deals, learnt on a read of the patch: they depend on the kept
    /// deals' days and ids, which only decoding their lines tells.
    private final class MergedPlaces: Sendable {
        let value = Mutex<[Int]?>(nil)
    }

    /// The kept deals on lines `range` of the parent's file and their lines, as the patch hands
    /// them over: flags not known to be the policy's dropped, to be set again, and the patch's
    /// change made.
    private func keptDeals(on range: Range<Int>, in opened: RecordLines.OpenedFile, jobs: Int) throws -> (
        lines: [Int], deals: [Deal]
    ) {
        var (keptLines, kept) = ([Int](), [Deal]())
        for (line, deal) in zip(range, try lines.deals(range, in: opened, jobs: jobs)) where !isReplaced[line] {
            var deal = deal
            if deal.flagsRecordedUnder == nil { deal.flags = [] }
            keptLines.append(line)
            kept.append(deal)
        }
        return (keptLines, change?(kept) ?? kept)
    }

    /// The deals at `positions` of the patch, whose merged deals go at `placed`
    /// (``mergedPlaces``): the stream's places are walked without decoding a line, and only the
    /// lines of the kept deals among them are read.
    fileprivate func forEachBlock(
        in positions: Range<Int>, placed: [Int], blockDeals: Int, jobs: Int,
        _ body: (_ deals: ArraySlice<Deal>) throws -> Void
    ) throws {
        guard isReplaced.count == lines.count, placed.count == merged.count else {
            throw DamagedDataError(path: lines.path, problem: "holds \(lines.count) deals, not \(isReplaced.count)")
        }
        // What stands at each place wanted: a kept deal's line (0 and up), or a merged deal
        // (-1 for the first).
        var items: [Int] = []
        items.reserveCapacity(positions.count)
        var (position, next) = (0, 0)
        for line in 0...lines.count where position < positions.upperBound {
            while next < merged.count, placed[next] == line {
                if positions.contains(position) { items.append(-1 - next) }
                (position, next) = (position + 1, next + 1)
            }
            guard line < lines.count, !isReplaced[line] else { continue }
            if positions.contains(position) { items.append(line) }
            position += 1
        }
        let opened = try lines.opened()
        for start in stride(from: 0, to: items.count, by: blockDeals) {
            let chunk = items[start..<min(start + blockDeals, items.count)]
            // The kept deals of a run of places are the kept lines between the first and the last.
            var kept: [Deal] = []
            if let low = chunk.first(where: { $0 >= 0 }), let high = chunk.last(where: { $0 >= 0 }) {
                kept = try keptDeals(on: low..<(high + 1), in: opened, jobs: jobs).deals
            }
            guard kept.count == chunk.count(where: { $0 >= 0 }) else {
                throw DamagedDataError(path: lines.path, problem: "no longer holds the deals its outline placed")
            }
            var block: [Deal] = []
            block.reserveCapacity(chunk.count)
            var keptIndex = 0
            for item in chunk {
                if item >= 0 {
                    block.append(kept[keptIndex])
                    keptIndex += 1
                } else {
                    block.append(merged[-1 - item])
                }
            }
            try body(block[...])
        }
        try lines.checkSourcesRead()
    }

    fileprivate func forEachBlock(
        blockDeals: Int, jobs: Int, _ body: (_ first: Int, _ deals: ArraySlice<Deal>) throws -> Void
    ) throws {
        guard isReplaced.count == lines.count else {
            throw DamagedDataError(path: lines.path, problem: "holds \(lines.count) deals, not \(isReplaced.count)")
        }
        let opened = try lines.opened()
        var block: [Deal] = []
        block.reserveCapacity(blockDeals)
        var handed = 0
        var next = 0
        var placed: [Int] = []
        placed.reserveCapacity(merged.count)
        var lastKept: Deal?
        func emit(_ deal: Deal) throws {
            block.append(deal)
            if block.count == blockDeals {
                try body(handed, block[...])
                handed += block.count
                block.removeAll(keepingCapacity: true)
            }
        }
        // The next block is decoded on another core while `body` takes this one: a fold of the
        // deals (a night's rows and network) costs about what decoding them does.
        let blocks = stride(from: 0, to: lines.count, by: blockDeals).map { $0..<min($0 + blockDeals, lines.count) }
        func decoding(_ block: Int) -> BackgroundWork<(lines: [Int], deals: [Deal]), any Error>? {
            guard blocks.indices.contains(block) else { return nil }
            let range = blocks[block]
            return BackgroundWork(cores: jobs) { try self.keptDeals(on: range, in: opened, jobs: jobs) }
        }
        var upcoming = decoding(0)
        for index in blocks.indices {
            guard let kept = try upcoming?.take() else { break }
            upcoming = decoding(index + 1)
            for (line, deal) in zip(kept.lines, kept.deals) {
                if let lastKept, !DealMerger.isListedBefore(lastKept, deal), lastKept.id != deal.id {
                    throw DamagedDataError(
                        path: lines.path, problem: "line \(line + 1) is out of the order its outline gave")
                }
                while next < merged.count, DealMerger.isListedBefore(merged[next], deal) {
                    try emit(merged[next])
                    placed.append(line)
                    next += 1
                }
                try emit(deal)
                lastKept = deal
            }
        }
        for deal in merged[next...] {
            try emit(deal)
            placed.append(lines.count)
        }
        if !block.isEmpty { try body(handed, block[...]) }
        try lines.checkSourcesRead()
        places.value.withLock { $0 = placed }
    }
}

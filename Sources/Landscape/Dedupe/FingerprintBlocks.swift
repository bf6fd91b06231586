/// Fingerprints read a block at a time, in record order: what grouping reads, a few times
/// over, instead of holding every signature at once. A block is a month of the landscape's
/// articles read from the cache, or a run of rows of a table already in memory. A block may be
/// handed over in parts, in order: a month read from the cache comes a few thousand records
/// at a time, so that a reader holds a part of a month (1 MB), not the month (14 MB).
///
/// Reading a block does not fail: a reader that can (a month read from the cache) gives an
/// empty part instead, keeps its error and is asked for it when grouping is done. A block's
/// parts hold the records ``counts`` says, or it is one empty part.
struct FingerprintBlocks: Sendable {
    /// Rows `rows` of a table: the fingerprints of one block's records, in order.
    struct Block {
        let signatures: SignatureTable
        let exactKeys: ExactKeys
        let rows: Range<Int>
    }

    /// How many records each block holds, in order, and where each block's first record is.
    let counts: [Int]
    let starts: [Int]
    let width: Int
    /// Reads block `i`, handing its parts to a body in order, each with the place of its first
    /// record in the block: the same fingerprints every time it is asked.
    private let read: @Sendable (_ block: Int, _ body: (_ offset: Int, _ part: Block) -> Void) -> Void

    /// Blocks each read whole by `read`.
    init(counts: [Int], width: Int, read: @escaping @Sendable (Int) -> Block) {
        self.init(counts: counts, width: width) { index, body in body(0, read(index)) }
    }

    /// Blocks each read in parts by `read`, which hands them to its body in order.
    init(
        counts: [Int], width: Int,
        readInParts read: @escaping @Sendable (_ block: Int, _ body: (_ offset: Int, _ part: Block) -> Void) -> Void
    ) {
        self.counts = counts
        self.width = width
        self.read = read
        var starts: [Int] = []
        var start = 0
        for count in counts {
            starts.append(start)
            start += count
        }
        self.starts = starts
    }

    var count: Int { (starts.last ?? 0) + (counts.last ?? 0) }

    /// Reads each block once, on up to `jobs` threads, and hands it to `body` with the position of
    /// its first record. `body` may run on several threads at once, each with its own block.
    func forEach(jobs: Int, _ body: @Sendable (_ start: Int, _ block: Block) -> Void) {
        forEach(Array(counts.indices), jobs: jobs, body)
    }
}

extension FingerprintBlocks {
    /// A table in memory as blocks of `blockSize` rows, so that its passes share the cores.
    init(signatures: SignatureTable, exactKeys: ExactKeys, blockSize: Int = 8192) {
        precondition(signatures.count == exactKeys.count)
        let total = signatures.count
        let counts = stride(from: 0, to: total, by: blockSize).map { min(blockSize, total - $0) }
        self.init(counts: counts, width: signatures.width) { index in
            let start = index * blockSize
            return Block(signatures: signatures, exactKeys: exactKeys, rows: start..<min(total, start + blockSize))
        }
    }
}

extension FingerprintBlocks {
    /// The block that holds record `record`.
    func block(holding record: Int) -> Int {
        precondition(record >= 0 && record < count)
        var (low, high) = (0, starts.count - 1)
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= record { low = middle } else { high = middle - 1 }
        }
        // Empty blocks share their start with the next: the one holding the record is not empty.
        while counts[low] == 0 { low += 1 }
        return low
    }

    /// Reads the blocks at `indices` once each, on up to `jobs` threads, as ``forEach(jobs:_:)``:
    /// `body` is handed each part of a block, in order, with the position of its first record.
    func forEach(_ indices: [Int], jobs: Int, _ body: @Sendable (_ start: Int, _ block: Block) -> Void) {
        let (starts, counts, read) = (starts, counts, read)
        _ = parallelMap(indices, jobs: jobs) { index in
            read(index) { offset, part in
                // A part past its block would write into its neighbours' records.
                precondition(offset + part.rows.count <= counts[index], "block \(index) is not of its size")
                body(starts[index] + offset, part)
            }
        }
    }

    /// What `transform` makes of each part of each block, in order, the blocks read once each
    /// on up to `jobs` threads; nil when a block's parts do not hold the records it counts (it
    /// could not be read).
    func map<Result: Sendable>(
        jobs: Int, _ transform: @Sendable (_ start: Int, _ part: Block) -> Result
    ) -> [Result]? {
        let (starts, counts, read) = (starts, counts, read)
        let blocks = parallelMap(Array(counts.indices), jobs: jobs) { index -> [Result]? in
            var (results, held) = ([Result](), 0)
            read(index) { offset, part in
                guard offset == held else { return }
                results.append(transform(starts[index] + offset, part))
                held += part.rows.count
            }
            return held == counts[index] ? results : nil
        }
        var all: [Result] = []
        for block in blocks {
            guard let block else { return nil }
            all += block
        }
        return all
    }
}

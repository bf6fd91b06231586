/// Fingerprints read a block at a time, in record order: what grouping reads, a few times
/// over, instead of holding every signature at once. A block is a month of the landscape's
/// articles read from the cache, or a run of rows of a table already in memory.
///
/// Reading a block does not fail: a reader that can (a month read from the cache) gives an
/// empty block instead, keeps its error and is asked for it when grouping is done. A block is
/// of the size ``counts`` says, or empty.
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
    /// Reads block `i`: the same fingerprints every time it is asked.
    private let read: @Sendable (Int) -> Block

    init(counts: [Int], width: Int, read: @escaping @Sendable (Int) -> Block) {
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

    /// Reads the blocks at `indices` once each, on up to `jobs` threads, as ``forEach(jobs:_:)``.
    func forEach(_ indices: [Int], jobs: Int, _ body: @Sendable (_ start: Int, _ block: Block) -> Void) {
        let (starts, counts, read) = (starts, counts, read)
        _ = parallelMap(indices, jobs: jobs) { index in
            let block = read(index)
            // A block of another size would write into its neighbours' records.
            precondition(block.rows.count == counts[index] || block.rows.isEmpty, "block \(index) is not of its size")
            body(starts[index], block)
        }
    }

    /// What `transform` makes of each block, in order, read once each on up to `jobs` threads,
    /// given also the number of records the block should hold (an unreadable block is empty).
    func map<Result: Sendable>(
        jobs: Int, _ transform: @Sendable (_ start: Int, _ block: Block, _ expected: Int) -> Result
    ) -> [Result] {
        let (starts, counts, read) = (starts, counts, read)
        return parallelMap(Array(counts.indices), jobs: jobs) { index in
            transform(starts[index], read(index), counts[index])
        }
    }
}

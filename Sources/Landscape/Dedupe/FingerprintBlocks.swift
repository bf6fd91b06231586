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
        let (starts, counts, read) = (starts, counts, read)
        _ = parallelMap(Array(counts.indices), jobs: jobs) { index in
            let block = read(index)
            // A block of another size would write into its neighbours' records.
            precondition(block.rows.count == counts[index] || block.rows.isEmpty, "block \(index) is not of its size")
            body(starts[index], block)
        }
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

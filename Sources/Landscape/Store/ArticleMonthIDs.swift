/// What a month at rest holds of its index while no stage needs the rest: its ids in order,
/// the digest of its ids and content digests (``LandscapeMonth/listDigest``), and how many of
/// its articles repeat another.
struct ArticleMonthIDs: Sendable {
    let ids: ArticleIDs
    let listDigest: String
    let duplicateCount: Int

    /// The ids of the index ``ArticleMonthIndex/encoded()`` wrote, with the month's list digest
    /// and duplicate count, read a block at a time without decoding dates, digests or story
    /// groups: what a month at rest holds until a stage asks for its whole index.
    ///
    /// - Parameters:
    ///   - reader: the index file.
    ///   - rows: about how many lines it holds, to size the ids once.
    /// - Returns: nil where a line has not six fields or its digest is not 64 lower-case hex
    ///   digits; the whole index is checked when it is read.
    /// - Throws: ``DamagedDataError`` when a read fails.
    static func read(from reader: FileBlockReader, expecting rows: Int) throws(DamagedDataError) -> ArticleMonthIDs? {
        var gatherer = Gatherer(expecting: rows)
        return try ArticleMonthIndex.forEachLine(of: reader) { gatherer.add($0) } ? gatherer.finish() : nil
    }

    /// Gathers the ids, list digest and duplicate count of an index a line at a time, without
    /// decoding the rest of the line.
    private struct Gatherer {
        private var ids = ArticleIDs()
        /// "id digest" lines (``LandscapeMonth``), each line's first two fields as written.
        private var list = BufferedSHA256()
        private var duplicates = 0

        /// A gatherer for an index of about `count` lines: the ids are sized once (grown id by
        /// id, a million took up to twice their 10 MB).
        init(expecting count: Int) {
            ids.reserveCapacity(ids: count, bytes: count * 20)
        }

        /// Adds one line, without its newline; false for one that is not six tab-separated
        /// fields whose second is 64 lower-case hex digits.
        mutating func add(_ line: UnsafeRawBufferPointer) -> Bool {
            guard let tabs = ArticleMonthIndex.tabs(in: line) else { return false }
            let (id, digest) = (line[..<tabs.0], line[(tabs.0 + 1)..<tabs.1])
            guard digest.count == 64, digest.allSatisfy(Self.isLowerHex) else { return false }
            ids.append(utf8: id)
            list.append { line in
                line += id
                line.append(0x20)
                line += digest
                line.append(0x0A)
            }
            let duplicateOf = line[(tabs.3 + 1)..<tabs.4]
            if !duplicateOf.elementsEqual([0x2D]) { duplicates += 1 }
            return true
        }

        consuming func finish() -> ArticleMonthIDs {
            ArticleMonthIDs(ids: ids, listDigest: list.hexDigest(), duplicateCount: duplicates)
        }

        private static func isLowerHex(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte)
        }
    }
}

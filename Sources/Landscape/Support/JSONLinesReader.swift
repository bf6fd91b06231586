import FoundationEssentials
import Synchronization

/// Reads JSON-lines files back into records (stage caches, the parent snapshot).
package enum JSONLinesReader {
    /// Decodes every non-empty line of `path`. A path ending in `.gz` is read through gzip.
    ///
    /// A plain file is read a block at a time (``blockBytes``), its digest taken and its whole
    /// lines decoded block by block on up to `jobs` cores: the parent's deals at a million are
    /// 866 MB, which were otherwise held whole beside the records made from them.
    ///
    /// - Throws: ``DamagedDataError`` when the file is missing, or does not have the digest
    ///   `sha256` when one is given (whatever else is wrong with it); an error naming the file
    ///   and line of the first record that does not decode.
    package static func read<Record: Decodable & Sendable>(
        _ type: Record.Type, from path: String, sha256: String? = nil, blockBytes: Int = blockBytes,
        jobs: Int = availableCores
    ) throws -> [Record] {
        var places: LinePlaces? = nil
        return try read(type, from: path, sha256: sha256, blockBytes: blockBytes, jobs: jobs, places: &places)
    }

    /// The records of a plain file, as ``read(_:from:sha256:blockBytes:jobs:)`` reads them,
    /// with where each record's line is in the file (its bytes without the newline), or nil
    /// for a gzipped file: a writer can copy a record that did not change instead of encoding
    /// it again.
    package static func readPlaced<Record: Decodable & Sendable>(
        _ type: Record.Type, from path: String, sha256: String? = nil, blockBytes: Int = blockBytes,
        jobs: Int = availableCores, expectedLines: Int = 0
    ) throws -> (records: [Record], places: LinePlaces?) {
        var places: LinePlaces? = LinePlaces()
        places?.reserveCapacity(expectedLines)
        let records = try read(
            type, from: path, sha256: sha256, blockBytes: blockBytes, jobs: jobs, places: &places,
            expectedLines: expectedLines)
        return (records, places)
    }

    // Room is made first for `expectedLines` records, when the file is known to hold them (a
    // manifest's count): a million records grown by doubling would hold up to twice their size
    // while they are copied.
    private static func read<Record: Decodable & Sendable>(
        _ type: Record.Type, from path: String, sha256: String?, blockBytes: Int, jobs: Int,
        places: inout LinePlaces?, expectedLines: Int = 0
    ) throws -> [Record] {
        if path.hasSuffix(".gz") {
            places = nil
            return try readGzip(type, from: path, sha256: sha256, jobs: jobs)
        }
        var records: [Record] = []
        records.reserveCapacity(expectedLines)
        try forEachBlock(type, from: path, sha256: sha256, blockBytes: blockBytes, jobs: jobs) { decoded, lines in
            records.append(contentsOf: decoded)
            places?.append(contentsOf: lines)
        }
        return records
    }

    /// Hands the records of a file to `body` a block at a time, in order, with where each
    /// record's line is in the file (none for a gzipped file, which comes as one block): a
    /// reader that makes something of each record holds one block of them, not the file's.
    ///
    /// With `readingAhead` (and two cores or more) the next block is read and decoded on
    /// another thread while `body` takes this one: for a body that does much on one core (a
    /// build filing its articles by month), at the cost of a second block held, and of what
    /// the other thread keeps of its own (the benchmark's quiet nights held 4 to 6 MB more when
    /// every reader read ahead).
    ///
    /// The file's digest is known only at its end: `body` may have seen every record of a file
    /// that then throws, as damaged. What it made of them must not be used then.
    ///
    /// - Throws: as ``read(_:from:sha256:blockBytes:jobs:)``, or what `body` throws.
    package static func forEachBlock<Record: Decodable & Sendable>(
        _ type: Record.Type, from path: String, sha256: String? = nil, blockBytes: Int = blockBytes,
        jobs: Int = availableCores, readingAhead: Bool = false,
        _ body: (_ records: [Record], _ lines: [Range<Int>]) throws -> Void
    ) throws {
        if path.hasSuffix(".gz") {
            return try body(try readGzip(type, from: path, sha256: sha256, jobs: jobs), [])
        }
        let blocks = try DecodedBlocks(
            Record.self, path: path, checking: sha256 != nil, blockBytes: blockBytes, jobs: jobs)
        defer { blocks.closeFile() }
        let ahead = MadeAhead(cores: readingAhead ? jobs : 1) { try blocks.next() }
        defer { ahead.finish() }
        while let block = try ahead.next() { try body(block.records, block.lines) }
        if let sha256, blocks.digest() != sha256 { throw changed(path) }
        if let failure = blocks.failure { throw failure }
    }

    private static func readGzip<Record: Decodable & Sendable>(
        _ type: Record.Type, from path: String, sha256: String?, jobs: Int
    ) throws -> [Record] {
        guard let bytes = FileBytes.read(path) else {
            throw DamagedDataError(path: path, problem: "missing or unreadable")
        }
        if let sha256, SHA256.hex(bytes) != sha256 { throw changed(path) }
        return try decode(type, bytes, path: path, jobs: jobs)
    }

    /// Bytes read at a time from a plain JSON-lines file: a block and the line it cuts are
    /// what a reader holds of the file, on top of the records it keeps. Two months of a
    /// million articles read at once held 96 MB of buffers with blocks of 16 MB.
    package static let blockBytes = 4 << 20

    private static func changed(_ path: String) -> DamagedDataError {
        DamagedDataError(path: path, problem: "its bytes no longer match the digest recorded when it was written")
    }

    /// Where each line of `bytes[range]` is, without its newline; a last line without one counts.
    package static func lineRanges(_ bytes: [UInt8], within range: Range<Int>? = nil) -> [Range<Int>] {
        let range = range ?? bytes.indices
        var lines: [Range<Int>] = []
        var start = range.lowerBound
        // memchr finds a line's end a word at a time, not a byte at a time: a million deals'
        // lines are 700 MB.
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while start < range.upperBound {
                guard let found = memchr(base + start, Int32(UInt8(ascii: "\n")), range.upperBound - start) else {
                    break
                }
                let index = base.distance(to: UnsafeRawPointer(found))
                lines.append(start..<index)
                start = index + 1
            }
        }
        if start < range.upperBound { lines.append(start..<range.upperBound) }
        return lines
    }

    /// Decodes every non-empty line of `bytes`, read from `path` (named in errors; `.gz` means
    /// gzip), on up to `jobs` cores.
    ///
    /// - Throws: an error naming the file and line of the first record that does not decode.
    package static func decode<Record: Decodable & Sendable>(
        _ type: Record.Type, _ bytes: [UInt8], path: String, jobs: Int = availableCores
    ) throws -> [Record] {
        var bytes = bytes
        if path.hasSuffix(".gz") {
            guard let plain = Gzip.decompress(bytes) else {
                throw ConfigError(file: path, message: "not a complete gzip file")
            }
            bytes = plain
        }
        return try decode(type, bytes, within: bytes.indices, path: path, firstLine: 0, jobs: jobs).records
    }

    /// Decodes every non-empty line of `bytes[range]`, whose first line is line `firstLine + 1`
    /// of `path`, on up to `jobs` cores; returns the records and where every line is, empty
    /// ones included.
    fileprivate static func decode<Record: Decodable & Sendable>(
        _ type: Record.Type, _ bytes: [UInt8], within range: Range<Int>, path: String, firstLine: Int, jobs: Int,
        shared: SharedValues.Pool = SharedValues.Pool()
    ) throws -> (records: [Record], lines: [Range<Int>]) {
        let lines = lineRanges(bytes, within: range)

        // Lines are decoded in chunks on all cores, several chunks a core so that none waits
        // long for another: decoding, not reading, is what a run waits for when it loads the
        // parent snapshot or a cached stage.
        let chunkLines = min(20_000, max(256, lines.count / max(1, jobs * 4) + 1))
        let chunks = stride(from: 0, to: lines.count, by: chunkLines).map { $0..<min($0 + chunkLines, lines.count) }
        let input = bytes
        let allLines = lines
        // Records that read themselves skip JSONDecoder; a chunk the scanner cannot read goes
        // through JSONDecoder below, which names the line when it cannot either.
        if let scannable = Record.self as? any ScannableRecord.Type {
            let scanned = parallelMap(chunks, jobs: jobs) { chunk -> [Record]? in
                input.withUnsafeBufferPointer { buffer in
                    var records: [Record] = []
                    records.reserveCapacity(chunk.count)
                    let strings = shared.take()
                    defer { shared.put(strings) }
                    for line in allLines[chunk] where !line.isEmpty {
                        var scanner = JSONScanner(UnsafeBufferPointer(rebasing: buffer[line]))
                        scanner.shared = strings
                        guard let record = try? scannable.init(scanning: &scanner), scanner.isAtEnd(),
                            let typed = record as? Record
                        else { return nil }
                        records.append(typed)
                    }
                    return records
                }
            }
            if scanned.allSatisfy({ $0 != nil }) { return (scanned.flatMap { $0 ?? [] }, lines) }
        }
        let decoded = parallelMap(chunks, jobs: jobs) { chunk -> [Record]? in
            var array: [UInt8] = [UInt8(ascii: "[")]
            array.reserveCapacity(allLines[chunk.upperBound - 1].upperBound - allLines[chunk.lowerBound].lowerBound + 2)
            for line in allLines[chunk] where !line.isEmpty {
                if array.count > 1 { array.append(UInt8(ascii: ",")) }
                array.append(contentsOf: input[line])
            }
            array.append(UInt8(ascii: "]"))
            // A failure here is found again below, line by line, and named with its line.
            return try? JSONDecoder().decode([Record].self, from: Data(array))
        }
        if decoded.allSatisfy({ $0 != nil }) { return (decoded.flatMap { $0 ?? [] }, lines) }

        let decoder = JSONDecoder()
        for (number, line) in lines.enumerated() where !line.isEmpty {
            do {
                _ = try decoder.decode(Record.self, from: Data(bytes[line]))
            } catch {
                throw ConfigError(file: path, line: firstLine + number + 1, message: "unreadable record: \(error)")
            }
        }
        throw ConfigError(file: path, message: "unreadable records")
    }
}

/// A plain JSON-lines file read and decoded a block at a time, for
/// ``JSONLinesReader/forEachBlock(_:from:sha256:blockBytes:jobs:_:)``: one call of ``next()``
/// at a time, on any thread.
private final class DecodedBlocks<Record: Decodable & Sendable>: @unchecked Sendable {
    let path: String
    private let descriptor: Int32
    private let blockBytes: Int
    private let jobs: Int
    private let checks: Bool
    private var hasher = SHA256()
    // The bytes read and not decoded yet, each block read straight onto their end: a line cut
    // by the end of a block waits for the next.
    private var pending: [UInt8] = []
    private var linesBefore = 0
    // Where `pending` starts in the file.
    private var offset = 0
    private var atEnd = false
    // The strings records repeat, made once for the whole file.
    private let shared = SharedValues.Pool()
    /// The first record that did not decode: it is named only once the whole file is known to
    /// be the one written, so that a damaged file is reported as damaged. Nothing after it is
    /// handed on; the rest is only hashed.
    private(set) var failure: (any Error)?

    /// Opens the file; `checking` says its digest is wanted (``digest()``).
    init(_ type: Record.Type, path: String, checking: Bool, blockBytes: Int, jobs: Int) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw DamagedDataError(path: path, problem: "missing or unreadable") }
        // A file smaller than a block is read in one block of its size (and one byte, so that
        // its end is seen): the stage cache's small files are not given a block each.
        var info = stat()
        let size = fstat(descriptor, &info) == 0 ? Int(info.st_size) : blockBytes
        (self.path, self.descriptor, self.checks, self.jobs) = (path, descriptor, checking, jobs)
        self.blockBytes = max(1, min(blockBytes, size + 1))
        pending.reserveCapacity(2 * self.blockBytes)
    }

    func closeFile() { close(descriptor) }

    /// The records of the next block with where each record's line is in the file, or nil at
    /// the end (or after a record that did not decode).
    func next() throws -> (records: [Record], lines: [Range<Int>])? {
        while !atEnd {
            // After a failure the rest is only hashed: nothing is kept.
            if failure != nil { pending.removeAll(keepingCapacity: true) }
            let start = pending.count
            guard let got = FileBytes.append(upTo: blockBytes, from: descriptor, to: &pending) else {
                throw DamagedDataError(path: path, problem: "unreadable")
            }
            // Hashed only to be checked: a spool or part file read once is not.
            if checks { pending.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[start...])) } }
            atEnd = got < blockBytes
            guard failure == nil else { continue }
            let cut = atEnd ? pending.count : (pending.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0)
            guard cut > 0 else { continue }
            defer {
                pending.removeSubrange(0..<cut)
                offset += cut
            }
            do {
                let decoded = try JSONLinesReader.decode(
                    Record.self, pending, within: 0..<cut, path: path, firstLine: linesBefore, jobs: jobs,
                    shared: shared)
                linesBefore += decoded.lines.count
                let base = offset
                return (
                    decoded.records,
                    decoded.lines.filter { !$0.isEmpty }.map { base + $0.lowerBound..<base + $0.upperBound }
                )
            } catch {
                failure = error
            }
        }
        return nil
    }

    /// The file's digest, once ``next()`` has given nil.
    func digest() -> String { hexString(hasher.finalize()) }
}

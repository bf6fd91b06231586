import FoundationEssentials

/// Reads JSON-lines files back into records (stage caches, the parent snapshot).
package enum JSONLinesReader {
    /// Decodes every non-empty line of `path`. A path ending in `.gz` is read through gzip.
    ///
    /// The lines are decoded as one JSON array, which costs one decoder set-up instead of one
    /// per line; only when that fails are they decoded one by one, to name the bad line.
    ///
    /// - Throws: ``DamagedDataError`` when the file is missing, or does not have the digest
    ///   `sha256` when one is given; an error naming the file and line of the first record that
    ///   does not decode.
    package static func read<Record: Decodable & Sendable>(
        _ type: Record.Type, from path: String, sha256: String? = nil
    ) throws -> [Record] {
        guard let bytes = FileBytes.read(path) else {
            throw DamagedDataError(path: path, problem: "missing or unreadable")
        }
        if let sha256, SHA256.hex(bytes) != sha256 {
            throw DamagedDataError(
                path: path, problem: "its bytes no longer match the digest recorded when it was written")
        }
        return try decode(type, bytes, path: path)
    }

    /// Where each line of `bytes` is, without its newline; a last line without one counts.
    package static func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            lines.append(start..<index)
            start = index + 1
        }
        if start < bytes.count { lines.append(start..<bytes.count) }
        return lines
    }

    /// Decodes every non-empty line of `bytes`, read from `path` (named in errors; `.gz` means
    /// gzip).
    ///
    /// - Throws: an error naming the file and line of the first record that does not decode.
    package static func decode<Record: Decodable & Sendable>(
        _ type: Record.Type, _ bytes: [UInt8], path: String
    ) throws -> [Record] {
        var bytes = bytes
        if path.hasSuffix(".gz") {
            guard let plain = Gzip.decompress(bytes) else {
                throw ConfigError(file: path, message: "not a complete gzip file")
            }
            bytes = plain
        }
        let lines = lineRanges(bytes)

        // Large files are decoded in chunks of lines on all cores: decoding, not reading, is
        // what a run waits for when it loads the parent snapshot or a cached stage.
        let chunkLines = 20_000
        let chunks = stride(from: 0, to: lines.count, by: chunkLines).map { $0..<min($0 + chunkLines, lines.count) }
        let input = bytes
        let allLines = lines
        // Records that read themselves skip JSONDecoder; a chunk the scanner cannot read goes
        // through JSONDecoder below, which names the line when it cannot either.
        if let scannable = Record.self as? any ScannableRecord.Type {
            let scanned = parallelMap(chunks, jobs: availableCores) { chunk -> [Record]? in
                input.withUnsafeBufferPointer { buffer in
                    var records: [Record] = []
                    records.reserveCapacity(chunk.count)
                    for line in allLines[chunk] where !line.isEmpty {
                        var scanner = JSONScanner(UnsafeBufferPointer(rebasing: buffer[line]))
                        guard let record = try? scannable.init(scanning: &scanner), scanner.isAtEnd(),
                            let typed = record as? Record
                        else { return nil }
                        records.append(typed)
                    }
                    return records
                }
            }
            if scanned.allSatisfy({ $0 != nil }) { return scanned.flatMap { $0 ?? [] } }
        }
        let decoded = parallelMap(chunks, jobs: availableCores) { chunk -> [Record]? in
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
        if decoded.allSatisfy({ $0 != nil }) { return decoded.flatMap { $0 ?? [] } }

        let decoder = JSONDecoder()
        for (number, line) in lines.enumerated() where !line.isEmpty {
            do {
                _ = try decoder.decode(Record.self, from: Data(bytes[line]))
            } catch {
                throw ConfigError(file: path, line: number + 1, message: "unreadable record: \(error)")
            }
        }
        throw ConfigError(file: path, message: "unreadable records")
    }
}

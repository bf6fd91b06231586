import FoundationEssentials

/// Reads JSON-lines files back into records (stage caches, the parent snapshot).
package enum JSONLinesReader {
    /// Decodes every non-empty line of `path`; a missing file reads as no records. A path ending
    /// in `.gz` is read through gzip.
    ///
    /// The lines are decoded as one JSON array, which costs one decoder set-up instead of one
    /// per line; only when that fails are they decoded one by one, to name the bad line.
    ///
    /// - Throws: an error naming the file and line of the first record that does not decode.
    package static func read<Record: Decodable>(_ type: Record.Type, from path: String) throws -> [Record] {
        guard var bytes = FileBytes.read(path) else { return [] }
        if path.hasSuffix(".gz") {
            guard let plain = Gzip.decompress(bytes) else {
                throw ConfigError(file: path, message: "not a complete gzip file")
            }
            bytes = plain
        }
        var lines: [Range<Int>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            lines.append(start..<index)
            start = index + 1
        }
        if start < bytes.count { lines.append(start..<bytes.count) }

        var array: [UInt8] = [UInt8(ascii: "[")]
        array.reserveCapacity(bytes.count + 2)
        for line in lines where !line.isEmpty {
            if array.count > 1 { array.append(UInt8(ascii: ",")) }
            array.append(contentsOf: bytes[line])
        }
        array.append(UInt8(ascii: "]"))
        let decoder = JSONDecoder()
        if let records = try? decoder.decode([Record].self, from: Data(array)) { return records }

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

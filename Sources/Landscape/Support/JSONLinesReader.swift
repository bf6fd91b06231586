import FoundationEssentials

/// Reads JSON-lines files back into records (stage caches, the parent snapshot).
package enum JSONLinesReader {
    /// Decodes every non-empty line of `path`; a missing file reads as no records.
    /// - Throws: an error naming the file and line of the first record that does not decode.
    package static func read<Record: Decodable>(_ type: Record.Type, from path: String) throws -> [Record] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        var records: [Record] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard !line.isEmpty else { continue }
            do {
                records.append(try decoder.decode(Record.self, from: Data(line)))
            } catch {
                throw ConfigError(file: path, line: lineNumber, message: "unreadable record: \(error)")
            }
        }
        return records
    }
}

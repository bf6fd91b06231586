/// A plain deals file read a run of lines at a time, each deal as reading the whole file gives
/// it: with its sources left on its line when the deals' flags are known to be a policy's
/// (``DealSourcesFile``), whole otherwise.
struct DealLines: Sendable {
    let lines: RecordLines
    /// Where the deals' sources are left, when they are.
    let sourcesFile: DealSourcesFile?

    /// - Parameters:
    ///   - lines: the file as it was read, and where each deal's line is.
    ///   - policy: the digest of the policy the deals were flagged under, if they were; then their
    ///     sources stay on their lines.
    init(_ lines: RecordLines, flaggedUnder policy: String?) {
        self.lines = lines
        sourcesFile = policy.flatMap { DealSourcesFile(lines, flaggedUnder: $0) }
    }

    var path: String { lines.path }
    var count: Int { lines.places.count }

    /// The file opened, once it is known to be the one read (``RecordLines/opened()``).
    func opened() throws(DamagedDataError) -> RecordLines.OpenedFile { try lines.opened() }

    /// The deals on lines `range` (from 0), decoded on up to `jobs` cores.
    ///
    /// - Throws: ``DamagedDataError`` naming the file and the lines when they do not read as
    ///   one deal each.
    func deals(_ range: Range<Int>, in file: RecordLines.OpenedFile, jobs: Int) throws -> [Deal] {
        guard let first = range.first, let last = range.last else { return [] }
        // The lines are next to one another: one read, their newlines between them.
        let bytes = try file.read(lines.places[first].lowerBound..<lines.places[last].upperBound)
        let problem = "lines \(first + 1) to \(last + 1) no longer read as \(range.count) deals"
        guard let sourcesFile else {
            let deals = try decode(Deal.self, bytes, problem: problem, jobs: jobs)
            guard deals.count == range.count else { throw DamagedDataError(path: path, problem: problem) }
            return deals
        }
        let records = try decode(DealLeavingSources.self, bytes, problem: problem, jobs: jobs)
        guard records.count == range.count else { throw DamagedDataError(path: path, problem: problem) }
        return try zip(range, records).map { line, record in
            guard record.leftSources else { return record.deal }
            var deal = record.deal
            if let onDisk = DealSourcesOnDisk(file: sourcesFile, line: line) {
                deal.leaveSources(on: onDisk)
                return deal
            }
            // A line past the four billionth keeps its sources in the deal.
            return try decode(Deal.self, try file.read(lines.places[line]), problem: problem, jobs: 1).first ?? deal
        }
    }

    /// Throws the first failure to read a deal's sources from its line (``DealSourcesFile/check()``).
    func checkSourcesRead() throws(DamagedDataError) { try sourcesFile?.check() }

    private func decode<Record: Decodable & Sendable>(
        _ type: Record.Type, _ bytes: [UInt8], problem: String, jobs: Int
    ) throws(DamagedDataError) -> [Record] {
        do {
            return try JSONLinesReader.decode(type, bytes, path: path, jobs: jobs)
        } catch {
            throw DamagedDataError(path: path, problem: "\(problem): \(error)")
        }
    }
}

import Synchronization

/// A deals file read back with each deal's sources left in its line.
///
/// A night that adds a few deals to a landscape of a million holds the parent's deals for the
/// figures, the network and the report, which need their parties, types, days and values, not
/// the URLs, titles and evidence of their sources: two thirds of a decoded deal's memory. So
/// the parent's deals are read without them, and a deal's sources are read from its line when
/// something first asks for them (a changed quarter's page, the report's newest deals, a deal
/// compared with the one that replaced it).
///
/// Only a file whose deals' flags are known to be a policy's is read so: a deal read back
/// unchanged keeps its flags under that policy (``Deal/flagsRecordedUnder``), so setting flags
/// again, which may read every deal's evidence, is spared.
final class DealSourcesFile: Sendable {
    let path: String
    /// The digest of the policy the deals' flags were set under.
    let flaggedUnder: String
    private let descriptor: Int32
    private let state = Mutex<State>(State())

    private struct State {
        /// The sources read, by where their line starts: each line is read once.
        var read: [Int: [DealSource]] = [:]
        var failure: DamagedDataError?
    }

    /// Opens the file the lines were read from; nil when it is not the file read any more.
    init?(_ lines: RecordLines, flaggedUnder policy: String) {
        let descriptor = open(lines.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        guard FileStamps.stamp(ofOpen: descriptor) == lines.stamp else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        path = lines.path
        flaggedUnder = policy
    }

    deinit { close(descriptor) }

    /// How many deals' sources were read from their lines.
    var linesRead: Int { state.withLock { $0.read.count } }

    /// Throws the first failure to read a deal's sources: a deal whose line could not be read
    /// has no sources, so nothing made from the deals may be published.
    ///
    /// - Throws: ``DamagedDataError`` naming the file and the line's place.
    func check() throws(DamagedDataError) {
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }

    /// The sources of the deal `dealID` on the line at `place`, read the first time they are
    /// asked for; none, and a failure kept for ``check()``, when the line cannot be read or is
    /// not that deal's.
    fileprivate func sources(at place: Range<Int>, dealID: String) -> [DealSource] {
        if let held = state.withLock({ $0.read[place.lowerBound] }) { return held }
        // Read outside the lock, so that two threads read two lines at once; should both read
        // one line, the first kept is the one every reader gets.
        var bytes = [UInt8](repeating: 0, count: place.count)
        let got = bytes.withUnsafeMutableBytes { FileBytes.fill($0, from: descriptor, at: place.lowerBound) }
        let deal: Deal? =
            got == place.count
            ? bytes.withUnsafeBufferPointer { buffer in
                var scanner = JSONScanner(buffer)
                return try? Deal(scanning: &scanner)
            } : nil
        return state.withLock { state in
            if let held = state.read[place.lowerBound] { return held }
            guard let deal, deal.dealID == dealID else {
                if state.failure == nil {
                    state.failure = DamagedDataError(
                        path: path, problem: "the deal \(dealID) at byte \(place.lowerBound) no longer reads as it did")
                }
                return []
            }
            state.read[place.lowerBound] = deal.sources
            return deal.sources
        }
    }
}

/// Where one deal's sources are: its line in a ``DealSourcesFile``. Held in the deal itself,
/// a million deals' lines take no allocation of their own.
struct DealSourcesOnDisk: Sendable {
    let file: DealSourcesFile
    private let start: Int
    private let count: Int32

    init(file: DealSourcesFile, line: Range<Int>) {
        self.file = file
        start = line.lowerBound
        count = Int32(clamping: line.count)
    }

    /// The sources, read from the line the first time; `dealID` is the deal the line must hold.
    func sources(of dealID: String) -> [DealSource] {
        file.sources(at: start..<start + Int(count), dealID: dealID)
    }
}

/// A deal read with its sources left in its line: what ``JSONLinesReader`` reads for a
/// ``DealSourcesFile``. A line only `JSONDecoder` can read comes with its sources.
struct DealLeavingSources: Decodable, ScannableRecord {
    var deal: Deal
    let leftSources: Bool

    init(from decoder: any Decoder) throws {
        deal = try Deal(from: decoder)
        leftSources = false
    }

    init(scanning scanner: inout JSONScanner) throws(JSONScanner.Failure) {
        deal = try Deal(scanning: &scanner, leavingSources: true)
        leftSources = true
    }
}

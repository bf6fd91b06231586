import Synchronization

/// A deals file read back with each deal's sources left in its line.
///
/// A night that adds a few deals to a landscape of a million holds the parent's deals for the
/// figures, the network and the report, which need their parties, types, days and values, not
/// the URLs, titles and evidence of their sources: two thirds of a decoded deal's memory. So
/// the parent's deals are read without them, and a deal's sources are read from its line each
/// time something asks for them (a changed quarter's page, the report's newest deals, a deal
/// compared with the one that replaced it).
///
/// A file whose deals' flags are known to be a policy's spares setting them again, which may
/// read every deal's evidence: a deal read back unchanged keeps its flags under that policy
/// (``Deal/flagsRecordedUnder``). A file of deals not flagged yet (the deals a night merged
/// again, in dedupe's cache) has no policy: its deals are flagged by aggregate, and keep their
/// sources on their lines when they are (``Deal``).
final class DealSourcesFile: Sendable {
    /// The digest of the policy the deals' flags were set under; nil for deals not flagged yet.
    let flaggedUnder: String?
    private let file: RecordLines.OpenedFile
    /// Where each line of the file is: a deal names its line by number, in four bytes.
    private let places: LinePlaces
    private let state: Mutex<State>

    private struct State {
        /// The lines read, to count them: their sources are not kept. A changed quarter's
        /// page asks for every one of its deals' sources, tens of thousands at a million
        /// articles; kept, they stayed through publish beside every deal.
        var read: LineMarks
        var failure: DamagedDataError?
    }

    /// Opens the file the lines were read from; nil when it is not the file read any more.
    init?(_ lines: RecordLines, flaggedUnder policy: String?) {
        guard let file = try? lines.opened() else { return nil }
        self.file = file
        places = lines.places
        state = Mutex(State(read: LineMarks(count: places.count)))
        flaggedUnder = policy
    }

    /// How many deals' sources were read from their lines, each line counted once.
    var linesRead: Int { state.withLock { $0.read.markedCount } }

    /// Throws the first failure to read a deal's sources: a deal whose line could not be read
    /// has no sources, so nothing made from the deals may be published.
    ///
    /// - Throws: ``DamagedDataError`` naming the file and the line's place.
    func check() throws(DamagedDataError) {
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }

    /// The sources of the deal `dealID` on line `line` (from 0), read each time they are asked
    /// for (one read of a line the page cache holds, and a scan of it); none, and a failure
    /// kept for ``check()``, when the line cannot be read or is not that deal's.
    fileprivate func sources(onLine line: Int, dealID: DealID) -> [DealSource] {
        let place = places.indices.contains(line) ? places[line] : 0..<0
        let found = place.isEmpty ? nil : (try? file.read(place)).flatMap(Self.sourcesOfLine)
        return state.withLock { state in
            guard let found, found.dealID == dealID else {
                if state.failure == nil {
                    state.failure = DamagedDataError(
                        path: file.path,
                        problem: "the deal \(dealID) at byte \(place.lowerBound) no longer reads as it did")
                }
                return []
            }
            state.read.mark(line)
            return found.sources
        }
    }

    /// The id and sources of the deal on `line`, its other fields passed over; nil for a line
    /// that does not read as a deal's.
    private static func sourcesOfLine(_ line: [UInt8]) -> (dealID: DealID, sources: [DealSource])? {
        line.withUnsafeBufferPointer { buffer -> (dealID: DealID, sources: [DealSource])? in
            var scanner = JSONScanner(buffer)
            var dealID: DealID?
            var sources: [DealSource]?
            do throws(JSONScanner.Failure) {
                try scanner.object { scanner, key throws(JSONScanner.Failure) in
                    switch key {
                    case "deal_id":
                        dealID = try DealID(scanning: &scanner)
                    case "sources":
                        sources = try DealSource.list(scanning: &scanner)
                    default:
                        try scanner.skipValue()
                    }
                }
            } catch {
                return nil
            }
            guard scanner.isAtEnd(), let dealID, let sources else { return nil }
            return (dealID, sources)
        }
    }
}

/// Where one deal's sources are: its line in a ``DealSourcesFile``, by number. Held in the
/// deal itself, twelve bytes: a million deals' lines take no allocation of their own, and
/// keep the deal's box at 136 bytes (``Deal``).
struct DealSourcesOnDisk: Sendable {
    let file: DealSourcesFile
    private let line: UInt32

    /// Nil for a line past the four billionth, whose deal then keeps its sources.
    init?(file: DealSourcesFile, line: Int) {
        guard let number = UInt32(exactly: line) else { return nil }
        self.file = file
        self.line = number
    }

    /// The sources, read from the line each time; `dealID` is the deal the line must hold.
    func sources(of dealID: DealID) -> [DealSource] {
        file.sources(onLine: Int(line), dealID: dealID)
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

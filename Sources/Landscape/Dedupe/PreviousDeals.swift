/// What a merge that builds on the previous deals needs of them, without holding them all: the
/// deals of the party sets merged again, which ids the other (kept) deals hold, and how many
/// they are.
///
/// A night merges again the few party sets its new reports touch; the rest of the previous
/// deals, nearly all of a million, are kept as they are. Decoding them all inside dedupe held
/// them in memory beside the articles' fingerprints, which dedupe's grouping holds at the same
/// time. Read here as outlines instead (id, date, party set, line), a few bytes a deal, they
/// are decoded whole only when a later stage asks for the deals, once the fingerprints are gone.
public struct PreviousDeals: Sendable {
    /// The previous deals of the party sets merged again, newest first.
    public let replaced: [Deal]
    /// Whether each previous deal, in file order, is one of `replaced`.
    let isReplaced: LineMarks
    /// How many previous deals are kept.
    public var keptCount: Int { isReplaced.count - replaced.count }
    /// The ids of the kept deals, by their 16 hex digits (``DealID/number``), sorted: 7 MB at
    /// a million deals, where a set takes 16.
    let keptIDs: [UInt64]
    /// The file the deals were read from, and where each one's line is.
    let lines: RecordLines

    /// Whether a kept deal has the id.
    func keeps(_ id: DealID) -> Bool {
        guard let number = id.number else { return false }
        let low = keptIDs.partitionPoint { $0 < number }
        return low < keptIDs.count && keptIDs[low] == number
    }

    /// The outlines of a file's deals, handed to `body` a block at a time in file order, and
    /// where each deal's line is; nil, with nothing handed over, when the deals are not one
    /// plain file.
    typealias OutlineScan = @Sendable (_ body: ([DealOutline]) throws -> Void) throws -> RecordLines?

    /// Reads the outlines of the previous deals from their one plain file, a block at a time,
    /// and decodes the lines of the party sets `remerged` only. Nil when the outlines cannot
    /// stand for the deals: an id or date not in the form this code writes, kept deals not in
    /// the order merged deals are listed in, or a line picked by its party set's hash that is
    /// of another party set (the caller then decodes every deal).
    ///
    /// Only the kept deals' ids are held of the outlines: a million outlines held at once were
    /// 15 MB beside dedupe's grouping.
    ///
    /// - Parameters:
    ///   - scan: reads the outlines and gives where each deal's line is.
    ///   - expected: how many deals the file is said to hold: room is made for their ids.
    ///   - remerged: the party sets merged again tonight.
    ///   - jobs: cores to decode the replaced deals on.
    /// - Returns: the previous deals as a merge on their outlines needs them, or nil.
    /// - Throws: ``DamagedDataError`` when the file changed since the outlines were read, or a
    ///   line does not decode as a deal; what `scan` throws.
    static func read(scanning scan: OutlineScan, expected: Int, remerged: Set<String>, jobs: Int) throws
        -> PreviousDeals?
    {
        let remergedHashes = Set(remerged.map(DealOutline.partySetHash))
        var (isStandard, isInOrder) = (true, true)
        // The lines a party set's hash picks, to decode: the decoded deal's own party set decides.
        var candidates: [(line: Int, idNumber: UInt64)] = []
        var keptIDs: [UInt64] = []
        // Grown by doubling, a million ids would take 12 MB for a moment; a count no file holds
        // is not made room for.
        keptIDs.reserveCapacity(min(max(0, expected), 1 << 26))
        var lastKept: DealOutline?
        var lineCount = 0
        guard
            let lines = try scan({ outlines in
                for outline in outlines {
                    defer { lineCount += 1 }
                    isStandard = isStandard && outline.isStandard
                    if remergedHashes.contains(outline.partySetHash) {
                        candidates.append((lineCount, outline.idNumber))
                        continue
                    }
                    if let lastKept, outline.isListed(before: lastKept) { isInOrder = false }
                    keptIDs.append(outline.idNumber)
                    lastKept = outline
                }
            }), isStandard, isInOrder, lineCount == lines.places.count
        else { return nil }
        let decoded: [Deal] = try lines.reading { read in
            let candidateLines = try candidates.map { try read(lines.places[$0.line]) }
            var bytes: [UInt8] = []
            for line in candidateLines {
                bytes += line
                bytes.append(0x0A)
            }
            do {
                return try JSONLinesReader.decode(Deal.self, bytes, path: lines.path, jobs: jobs)
            } catch {
                // Named by its line in the file, not among the lines gathered here.
                for (candidate, line) in zip(candidates, candidateLines)
                where (try? JSONLinesReader.decode(Deal.self, line, path: lines.path, jobs: 1)) == nil {
                    throw DamagedDataError(
                        path: lines.path, problem: "line \(candidate.line + 1) does not read as a deal")
                }
                throw error
            }
        }
        guard decoded.count == candidates.count else { return nil }
        var isReplaced = LineMarks(count: lineCount)
        for (candidate, deal) in zip(candidates, decoded) {
            guard remerged.contains(deal.partyKey), deal.id.number == candidate.idNumber,
                candidate.line < lineCount
            else { return nil }
            isReplaced.mark(candidate.line)
        }
        keptIDs.sort()
        return PreviousDeals(replaced: decoded, isReplaced: isReplaced, keptIDs: keptIDs, lines: lines)
    }
}

/// A deal's id, date and party set, read from its line without the rest: what ``PreviousDeals``
/// keeps of each previous deal.
public struct DealOutline: Sendable, Decodable, ScannableRecord {
    // A deal not in the standard form is marked by its day.
    /// The id's 16 hex digits as a number, when it is `dl_` and 16 lower-case hex digits.
    let idNumber: UInt64
    /// `announced` as the number YYYYMMDD, -1 when there is none, ``nonStandardDay`` when the
    /// id or date is not in the form this code writes.
    let day: Int32
    /// ``Deal/partyKey``'s hash in this process (``partySetHash(_:)``): 64 bits, so that a line
    /// it picks of another party set, which makes the outlines unusable, is as good as never met.
    let partySetHash: Int

    private static let nonStandardDay = Int32.min

    /// Whether the id and date are in the forms this code writes, so that the numbers above
    /// order deals as ``DealMerger/isListedBefore(_:_:)`` does.
    var isStandard: Bool { day != Self.nonStandardDay }

    /// What an outline keeps of a party set's key.
    static func partySetHash(_ key: String) -> Int { key.hashValue }

    init(dealID: DealID, entityIDs: [String], announced: String?) {
        let id = dealID.number
        // No date lists last, as an empty one does in ``DealMerger/isListedBefore(_:_:)``.
        let day: Int32? = if let announced { Self.dayNumber(Array(announced.utf8)[...]) } else { -1 }
        idNumber = id ?? 0
        self.day = id != nil ? day ?? Self.nonStandardDay : Self.nonStandardDay
        partySetHash = Self.partySetHash(entityIDs.sorted().joined(separator: "|"))
    }

    /// Whether this deal comes before `other` in the merged deals: newest first, then by id.
    func isListed(before other: DealOutline) -> Bool {
        (day, idNumber) > (other.day, other.idNumber)
    }

    init(scanning scanner: inout JSONScanner) throws(JSONScanner.Failure) {
        var dealID: DealID?
        var entityIDs: [String] = []
        var announced: String?
        try scanner.object { scanner, key throws(JSONScanner.Failure) in
            switch key {
            case "deal_id":
                dealID = try DealID(scanning: &scanner)
            case "parties":
                try scanner.fieldOfEach("entity_id") { scanner throws(JSONScanner.Failure) in
                    entityIDs.append(try scanner.sharedString())
                }
            case "announced":
                announced = try scanner.optionalString()
            default:
                try scanner.skipValue()
            }
        }
        guard let dealID else { throw JSONScanner.Failure() }
        self.init(dealID: dealID, entityIDs: entityIDs, announced: announced)
    }

    private enum CodingKeys: String, CodingKey {
        case dealID = "deal_id"
        case parties, announced
    }

    private struct Party: Decodable {
        let entityID: String
        enum CodingKeys: String, CodingKey { case entityID = "entity_id" }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            dealID: DealID(try container.decode(String.self, forKey: .dealID)),
            entityIDs: try container.decode([Party].self, forKey: .parties).map(\.entityID),
            announced: try container.decodeIfPresent(String.self, forKey: .announced))
    }

    /// YYYYMMDD of a `YYYY-MM-DD` date, which orders as the text does.
    static func dayNumber(_ day: ArraySlice<UInt8>) -> Int32? {
        guard day.count == 10 else { return nil }
        var number: Int32 = 0
        for (position, byte) in day.enumerated() {
            if position == 4 || position == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            number = number * 10 + Int32(byte - UInt8(ascii: "0"))
        }
        return number
    }
}

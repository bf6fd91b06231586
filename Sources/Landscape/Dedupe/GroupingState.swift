/// Where grouping stopped: for each record it has grouped, in order of precedence, what the
/// record was (a digest of its fingerprint) and the bands whose bucket it leads,
/// and each link that joined two groups, under the later record. ``DuplicateGroups`` takes
/// records one by one in that order and never changes what it decided of a record once past
/// it, so grouping can go on from any record of the state: the records before it lead the
/// buckets they led, and the links they made give the groups as they were when it was reached.
/// A night groups its new articles, and the few it saw again with another text, without
/// reading a landscape's signatures into memory.
///
/// A million records take 12 MB in its file, 4 MB of them digests, and about 8 bytes more per
/// link; held, the leaders' marks are a twentieth of their 8 MB in the file.
struct GroupingState: Sendable, Equatable {
    /// The settings the state was made with; another setting makes other groups.
    struct Settings: Equatable {
        var width: Int
        var bands: Int
        var rows: Int
        var threshold: Double
    }

    /// A link that joined two groups: the record that made it, and the earlier one it was
    /// linked to (by exact key or by likeness), as positions in order of precedence.
    struct Link: Equatable {
        let position: Int32
        let earlier: Int32
    }

    let settings: Settings
    /// Per record, in order of precedence: its digest (``DuplicateGroups/digest(_:of:)``).
    private(set) var digests: [UInt32]
    /// Per record: bit `b` set when the record leads its bucket of band `b`, where later records
    /// of that bucket compare with it.
    private(set) var leaders: LeaderMarks
    /// The links that joined groups, in order of their records' positions.
    private(set) var links: [Link]

    /// Bands a state can mark the leaders of: one bit each in a word.
    static let maximumBands = 64

    init(settings: Settings, digests: [UInt32], leaders: [UInt64], links: [Link]) {
        self.init(
            settings: settings, digests: digests, leaders: LeaderMarks(bands: settings.bands, leaders), links: links)
    }

    private init(settings: Settings, digests: [UInt32], leaders: LeaderMarks, links: [Link]) {
        precondition(digests.count == leaders.count)
        self.settings = settings
        self.digests = digests
        self.leaders = leaders
        self.links = links
    }

    var count: Int { digests.count }

    /// Replaces the records from `position` on, and their links, with those grouping on from
    /// there made: in place, when the state is not shared.
    mutating func replaceRecords(from position: Int, digests: [UInt32], leaders: [UInt64], links: [Link]) {
        precondition(digests.count == leaders.count && position <= count)
        self.digests.removeSubrange(position...)
        self.digests.reserveCapacity(position + digests.count)
        self.digests += digests
        self.leaders.removeAll(from: position)
        self.leaders.append(contentsOf: leaders)
        self.links.removeSubrange((self.links.firstIndex { Int($0.position) >= position } ?? self.links.endIndex)...)
        self.links += links
    }

    /// The groups of the records before `position`, as grouping had them when it reached it:
    /// sets whose roots are the first of their group.
    func sets(before position: Int) -> LinkedSets {
        LinkedSets(linking: links.lazy.filter { Int($0.position) < position }.map { ($0.earlier, $0.position) })
    }

    private static let magic = Array("LGS4".utf8)
    private static let header = magic.count + 28

    /// How many words the state is read in at a time: a million records' state is 12 MB,
    /// which is not read whole beside grouping.
    private static let wordsAPiece = 1 << 16

    /// Writes the state a piece at a time, for the stage cache, in little-endian order.
    func write<Failure: Error>(_ write: (ArraySlice<UInt8>) throws(Failure) -> Void) throws(Failure) {
        var pieces = BytePieces()
        pieces.put(Self.magic)
        for value in [settings.width, settings.bands, settings.rows] { pieces.put(UInt32(value)) }
        pieces.put(settings.threshold.bitPattern)
        pieces.put(UInt64(count))
        pieces.put(UInt64(links.count))
        for digest in digests {
            pieces.put(digest)
            try pieces.flush(write)
        }
        for leader in leaders {
            pieces.put(leader)
            try pieces.flush(write)
        }
        for link in links {
            pieces.put(link.position)
            pieces.put(link.earlier)
            try pieces.flush(write)
        }
        try pieces.flush(write, atEnd: true)
    }

    /// The state as ``write(_:)`` writes it, in one array.
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        write { bytes += $0 }
        return bytes
    }

    /// Reads a state written by ``write(_:)`` from a file as it is read, a block at a time, to
    /// its end; nil when its bytes are not one. The file's digest is then the reader's to give.
    ///
    /// - Throws: ``DamagedDataError`` when a read fails.
    init?(reading file: FileBlockReader) throws(DamagedDataError) {
        var (isState, settings, storedCount, storedLinks) = (
            false, Settings(width: 0, bands: 0, rows: 0, threshold: 0), UInt64(0), UInt64(0)
        )
        let header = Self.header + 8
        let read: Void? = try file.take(header) { raw in
            func take<Value: FixedWidthInteger>(_: Value.Type, at offset: Int) -> Value {
                Value(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Value.self))
            }
            isState = raw.prefix(Self.magic.count).elementsEqual(Self.magic)
            let base = Self.magic.count
            settings = Settings(
                width: Int(take(UInt32.self, at: base)), bands: Int(take(UInt32.self, at: base + 4)),
                rows: Int(take(UInt32.self, at: base + 8)),
                threshold: Double(bitPattern: take(UInt64.self, at: base + 12)))
            (storedCount, storedLinks) = (take(UInt64.self, at: base + 20), take(UInt64.self, at: base + 28))
        }
        let room = UInt64(max(0, file.size - header))
        guard read != nil, isState, storedCount <= room / 12, storedLinks <= (room - storedCount * 12) / 8,
            UInt64(file.size) == UInt64(header) + storedCount * 12 + storedLinks * 8
        else { return nil }
        let (count, linkCount) = (Int(storedCount), Int(storedLinks))
        // Room for a night's records beside the state's, so that grouping on adds them in place
        // (``replaceRecords(from:digests:leaders:links:)``) rather than doubling the arrays.
        let capacity = count + max(4096, count / 32)
        guard (1...Self.maximumBands).contains(settings.bands) else { return nil }
        var (digests, leaders, links) = ([UInt32](), LeaderMarks(bands: settings.bands), [Link]())
        digests.reserveCapacity(capacity)
        links.reserveCapacity(linkCount)
        /// Hands `total` values of `bytes` bytes each to `append`, a piece of the file at a time.
        func takeValues(_ total: Int, bytes: Int, _ append: (UnsafeRawBufferPointer, _ offset: Int) -> Void)
            throws(DamagedDataError) -> Bool
        {
            var taken = 0
            while taken < total {
                let piece = min(Self.wordsAPiece, total - taken)
                let read: Void? = try file.take(piece * bytes) { raw in
                    for offset in stride(from: 0, to: piece * bytes, by: bytes) { append(raw, offset) }
                }
                guard read != nil else { return false }
                taken += piece
            }
            return true
        }
        func word(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        func half(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> Int32 {
            Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self))
        }
        guard try takeValues(count, bytes: 4, { digests.append(UInt32(bitPattern: half($0, $1))) }),
            try takeValues(count, bytes: 8, { leaders.append(word($0, $1)) }),
            try takeValues(
                linkCount, bytes: 8, { links.append(Link(position: half($0, $1), earlier: half($0, $1 + 4))) }),
            try file.isAtEnd()
        else { return nil }
        // A link is made by a record of the state to one before it, in the records' order.
        guard
            links.allSatisfy({ $0.earlier >= 0 && $0.earlier < $0.position && Int($0.position) < count }),
            zip(links, links.dropFirst()).allSatisfy({ $0.position <= $1.position })
        else { return nil }
        self.init(settings: settings, digests: digests, leaders: leaders, links: links)
    }
}

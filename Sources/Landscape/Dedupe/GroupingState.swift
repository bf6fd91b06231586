/// Where grouping stopped: for each record it has grouped, in order of precedence, what the
/// record was (a digest of its identity and fingerprint) and the bands whose bucket it leads,
/// and each link that joined two groups, under the later record. ``DuplicateGroups`` takes
/// records one by one in that order and never changes what it decided of a record once past
/// it, so grouping can go on from any record of the state: the records before it lead the
/// buckets they led, and the links they made give the groups as they were when it was reached.
/// A night groups its new articles, and the few it saw again with another text, without
/// reading a landscape's signatures into memory.
///
/// A million records take 16 MB, and about 8 bytes more per link.
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
    /// Per record, in order of precedence: its digest (``DuplicateGroups/digest(_:of:identity:)``).
    private(set) var digests: [UInt64]
    /// Per record: bit `b` set when the record leads its bucket of band `b`, where later records
    /// of that bucket compare with it.
    private(set) var leaders: [UInt64]
    /// The links that joined groups, in order of their records' positions.
    private(set) var links: [Link]

    /// Bands a state can mark the leaders of: one bit each in a word.
    static let maximumBands = 64

    init(settings: Settings, digests: [UInt64], leaders: [UInt64], links: [Link]) {
        precondition(digests.count == leaders.count)
        self.settings = settings
        self.digests = digests
        self.leaders = leaders
        self.links = links
    }

    var count: Int { digests.count }

    /// Replaces the records from `position` on, and their links, with those grouping on from
    /// there made: in place, when the state is not shared.
    mutating func replaceRecords(from position: Int, digests: [UInt64], leaders: [UInt64], links: [Link]) {
        precondition(digests.count == leaders.count && position <= count)
        self.digests.removeSubrange(position...)
        self.digests.reserveCapacity(position + digests.count)
        self.digests += digests
        self.leaders.removeSubrange(position...)
        self.leaders.reserveCapacity(position + leaders.count)
        self.leaders += leaders
        self.links.removeSubrange((self.links.firstIndex { Int($0.position) >= position } ?? self.links.endIndex)...)
        self.links += links
    }

    /// The groups of the records before `position`, as grouping had them when it reached it:
    /// sets over `count` records whose roots are the first of their group.
    func sets(before position: Int, count: Int) -> DisjointSets {
        var sets = DisjointSets(count: count)
        for link in links where Int(link.position) < position { sets.union(Int(link.earlier), Int(link.position)) }
        return sets
    }

    private static let magic = Array("LGS2".utf8)
    private static let header = magic.count + 28

    /// The state as bytes, for the stage cache, in the machine's byte order (the cache never
    /// leaves it).
    func encoded() -> [UInt8] {
        var bytes = Self.magic
        bytes.reserveCapacity(Self.header + 8 + count * 16 + links.count * 8)
        func put<Value: FixedWidthInteger>(_ value: Value) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        for value in [settings.width, settings.bands, settings.rows] { put(UInt32(value)) }
        put(settings.threshold.bitPattern)
        put(UInt64(count))
        put(UInt64(links.count))
        for digest in digests { put(digest) }
        for leader in leaders { put(leader) }
        for link in links {
            put(link.position)
            put(link.earlier)
        }
        return bytes
    }

    /// Reads a state written by ``encoded()``; nil when the bytes are not one.
    init?(decoding bytes: [UInt8]) {
        let header = Self.header + 8
        guard bytes.count >= header, bytes.prefix(Self.magic.count).elementsEqual(Self.magic) else { return nil }
        func take<Value: FixedWidthInteger>(_: Value.Type, at offset: Int) -> Value {
            bytes.withUnsafeBytes { Value(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: Value.self)) }
        }
        let base = Self.magic.count
        let settings = Settings(
            width: Int(take(UInt32.self, at: base)), bands: Int(take(UInt32.self, at: base + 4)),
            rows: Int(take(UInt32.self, at: base + 8)),
            threshold: Double(bitPattern: take(UInt64.self, at: base + 12)))
        let (storedCount, storedLinks) = (take(UInt64.self, at: base + 20), take(UInt64.self, at: base + 28))
        let room = UInt64(bytes.count - header)
        guard storedCount <= room / 16, storedLinks <= (room - storedCount * 16) / 8,
            UInt64(bytes.count) == UInt64(header) + storedCount * 16 + storedLinks * 8
        else { return nil }
        let (count, linkCount) = (Int(storedCount), Int(storedLinks))
        // Room for a night's records beside the state's, so that grouping on adds them in place
        // (``replaceRecords(from:digests:leaders:links:)``) rather than doubling the arrays.
        let capacity = count + max(4096, count / 32)
        var (digests, leaders) = ([UInt64](), [UInt64]())
        digests.reserveCapacity(capacity)
        leaders.reserveCapacity(capacity)
        for index in 0..<count {
            digests.append(take(UInt64.self, at: header + index * 8))
            leaders.append(take(UInt64.self, at: header + (count + index) * 8))
        }
        let linksStart = header + count * 16
        let links = (0..<linkCount).map {
            Link(
                position: take(Int32.self, at: linksStart + $0 * 8),
                earlier: take(Int32.self, at: linksStart + $0 * 8 + 4))
        }
        // A link is made by a record of the state to one before it, in the records' order.
        guard
            links.allSatisfy({ $0.earlier >= 0 && $0.earlier < $0.position && Int($0.position) < count }),
            zip(links, links.dropFirst()).allSatisfy({ $0.position <= $1.position })
        else { return nil }
        self.init(settings: settings, digests: digests, leaders: leaders, links: links)
    }
}

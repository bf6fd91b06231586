/// Article ids in order, held as one run of their bytes and where each ends.
///
/// An id (20 hex digits) is too long for a string's inline storage: as a `String` each is an
/// allocation of its own, some 80 bytes with the string beside it. A night holds every
/// article's id, in the month indexes and through dedupe; here an id takes its 20 bytes and 4
/// more, and becomes a `String` only when asked for. Ids are compared by their bytes, as they
/// are hashed: two spellings of one Unicode text are two ids.
struct ArticleIDs: RandomAccessCollection, Equatable, Sendable {
    private var bytes: [UInt8] = []
    /// Where each id ends in ``bytes``; the next starts there.
    private var ends: [UInt32] = []

    init() {}

    init(_ ids: some Sequence<String>) {
        for id in ids { append(id) }
    }

    /// The ids of `lists`, one list after another.
    init(concatenating lists: [ArticleIDs]) {
        bytes.reserveCapacity(lists.reduce(0) { $0 + $1.bytes.count })
        ends.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for list in lists {
            let base = UInt32(bytes.count)
            bytes += list.bytes
            ends += list.ends.lazy.map { $0 + base }
        }
    }

    mutating func reserveCapacity(ids: Int, bytes size: Int) {
        ends.reserveCapacity(ids)
        bytes.reserveCapacity(size)
    }

    mutating func append(_ id: String) {
        append(utf8: id.utf8)
    }

    /// Appends the id whose UTF-8 bytes are `utf8`.
    mutating func append(utf8: some Collection<UInt8>) {
        bytes += utf8
        // Four gigabytes of ids is some two hundred million articles.
        precondition(bytes.count <= Int(UInt32.max), "article ids past 4 GB")
        ends.append(UInt32(bytes.count))
    }

    var startIndex: Int { 0 }
    var endIndex: Int { ends.count }

    subscript(position: Int) -> String {
        String(decoding: bytes[span(position)], as: UTF8.self)
    }

    /// The UTF-8 bytes of the id at `position`.
    func utf8(at position: Int) -> ArraySlice<UInt8> { bytes[span(position)] }

    private func span(_ position: Int) -> Range<Int> {
        (position == 0 ? 0 : Int(ends[position - 1]))..<Int(ends[position])
    }

    /// Whether the id at `position` is `id`, compared without making a string.
    func isID(at position: Int, equalTo id: String) -> Bool {
        bytes[span(position)].elementsEqual(id.utf8)
    }

    /// Whether the id at `position` is the id at `other` in `list`.
    func isID(at position: Int, equalTo other: Int, in list: ArticleIDs) -> Bool {
        bytes[span(position)].elementsEqual(list.bytes[list.span(other)])
    }

    /// Whether the id at `position` sorts before the one at `other`, as their strings do.
    func precedes(_ position: Int, _ other: Int) -> Bool {
        // Strings of ASCII, as ids are, sort as their bytes; any other is compared as a string.
        let (left, right) = (bytes[span(position)], bytes[span(other)])
        guard left.allSatisfy({ $0 < 0x80 }), right.allSatisfy({ $0 < 0x80 }) else {
            return self[position] < self[other]
        }
        return left.lexicographicallyPrecedes(right)
    }

    /// FNV-1a of the id's bytes at `position`, as ``fnv1a(_:)`` gives it for the id as a string.
    func fnv1a(at position: Int) -> UInt64 {
        Self.fnv1a(bytes[span(position)])
    }

    /// FNV-1a, 64 bits, of `utf8`.
    static func fnv1a(_ utf8: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }
}

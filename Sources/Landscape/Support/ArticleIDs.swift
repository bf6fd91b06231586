/// Article ids in order, held as their bytes in one run.
///
/// An id (20 hex digits) is too long for a string's inline storage: as a `String` each is an
/// allocation of its own, some 80 bytes with the string beside it. A night holds every
/// article's id, in the month indexes and through dedupe, and becomes a `String` only when
/// asked for. While every id is 20 lower-case hex digits, as ``Article/makeID(canonicalURL:sourceID:guid:title:)``
/// makes them, each is held as the 10 bytes its digits spell (a million ids are 10 MB, where
/// their text and where each ends were 24); the first id of another form has every id held as
/// its text from then on. Ids are compared by their text's bytes, as they are hashed: two
/// spellings of one Unicode text are two ids.
struct ArticleIDs: RandomAccessCollection, Sendable {
    /// Whether each id is held as the 10 bytes its hex digits spell: while every id is 20
    /// lower-case hex digits.
    private(set) var isPacked = true
    /// Each id's 10 bytes, while ``isPacked``.
    private var packed: [UInt8] = []
    /// Every id's text, one after another, when not ``isPacked``.
    private var bytes: [UInt8] = []
    /// Where each id ends in ``bytes``; the next starts there.
    private var ends: [UInt32] = []

    private static let packedWidth = 10
    private static let hexDigits = Array("0123456789abcdef".utf8)

    init() {}

    init(_ ids: some Sequence<String>) {
        for id in ids { append(id) }
    }

    /// The ids of `lists`, one list after another.
    init(concatenating lists: [ArticleIDs]) {
        let count = lists.reduce(0) { $0 + $1.count }
        if !lists.allSatisfy(\.isPacked) { unpack() }
        reserveCapacity(ids: count, bytes: count * 20)
        for list in lists { append(contentsOf: list) }
    }

    /// Appends the ids of `list`, in order.
    mutating func append(contentsOf list: ArticleIDs) {
        if isPacked, list.isPacked { return packed += list.packed }
        unpack()
        if list.isPacked {
            for position in list.indices {
                list.appendUTF8(at: position, to: &bytes)
                ends.append(UInt32(bytes.count))
            }
        } else {
            let base = UInt32(bytes.count)
            bytes += list.bytes
            ends += list.ends.lazy.map { $0 + base }
        }
        precondition(bytes.count <= Int(UInt32.max), "article ids past 4 GB")
    }

    mutating func reserveCapacity(ids: Int, bytes size: Int) {
        if isPacked {
            packed.reserveCapacity(ids * Self.packedWidth)
        } else {
            ends.reserveCapacity(ids)
            bytes.reserveCapacity(size)
        }
    }

    mutating func append(_ id: String) {
        append(utf8: id.utf8)
    }

    /// Appends the id whose UTF-8 bytes are `utf8`.
    mutating func append(utf8: some Collection<UInt8>) {
        if isPacked {
            if Self.pack(utf8, into: &packed) { return }
            unpack()
        }
        bytes += utf8
        // Four gigabytes of ids is some two hundred million articles.
        precondition(bytes.count <= Int(UInt32.max), "article ids past 4 GB")
        ends.append(UInt32(bytes.count))
    }

    var startIndex: Int { 0 }
    var endIndex: Int { isPacked ? packed.count / Self.packedWidth : ends.count }

    subscript(position: Int) -> String {
        guard isPacked else { return String(decoding: bytes[span(position)], as: UTF8.self) }
        return String(unsafeUninitializedCapacity: 2 * Self.packedWidth) { text in
            for (offset, byte) in packedBytes(position).enumerated() {
                text[2 * offset] = Self.hexDigits[Int(byte >> 4)]
                text[2 * offset + 1] = Self.hexDigits[Int(byte & 0x0F)]
            }
            return 2 * Self.packedWidth
        }
    }

    /// Appends the UTF-8 bytes of the id at `position` to `text`.
    func appendUTF8(at position: Int, to text: inout [UInt8]) {
        guard isPacked else { return text += bytes[span(position)] }
        for byte in packedBytes(position) {
            text.append(Self.hexDigits[Int(byte >> 4)])
            text.append(Self.hexDigits[Int(byte & 0x0F)])
        }
    }

    /// Whether the id at `position` is `id`, compared without making a string.
    func isID(at position: Int, equalTo id: String) -> Bool {
        guard isPacked else { return bytes[span(position)].elementsEqual(id.utf8) }
        // Digit by digit against the bytes held, nothing made: every probe of a table of ids asks this.
        guard id.utf8.count == 2 * Self.packedWidth else { return false }
        var held = packedBytes(position).makeIterator()
        var byte: UInt8 = 0
        for (offset, character) in id.utf8.enumerated() {
            if offset % 2 == 0 { byte = held.next() ?? 0 }
            let digit = offset % 2 == 0 ? byte >> 4 : byte & 0x0F
            guard character == Self.hexDigits[Int(digit)] else { return false }
        }
        return true
    }

    /// Whether the id at `position` is the id at `other` in `list`.
    func isID(at position: Int, equalTo other: Int, in list: ArticleIDs) -> Bool {
        switch (isPacked, list.isPacked) {
        case (true, true): return packedBytes(position).elementsEqual(list.packedBytes(other))
        case (false, false): return bytes[span(position)].elementsEqual(list.bytes[list.span(other)])
        default: return utf8(at: position) == list.utf8(at: other)
        }
    }

    /// Whether the id at `position` sorts before the one at `other`, as their strings do.
    func precedes(_ position: Int, _ other: Int) -> Bool {
        // Hex digits of one length sort as the bytes they spell.
        guard !isPacked else { return packedBytes(position).lexicographicallyPrecedes(packedBytes(other)) }
        // Strings of ASCII, as ids are, sort as their bytes; any other is compared as a string.
        let (left, right) = (bytes[span(position)], bytes[span(other)])
        guard left.allSatisfy({ $0 < 0x80 }), right.allSatisfy({ $0 < 0x80 }) else {
            return self[position] < self[other]
        }
        return left.lexicographicallyPrecedes(right)
    }

    /// FNV-1a of the id's bytes at `position`, as ``fnv1a(_:)`` gives it for the id as a string.
    func fnv1a(at position: Int) -> UInt64 {
        guard isPacked else { return Self.fnv1a(bytes[span(position)]) }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in packedBytes(position) {
            hash = (hash ^ UInt64(Self.hexDigits[Int(byte >> 4)])) &* 0x100_0000_01B3
            hash = (hash ^ UInt64(Self.hexDigits[Int(byte & 0x0F)])) &* 0x100_0000_01B3
        }
        return hash
    }

    /// FNV-1a, 64 bits, of `utf8`.
    static func fnv1a(_ utf8: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }

    private func span(_ position: Int) -> Range<Int> {
        (position == 0 ? 0 : Int(ends[position - 1]))..<Int(ends[position])
    }

    private func packedBytes(_ position: Int) -> ArraySlice<UInt8> {
        packed[position * Self.packedWidth..<(position + 1) * Self.packedWidth]
    }

    /// The id's text at `position`, as bytes.
    func utf8(at position: Int) -> [UInt8] {
        var text: [UInt8] = []
        appendUTF8(at: position, to: &text)
        return text
    }

    /// Appends the 10 bytes that `utf8`, 20 lower-case hex digits, spells; false (and nothing
    /// appended) for text of any other form.
    private static func pack(_ utf8: some Collection<UInt8>, into packed: inout [UInt8]) -> Bool {
        guard utf8.count == 2 * packedWidth else { return false }
        var spelled: (UInt64, UInt16) = (0, 0)
        var index = 0
        for character in utf8 {
            let value: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = character &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = character &- UInt8(ascii: "a") &+ 10
            default: return false
            }
            if index < 16 {
                spelled.0 = spelled.0 << 4 | UInt64(value)
            } else {
                spelled.1 = spelled.1 << 4 | UInt16(value)
            }
            index += 1
        }
        for shift in stride(from: 56, through: 0, by: -8) {
            packed.append(UInt8(truncatingIfNeeded: spelled.0 >> shift))
        }
        packed.append(UInt8(truncatingIfNeeded: spelled.1 >> 8))
        packed.append(UInt8(truncatingIfNeeded: spelled.1))
        return true
    }

    /// Holds every id as its text from now on.
    private mutating func unpack() {
        guard isPacked else { return }
        var text: [UInt8] = []
        var ends: [UInt32] = []
        text.reserveCapacity(count * 2 * Self.packedWidth)
        ends.reserveCapacity(count)
        for position in indices {
            appendUTF8(at: position, to: &text)
            ends.append(UInt32(text.count))
        }
        (isPacked, packed, bytes, self.ends) = (false, [], text, ends)
    }
}

extension ArticleIDs: Equatable {
    /// The same ids in the same order, however each list holds them.
    static func == (lhs: ArticleIDs, rhs: ArticleIDs) -> Bool {
        switch (lhs.isPacked, rhs.isPacked) {
        case (true, true): return lhs.packed == rhs.packed
        case (false, false): return lhs.bytes == rhs.bytes && lhs.ends == rhs.ends
        default: return lhs.count == rhs.count && lhs.indices.allSatisfy { lhs.isID(at: $0, equalTo: $0, in: rhs) }
        }
    }
}

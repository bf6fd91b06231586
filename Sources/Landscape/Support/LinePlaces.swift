/// Where each line of a file is, without its newline: eight bytes a line, where a range takes
/// sixteen. A night that adds a few deals to a landscape of a million holds the place of every
/// line of the parent's deals file, to copy the lines left as they were and to read a deal's
/// sources back: 7 MB, not 14 (and as much again while the list grows).
///
/// A line is its start (below 2^40, a terabyte) and its length (below 2^24, 16 MB) in one
/// word; a file with a line past either is held as ranges, as it was.
package struct LinePlaces: RandomAccessCollection, Sendable, Equatable {
    private var packed: [UInt64] = []
    /// Every line, once one does not fit in a word; then `packed` is empty.
    private var ranges: [Range<Int>]?

    private static let lengthBits: UInt64 = 24
    private static let lengthMask: UInt64 = (1 << lengthBits) - 1
    private static let startLimit = 1 << 40

    package init() {}

    package init(_ lines: some Sequence<Range<Int>>) {
        append(contentsOf: lines)
    }

    package var startIndex: Int { 0 }
    package var endIndex: Int { ranges?.count ?? packed.count }

    package subscript(position: Int) -> Range<Int> {
        if let ranges { return ranges[position] }
        let word = packed[position]
        let start = Int(word >> Self.lengthBits)
        return start..<start + Int(word & Self.lengthMask)
    }

    /// Room for `count` lines, so that reading a file of known length copies no places.
    package mutating func reserveCapacity(_ count: Int) {
        if ranges == nil { packed.reserveCapacity(count) } else { ranges?.reserveCapacity(count) }
    }

    package mutating func append(_ line: Range<Int>) {
        if ranges != nil {
            ranges?.append(line)
        } else if line.lowerBound >= 0, line.lowerBound < Self.startLimit, UInt64(line.count) <= Self.lengthMask {
            packed.append(UInt64(line.lowerBound) << Self.lengthBits | UInt64(line.count))
        } else {
            ranges = Array(self) + [line]
            packed = []
        }
    }

    package mutating func append(contentsOf lines: some Sequence<Range<Int>>) {
        for line in lines { append(line) }
    }

    package static func == (a: LinePlaces, b: LinePlaces) -> Bool { a.elementsEqual(b) }
}

/// Where each line of a file is, without its newline: about two bytes a line, where a range
/// takes sixteen. A night that adds a few deals to a landscape of a million holds the place of
/// every line of the parent's deals file, from dedupe to publish, to copy the lines left as
/// they were and to read a deal's sources back: 2 MB, where ranges took 14 and a start and
/// length packed in a word 7.
///
/// The lines of a JSON-lines file follow one another, each starting after the newline that
/// ends the one before: a line is known by its length, and its start by the lengths before it
/// from the start of every 64th line, which is kept. A length that does not fit in 16 bits is
/// kept aside. A file whose lines do not follow one another (a blank line skipped) is held as
/// ranges.
package struct LinePlaces: RandomAccessCollection, Sendable, Equatable {
    /// Each line's length, or ``longLength`` when it is kept in `longLengths`.
    private var lengths: [UInt16] = []
    /// The lengths of 64 KB and more, by line.
    private var longLengths: [Int: Int] = [:]
    /// The start of lines 0, 64, 128 and so on.
    private var checkpoints: [Int] = []
    /// Where the next line starts if it follows the last one.
    private var nextStart = 0
    /// Every line, once one does not follow the one before; then the rest is empty.
    private var ranges: [Range<Int>]?

    private static let longLength = UInt16.max
    private static let linesPerCheckpoint = 64

    package init() {}

    package init(_ lines: some Sequence<Range<Int>>) {
        append(contentsOf: lines)
    }

    package var startIndex: Int { 0 }
    package var endIndex: Int { ranges?.count ?? lengths.count }

    package subscript(position: Int) -> Range<Int> {
        if let ranges { return ranges[position] }
        precondition(position >= 0 && position < lengths.count, "line out of range")
        let checkpoint = position / Self.linesPerCheckpoint
        var start = checkpoints[checkpoint]
        for line in (checkpoint * Self.linesPerCheckpoint)..<position { start += length(line) + 1 }
        return start..<start + length(position)
    }

    private func length(_ line: Int) -> Int {
        let stored = lengths[line]
        return stored == Self.longLength ? longLengths[line] ?? 0 : Int(stored)
    }

    /// The lines in order, each start found from the one before.
    package struct Iterator: IteratorProtocol {
        private let places: LinePlaces
        private var position = 0
        private var start: Int

        fileprivate init(_ places: LinePlaces) {
            self.places = places
            start = places.checkpoints.first ?? 0
        }

        package mutating func next() -> Range<Int>? {
            guard position < places.endIndex else { return nil }
            defer { position += 1 }
            if let ranges = places.ranges { return ranges[position] }
            let line = start..<start + places.length(position)
            start = line.upperBound + 1
            return line
        }
    }

    package func makeIterator() -> Iterator { Iterator(self) }

    /// Room for `count` lines, so that reading a file of known length copies no places.
    package mutating func reserveCapacity(_ count: Int) {
        if ranges == nil {
            lengths.reserveCapacity(count)
            checkpoints.reserveCapacity(count / Self.linesPerCheckpoint + 1)
        } else {
            ranges?.reserveCapacity(count)
        }
    }

    package mutating func append(_ line: Range<Int>) {
        if ranges != nil {
            ranges?.append(line)
            return
        }
        let isFirst = lengths.isEmpty
        guard line.lowerBound >= 0, isFirst || line.lowerBound == nextStart else {
            ranges = Array(self) + [line]
            (lengths, longLengths, checkpoints) = ([], [:], [])
            return
        }
        if lengths.count % Self.linesPerCheckpoint == 0 { checkpoints.append(line.lowerBound) }
        if line.count < Int(Self.longLength) {
            lengths.append(UInt16(line.count))
        } else {
            longLengths[lengths.count] = line.count
            lengths.append(Self.longLength)
        }
        nextStart = line.upperBound + 1
    }

    package mutating func append(contentsOf lines: some Sequence<Range<Int>>) {
        for line in lines { append(line) }
    }

    package static func == (a: LinePlaces, b: LinePlaces) -> Bool { a.elementsEqual(b) }
}

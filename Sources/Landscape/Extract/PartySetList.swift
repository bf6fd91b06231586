/// A month's list of its deal reports' party sets, a line each in the order of its reports
/// (`report-party-sets.txt` in the stage cache), held whole and found by row: a night reads it
/// to find the reports of the party sets it merges again without decoding the others, and to
/// copy the kept articles' reports with their party sets.
struct PartySetList: Sendable {
    let bytes: [UInt8]
    /// Where each line starts, and the end of the last.
    private let starts: [Int]

    /// The lines of `bytes`; nil unless every line ends in a newline.
    init?(_ bytes: [UInt8]) {
        guard bytes.last == 0x0A || bytes.isEmpty else { return nil }
        var starts = [0]
        starts.reserveCapacity(bytes.count { $0 == 0x0A } + 1)
        for (offset, byte) in bytes.enumerated() where byte == 0x0A { starts.append(offset + 1) }
        self.bytes = bytes
        self.starts = starts
    }

    var count: Int { starts.count - 1 }

    /// The lines at `rows`, newlines and all.
    subscript(rows: Range<Int>) -> ArraySlice<UInt8> {
        bytes[starts[rows.lowerBound]..<starts[rows.upperBound]]
    }

    /// The party set on line `row`.
    subscript(row: Int) -> String {
        String(decoding: bytes[starts[row]..<(starts[row + 1] - 1)], as: UTF8.self)
    }
}

extension Sequence<Deal> {
    /// The party set of each report, a line each, as a ``PartySetList`` holds them.
    var partySetLines: [UInt8] { Array(map { $0.partyKey + "\n" }.joined().utf8) }
}

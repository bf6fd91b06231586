/// Bytes of a binary file gathered a value at a time and handed on a piece at a time: a file
/// of a million records is written as it is made, not held whole beside the records (and
/// not grown by doubling to twice its size).
struct BytePieces {
    private var piece: [UInt8] = []
    private let pieceBytes: Int

    init(pieceBytes: Int = 1 << 19) {
        self.pieceBytes = pieceBytes
        piece.reserveCapacity(pieceBytes + 64)
    }

    /// Appends `value` in little-endian order.
    mutating func put<Value: FixedWidthInteger>(_ value: Value) {
        withUnsafeBytes(of: value.littleEndian) { piece.append(contentsOf: $0) }
    }

    mutating func put(_ bytes: some Sequence<UInt8>) { piece.append(contentsOf: bytes) }

    /// Hands the piece to `write` once it holds a piece's bytes, or, `atEnd`, whatever it
    /// holds; the next piece then starts empty.
    mutating func flush<Failure: Error>(
        _ write: (ArraySlice<UInt8>) throws(Failure) -> Void, atEnd: Bool = false
    ) throws(Failure) {
        guard piece.count >= (atEnd ? 1 : pieceBytes) else { return }
        try write(piece[...])
        piece.removeAll(keepingCapacity: true)
    }
}

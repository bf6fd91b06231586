/// One file of a stage cache entry: its name, its bytes in the pieces they were made in, and
/// its rows (JSON lines; 0 for other files).
///
/// Records encoded on every core stay in their pieces and are written one after another:
/// gathering parse's 165 MB of articles into one array first was a tenth of a second of copying
/// on one core, and as much memory again.
struct CacheFile: Sendable {
    let name: String
    /// Stretches of buffers, shared with them: a month extracted again takes most of its lines
    /// from the month before as they are, and writes them from there.
    let pieces: [ArraySlice<UInt8>]
    let rows: Int

    /// A file of `bytes`; a `.jsonl` file's rows are its newlines.
    init(_ name: String, bytes: [UInt8]) {
        self.name = name
        pieces = [bytes[...]]
        rows = name.hasSuffix(".jsonl") ? RowTally.rows(bytes) : 0
    }

    /// A file of `pieces` one after another, holding `rows` rows.
    init(_ name: String, pieces: [ArraySlice<UInt8>], rows: Int) {
        self.name = name
        self.pieces = pieces
        self.rows = rows
    }

    /// The records as JSON lines, encoded on up to `jobs` cores: a line each.
    init<Record: JSONLineRecord & Sendable>(_ name: String, lines records: [Record], jobs: Int) {
        var pieces: [ArraySlice<UInt8>] = []
        records.writeJSONLines(jobs: jobs) { pieces.append($0[...]) }
        self.name = name
        self.pieces = pieces
        rows = records.count
    }

    /// The file's SHA-256, in hex.
    var digest: String {
        var hash = SHA256()
        for piece in pieces { piece.withUnsafeBytes { hash.update($0) } }
        return hexString(hash.finalize())
    }
}

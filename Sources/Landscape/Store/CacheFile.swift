/// One file of a stage cache entry: its name, its bytes, and its rows (JSON lines; 0 for other
/// files).
///
/// The bytes are held in the pieces they were made in, or made as the file is written. Records
/// encoded on every core stay in their pieces and are written one after another: gathering
/// parse's 165 MB of articles into one array first was a tenth of a second of copying on one
/// core, and as much memory again. Records encoded as they are written are never held at all:
/// a build's parse held every article's line until its file was written, 250 MB of a 580 MB
/// peak at 100,000 articles.
struct CacheFile: Sendable {
    /// Hands the file's bytes, piece after piece, to `write`.
    typealias Maker =
        @Sendable (_ write: (ArraySlice<UInt8>) throws(FileSystemError) -> Void) throws(FileSystemError)
        -> Void

    let name: String
    let rows: Int
    private let bytes: Bytes

    private enum Bytes: Sendable {
        /// Stretches of buffers, shared with them.
        case held([ArraySlice<UInt8>])
        case made(Maker)
        /// Written already, at `path` beside the entries, with its digest (``StageCache/staged(_:_:)``).
        case staged(path: String, sha256: String)
    }

    /// A file of `bytes`; a `.jsonl` file's rows are its newlines.
    init(_ name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = .held([bytes[...]])
        rows = name.hasSuffix(".jsonl") ? RowTally.rows(bytes) : 0
    }

    /// A file of `pieces` one after another, holding `rows` rows.
    init(_ name: String, pieces: [ArraySlice<UInt8>], rows: Int) {
        self.name = name
        bytes = .held(pieces)
        self.rows = rows
    }

    /// A file of `rows` rows whose bytes `make` hands over piece after piece as it is written.
    init(_ name: String, rows: Int, make: @escaping Maker) {
        self.name = name
        bytes = .made(make)
        self.rows = rows
    }

    /// The records as JSON lines, a line each, encoded on up to `jobs` cores as the file is
    /// written, `chunk` records a core at a time.
    init<Record: JSONLineRecord & Sendable>(_ name: String, lines records: [Record], jobs: Int, chunk: Int = 4096) {
        self.name = name
        bytes = .made { write throws(FileSystemError) in
            try records.writeJSONLines(jobs: jobs, chunk: chunk) { piece throws(FileSystemError) in
                try write(piece[...])
            }
        }
        rows = records.count
    }

    /// The file `writer` wrote beside the entries, closed now, holding `rows` rows: moved into
    /// the entry.
    init(_ name: String, staged writer: HashingWriter, rows: Int) throws(FileSystemError) {
        self.init(name, staged: writer.path, sha256: try writer.close(), rows: rows)
    }

    /// A file written already at `path`, whose SHA-256 is `sha256`: moved into the entry.
    init(_ name: String, staged path: String, sha256: String, rows: Int) {
        self.name = name
        bytes = .staged(path: path, sha256: sha256)
        self.rows = rows
    }

    /// Where a staged file is until it is moved into an entry, and its SHA-256; nil for any
    /// other file.
    var staged: (path: String, sha256: String)? {
        if case .staged(let path, let sha256) = bytes { return (path, sha256) }
        return nil
    }

    /// Removes a staged file not moved into an entry (a run that failed before storing it);
    /// nothing for any other file.
    func discardStaged() {
        if case .staged(let path, _) = bytes { unlink(path) }
    }

    /// Writes the file anew at `path`, synced, and returns its SHA-256 in hex: held pieces are
    /// hashed on another core while they are written, made ones as they come, and a staged
    /// file is moved there.
    func write(to path: String) throws(FileSystemError) -> String {
        switch bytes {
        case .staged(let staged, let sha256):
            try DurableFile.rename(staged, to: path)
            return sha256
        case .held(let pieces):
            let digest = BackgroundWork {
                var hash = SHA256()
                for piece in pieces { piece.withUnsafeBytes { hash.update($0) } }
                return hexString(hash.finalize())
            }
            try DurableFile.create(path, pieces: pieces)
            return digest.value()
        case .made(let make):
            let file = try HashingWriter(path: path)
            try make(file.write)
            return try file.close()
        }
    }
}

import FoundationEssentials

/// A month's records (its mentions, or its deal reports) as the JSON lines of its file, every
/// line ending in a newline: what the stage cache stores as it is and publish links or copies
/// unread.
///
/// Lines are appended one record at a time, or an earlier month's lines of one article at a
/// time (``ArticleLines``), so the pieces, one after another, are the file. A month of a
/// million-article landscape is half a million mention lines and a hundred megabytes: the lines
/// carry no per-line record beside their bytes, and the lines of an earlier month are neither
/// copied nor held, but named as stretches of its file, read when the month is written (a month
/// extracted again held the earlier file whole: 85 MB of a million articles' night; its reports,
/// decoded and encoded again, 30 MB).
struct MonthLines: Sendable {
    /// A stretch of the lines: encoded bytes, or bytes of an earlier month's file.
    enum Piece: Sendable {
        case encoded(ArraySlice<UInt8>)
        case stretch(ArticleLines.File, Range<Int>)
    }

    /// The pieces closed: stretches of earlier months' files, and lines encoded before them.
    private var closed: [Piece] = []
    /// Lines encoded since the last stretch of an earlier month.
    private var encoded: [UInt8] = []
    /// How many lines the pieces hold.
    private(set) var count = 0

    init() {}

    /// The lines of `records`, encoded by one writer: a build encodes millions of them.
    init<Record: JSONLineRecord>(_ records: some Sequence<Record>) {
        var writer = JSONWriter()
        for record in records {
            record.write(to: &writer)
            writer.newline()
            count += 1
        }
        encoded = writer.bytes
    }

    /// Room for `bytes` more lines encoded without growing: a month's file grown by doubling
    /// held up to twice its size, and both buffers while it moved.
    mutating func reserve(_ bytes: Int) {
        encoded.reserveCapacity(encoded.count + bytes)
    }

    /// How many pieces the lines are in, one per stretch of an earlier file and per run of
    /// lines encoded between them.
    var pieceCount: Int { closed.count + (encoded.isEmpty ? 0 : 1) }

    /// How many bytes the lines take.
    var byteCount: Int {
        closed.reduce(encoded.count) { total, piece in
            switch piece {
            case .encoded(let bytes): total + bytes.count
            case .stretch(let file, let range): total + file.length(of: range)
            }
        }
    }

    /// Appends another's lines: those it encoded are copied, its stretches of earlier months
    /// shared.
    mutating func append(_ other: MonthLines) {
        for piece in other.closed { close(piece) }
        encoded += other.encoded
        count += other.count
    }

    /// Appends `lines`, found in `earlier`, byte for byte, as stretches of its file.
    mutating func append(_ lines: ArticleLines.Lines, of earlier: ArticleLines) {
        for range in lines.stretches.lazy.map(\.bytes) {
            // The last piece extends when it is a stretch of the same file ending where this starts.
            if encoded.isEmpty, case .stretch(let file, let previous) = closed.last, file === earlier.file,
                previous.upperBound == range.lowerBound
            {
                closed[closed.count - 1] = .stretch(file, previous.lowerBound..<range.upperBound)
            } else {
                close(.stretch(earlier.file, range))
            }
        }
        count += lines.count
    }

    /// Hands the lines to `write` piece after piece, a megabyte at most at a time, reading the
    /// stretches of earlier files as they come.
    ///
    /// - Throws: ``FileSystemError`` naming an earlier file that can no longer be read, or
    ///   that is not the size it was when its lines were found; what `write` throws.
    func write(to write: (ArraySlice<UInt8>) throws(FileSystemError) -> Void) throws(FileSystemError) {
        var reader = ArticleLines.StretchReader()
        for piece in closed {
            switch piece {
            case .encoded(let bytes): try write(bytes)
            case .stretch(let file, let range): try reader.read(range, of: file, to: write)
            }
        }
        if !encoded.isEmpty { try write(encoded[...]) }
    }

    /// Closes the lines encoded so far into a piece, then adds `piece`.
    private mutating func close(_ piece: Piece) {
        if !encoded.isEmpty {
            closed.append(.encoded(encoded[...]))
            encoded = []
        }
        closed.append(piece)
    }
}

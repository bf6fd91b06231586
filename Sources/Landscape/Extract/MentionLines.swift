import FoundationEssentials

/// A month's mentions as the JSON lines of its file, every line ending in a newline: what the
/// stage cache stores as it is and publish links or copies unread.
///
/// Lines are appended one mention at a time, or an earlier month's lines of one article at a
/// time (``ArticleMentionLines``), so the pieces, one after another, are the file. A month of a
/// million-article landscape is half a million lines and a hundred megabytes: the lines carry
/// no per-line record beside their bytes, and the lines of an earlier month are neither copied
/// nor held, but named as stretches of its file, read when the month is written (a month
/// extracted again held the earlier file whole: 85 MB of a million articles' night).
struct MentionLines: Sendable {
    /// A stretch of the lines: encoded bytes, or bytes of an earlier month's file.
    enum Piece: Sendable {
        case encoded(ArraySlice<UInt8>)
        case stretch(ArticleMentionLines.File, Range<Int>)
    }

    /// The pieces closed: stretches of earlier months' files, and lines encoded before them.
    private var closed: [Piece] = []
    /// Lines encoded since the last stretch of an earlier month.
    private var encoded: [UInt8] = []
    /// How many lines the pieces hold.
    private(set) var count = 0

    init() {}

    /// The lines of `mentions`, encoded by one writer: a build encodes millions of them.
    init(_ mentions: some Sequence<Mention>) {
        var writer = JSONWriter()
        for mention in mentions {
            mention.write(to: &writer)
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
    mutating func append(_ other: MentionLines) {
        for piece in other.closed { close(piece) }
        encoded += other.encoded
        count += other.count
    }

    /// Appends the lines `earlier` holds of one article, byte for byte, as stretches of its file.
    mutating func append(linesOf articleID: String, in earlier: ArticleMentionLines) {
        guard let lines = earlier.lines[articleID] else { return }
        for range in lines.ranges {
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
        var reader = ArticleMentionLines.StretchReader()
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

/// The lines of a stored mentions file by article: each article's lines, which a file written
/// article after article holds together, as byte ranges of the file (newlines included).
///
/// A month extracted again takes the lines of its unchanged articles from here without reading
/// them as mentions, and without a record per line: only one per article. The file is read a
/// block at a time to find them, and its bytes are not held.
struct ArticleMentionLines: Sendable {
    let file: File
    /// Each article's stretches of lines and how many lines they hold.
    let lines: [String: (ranges: [Range<Int>], count: Int)]
    /// How many lines the file holds.
    let count: Int

    /// A mentions file whose lines were found: its path, and its size and last byte then, which
    /// a stretch read later checks.
    final class File: Sendable {
        let path: String
        let size: Int
        /// Whether its last line has no newline, which a stretch ending there is given.
        let lacksLastNewline: Bool

        init(path: String, size: Int, lacksLastNewline: Bool) {
            self.path = path
            self.size = size
            self.lacksLastNewline = lacksLastNewline
        }

        /// How many bytes the stretch `range` gives, its added newline counted.
        func length(of range: Range<Int>) -> Int {
            range.count + (lacksLastNewline && range.upperBound == size ? 1 : 0)
        }
    }

    /// Reads stretches of earlier files through a buffer of its own, each file opened once.
    struct StretchReader: ~Copyable {
        private var opened: (file: File, descriptor: Int32)?
        private var buffer: [UInt8] = []
        static let pieceBytes = 1 << 20

        init() {}

        deinit { if let opened { close(opened.descriptor) } }

        /// Hands the bytes of `range` of `file` to `write`, a megabyte at most at a time.
        mutating func read(
            _ range: Range<Int>, of file: File, to write: (ArraySlice<UInt8>) throws(FileSystemError) -> Void
        ) throws(FileSystemError) {
            let descriptor = try descriptor(of: file)
            if buffer.isEmpty { buffer = [UInt8](repeating: 0, count: Self.pieceBytes) }
            var next = range.lowerBound
            while next < range.upperBound {
                let wanted = min(Self.pieceBytes, range.upperBound - next)
                let got = buffer.withUnsafeMutableBytes {
                    FileBytes.fill(UnsafeMutableRawBufferPointer(rebasing: $0[..<wanted]), from: descriptor, at: next)
                }
                guard let got, got == wanted else {
                    throw FileSystemError(
                        path: file.path, operation: "read",
                        message: got == nil ? String(cString: strerror(errno)) : "the file is shorter than it was")
                }
                try write(buffer[..<wanted])
                next += wanted
            }
            if file.lacksLastNewline, range.upperBound == file.size { try write([0x0A][...]) }
        }

        /// The open descriptor of `file`, opened (and the last one closed) if it is another,
        /// its size checked against the one its lines were found in.
        private mutating func descriptor(of file: File) throws(FileSystemError) -> Int32 {
            if let opened, opened.file === file { return opened.descriptor }
            if let opened { close(opened.descriptor) }
            opened = nil
            let descriptor = open(file.path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw FileSystemError(path: file.path, operation: "open", errno: errno) }
            var status = stat()
            guard fstat(descriptor, &status) == 0, Int(status.st_size) == file.size else {
                close(descriptor)
                throw FileSystemError(
                    path: file.path, operation: "read", message: "the file changed since its lines were found")
            }
            opened = (file, descriptor)
            return descriptor
        }
    }

    /// Finds the article of every line of a mentions file, read front to back by `reader`.
    ///
    /// - Throws: ``ConfigError`` naming `origin` and the line when a line has no `article_id`;
    ///   ``DamagedDataError`` when a read fails.
    init(reading reader: FileBlockReader, origin: String) throws {
        // The article of the stretch being read, known by its id's bytes: the next line of the
        // same article is told without making its id.
        var current: (id: String, quoted: [UInt8]?, stretch: Range<Int>, count: Int)?
        var found: [String: (ranges: [Range<Int>], count: Int)] = [:]
        func close() {
            guard let open = current else { return }
            found[open.id, default: ([], 0)].ranges.append(open.stretch)
            found[open.id, default: ([], 0)].count += open.count
        }
        var start = 0
        var number = 0
        var lacksLastNewline = false
        while let failure = try reader.takeLine({ buffer, hasNewline -> ConfigError? in
            number += 1
            let length = buffer.count
            defer { start += length }
            lacksLastNewline = !hasNewline
            let line = UnsafeRawBufferPointer(rebasing: buffer[..<(hasNewline ? length - 1 : length)])
            guard !line.isEmpty else { return nil }
            let quoted = Self.quotedArticleID(line)
            if let open = current, let quoted, let known = open.quoted, quoted.elementsEqual(known),
                open.stretch.upperBound == start
            {
                current?.stretch = open.stretch.lowerBound..<(start + length)
                current?.count += 1
                return nil
            }
            guard let id = quoted.map({ String(decoding: $0, as: UTF8.self) }) ?? Self.articleID(line) else {
                return ConfigError(file: origin, line: number, message: "a mention without `article_id`")
            }
            close()
            current = (id, quoted.map(Array.init), start..<(start + length), 1)
            return nil
        }) {
            if let failure { throw failure }
        }
        close()
        file = File(path: reader.path, size: start, lacksLastNewline: lacksLastNewline)
        lines = found
        count = found.values.reduce(0) { $0 + $1.count }
    }

    private static let key = Array(#"{"article_id":""#.utf8)

    /// The id's bytes in a line written as this code writes mentions (`article_id` first, no
    /// escapes); nil for any other line.
    private static func quotedArticleID(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard line.starts(with: key) else { return nil }
        let valueStart = key.count
        guard let quote = line[valueStart...].firstIndex(of: 0x22), !line[valueStart..<quote].contains(0x5C) else {
            return nil
        }
        return UnsafeRawBufferPointer(rebasing: line[valueStart..<quote])
    }

    /// The id of a line written otherwise (keys in another order, an escaped id).
    private static func articleID(_ line: UnsafeRawBufferPointer) -> String? {
        struct Head: Decodable {
            let articleID: String
            enum CodingKeys: String, CodingKey { case articleID = "article_id" }
        }
        // A line with no readable article id belongs to no article; the caller reports it.
        return try? JSONDecoder().decode(Head.self, from: Data(line)).articleID
    }
}

import FoundationEssentials

/// The lines of a stored month's file (its mentions, or its deal reports) by article: each
/// article's lines, which a file written article after article holds together, as byte ranges
/// of the file (newlines included) and the rows they are.
///
/// A month extracted again takes the lines of its unchanged articles from here without reading
/// them as records, and without a record per line: only one per article. The file is read a
/// block at a time to find them, and its bytes are not held.
///
/// An article's lines are found by its row in the month's list of articles (``ArticleRows``),
/// which its digests and its other file are found by too. Held as a dictionary of strings to lists, the lines of a month of a million
/// articles' landscape (28,000 articles, their mentions and their reports) were 6.7 MB of
/// extract's peak, some 240 bytes an article; with ids and a lookup of their own, about 60;
/// here the stretches and 4 bytes a row.
struct ArticleLines: Sendable {
    let file: File
    /// How many lines the file holds.
    let count: Int
    /// The articles the lines are found by.
    let rows: ArticleRows
    /// The stretches of lines, row after row, each row's in file order: each, lines of one
    /// article that follow one another.
    private let stretches: [Stretch]
    /// Where each row's stretches start in ``stretches``, and, last, where the last row's end.
    private let firstStretches: [Int32]

    /// Lines of one article that follow one another in the file.
    struct Stretch: Sendable, Equatable {
        let bytes: Range<Int>
        let firstRow: Int32
        let lineCount: Int32

        var rows: Range<Int> { Int(firstRow)..<Int(firstRow + lineCount) }
    }

    /// One article's lines: its stretches, as bytes and as rows (from 0), and how many lines
    /// they hold.
    struct Lines: Equatable {
        let stretches: [Stretch]

        var ranges: [Range<Int>] { stretches.map(\.bytes) }
        var rows: [Range<Int>] { stretches.map(\.rows) }
        var count: Int { stretches.reduce(0) { $0 + Int($1.lineCount) } }
    }

    /// The lines of the article of `row` (of ``rows``), nil for one the file does not name.
    func lines(ofRow row: Int) -> Lines? {
        let range = Int(firstStretches[row])..<Int(firstStretches[row + 1])
        return range.isEmpty ? nil : Lines(stretches: Array(stretches[range]))
    }

    /// A file whose lines were found: its path, and its size and last byte then, which
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

    /// Where a line names its article.
    enum ArticleField {
        /// `article_id`, which this code writes first: a mention's.
        case articleID
        /// The `article_id` of the first of its `sources`: a deal report's.
        case firstSource
    }

    /// Finds the article of every line of a file, read front to back by `reader`.
    ///
    /// - Parameters:
    ///   - reader: the file, read a block at a time.
    ///   - origin: the file as errors name it.
    ///   - field: where a line names its article.
    ///   - rows: the articles to find lines by; the lines of an article not among them are
    ///     never asked for, and are not kept.
    /// - Throws: ``ConfigError`` naming `origin` and the line when a line names no article;
    ///   ``DamagedDataError`` when a read fails.
    init(
        reading reader: FileBlockReader, origin: String, articleIn field: ArticleField = .articleID,
        rows: ArticleRows
    ) throws {
        // The article of the stretch being read, known by its id's bytes: the next line of the
        // same article is told without making its id.
        var current: (id: String, quoted: [UInt8]?, stretch: Range<Int>, firstRow: Int, count: Int)?
        // Each stretch with the row of its article.
        var (stretches, articleRows) = ([Stretch](), [Int32]())
        func close() {
            guard let open = current, let row = rows.row(of: open.id) else { return }
            stretches.append(Stretch(bytes: open.stretch, firstRow: Int32(open.firstRow), lineCount: Int32(open.count)))
            articleRows.append(Int32(row))
        }
        var start = 0
        var number = 0
        // Blank lines are skipped, not rows.
        var row = 0
        var lacksLastNewline = false
        while let failure = try reader.takeLine({ buffer, hasNewline -> ConfigError? in
            number += 1
            let length = buffer.count
            defer { start += length }
            lacksLastNewline = !hasNewline
            let line = UnsafeRawBufferPointer(rebasing: buffer[..<(hasNewline ? length - 1 : length)])
            guard !line.isEmpty else { return nil }
            guard row < Int32.max else {
                return ConfigError(file: origin, line: number, message: "more lines than a month's file holds")
            }
            defer { row += 1 }
            /// Whether the line goes on the stretch being read: the same article, right after it.
            func extends(_ isSameArticle: (_ open: (id: String, quoted: [UInt8]?)) -> Bool) -> Bool {
                guard let open = current, open.stretch.upperBound == start, isSameArticle((open.id, open.quoted))
                else { return false }
                current?.stretch = open.stretch.lowerBound..<(start + length)
                current?.count += 1
                return true
            }
            let quoted = field == .articleID ? Self.quotedArticleID(line) : nil
            if let quoted, extends({ $0.quoted.map(quoted.elementsEqual) ?? false }) { return nil }
            let named =
                switch field {
                case .articleID: quoted.map({ String(decoding: $0, as: UTF8.self) }) ?? Self.articleID(line)
                case .firstSource: Self.firstSourceArticle(line)
                }
            guard let id = named else {
                let missing = field == .articleID ? "a mention without `article_id`" : "a report without a source"
                return ConfigError(file: origin, line: number, message: missing)
            }
            if extends({ $0.id == id }) { return nil }
            close()
            current = (id, quoted.map(Array.init), start..<(start + length), row, 1)
            return nil
        }) {
            if let failure { throw failure }
        }
        close()
        file = File(path: reader.path, size: start, lacksLastNewline: lacksLastNewline)
        count = row
        self.rows = rows
        (self.stretches, firstStretches) = Self.byRow(stretches, rows: articleRows, rowCount: rows.count)
    }

    /// `stretches` put row after row (a counting sort: each row's stay in file order), sized
    /// exactly, and where each row's start.
    private static func byRow(_ stretches: [Stretch], rows: [Int32], rowCount: Int) -> ([Stretch], [Int32]) {
        var firsts = [Int32](repeating: 0, count: rowCount + 1)
        for row in rows { firsts[Int(row) + 1] += 1 }
        for row in 0..<rowCount { firsts[row + 1] += firsts[row] }
        // Which stretch goes at each place, then the stretches gathered once, at their size.
        var next = firsts
        var order = [Int32](repeating: 0, count: stretches.count)
        for (index, row) in rows.enumerated() {
            order[Int(next[Int(row)])] = Int32(index)
            next[Int(row)] += 1
        }
        return (order.map { stretches[Int($0)] }, firsts)
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

    /// The `article_id` of the first of a report's `sources` ("" when it has none), read from
    /// its line without the rest; nil for a line that does not read so.
    static func firstSourceArticle(_ line: UnsafeRawBufferPointer) -> String? {
        line.withMemoryRebound(to: UInt8.self) { buffer -> String? in
            var scanner = JSONScanner(buffer)
            var article: String?
            do throws(JSONScanner.Failure) {
                try scanner.object { scanner, key throws(JSONScanner.Failure) in
                    guard key == "sources" else { return try scanner.skipValue() }
                    article = ""
                    var sources = 0
                    try scanner.array { scanner throws(JSONScanner.Failure) in
                        sources += 1
                        try scanner.object { scanner, key throws(JSONScanner.Failure) in
                            if key == "article_id", sources == 1 {
                                article = try scanner.string()
                            } else {
                                try scanner.skipValue()
                            }
                        }
                    }
                }
            } catch {
                return nil
            }
            return article
        }
    }
}

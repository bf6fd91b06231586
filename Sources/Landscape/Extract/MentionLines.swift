import FoundationEssentials

/// A month's mentions as the JSON lines of its file, every line ending in a newline: what the
/// stage cache stores as it is and publish links or copies unread.
///
/// Lines are appended one mention at a time, or an earlier month's lines of one article at a
/// time (``ArticleMentionLines``), so the pieces, one after another, are the file. A month of a
/// million-article landscape is half a million lines and a hundred megabytes: the lines carry
/// no per-line record beside their bytes, and the lines of an earlier month are not copied but
/// held as stretches of its bytes (a month extracted again held its file twice, the earlier
/// one and the one made of it: 170 MB of a million articles' night).
struct MentionLines: Sendable {
    /// The pieces closed: stretches of earlier months' bytes, and lines encoded before them.
    private var closed: [ArraySlice<UInt8>] = []
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

    /// The lines, in pieces to write one after another.
    var pieces: [ArraySlice<UInt8>] { encoded.isEmpty ? closed : closed + [encoded[...]] }

    /// How many bytes the lines take.
    var byteCount: Int { closed.reduce(encoded.count) { $0 + $1.count } }

    /// Appends another's lines: those it encoded are copied, its stretches of earlier months
    /// shared.
    mutating func append(_ other: MentionLines) {
        for piece in other.closed { close(piece) }
        encoded += other.encoded
        count += other.count
    }

    /// Appends the lines `earlier` holds of one article, byte for byte, as stretches of its bytes.
    mutating func append(linesOf articleID: String, in earlier: ArticleMentionLines) {
        guard let lines = earlier.lines[articleID] else { return }
        for range in lines.ranges {
            // The last piece extends when it is a stretch of the same bytes ending where this starts.
            if encoded.isEmpty, let previous = closed.last, previous.endIndex == range.lowerBound,
                Self.base(of: previous) == Self.base(of: earlier.bytes[range])
            {
                closed[closed.count - 1] = earlier.bytes[previous.startIndex..<range.upperBound]
            } else {
                close(earlier.bytes[range])
            }
        }
        count += lines.count
    }

    /// Closes the lines encoded so far into a piece, then adds `piece`.
    private mutating func close(_ piece: ArraySlice<UInt8>) {
        if !encoded.isEmpty {
            closed.append(encoded[...])
            encoded = []
        }
        closed.append(piece)
    }

    /// Where the buffer a stretch is of starts: two stretches of one buffer have the same.
    private static func base(of stretch: ArraySlice<UInt8>) -> UInt {
        stretch.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) &- UInt(stretch.startIndex) }
    }
}

/// The lines of a stored mentions file by article: each article's lines, which a file written
/// article after article holds together, as byte ranges of the file (newlines included).
///
/// A month extracted again takes the lines of its unchanged articles from here without reading
/// them as mentions, and without a record per line: only one per article.
struct ArticleMentionLines: Sendable {
    let bytes: [UInt8]
    /// Each article's stretches of lines and how many lines they hold.
    let lines: [String: (ranges: [Range<Int>], count: Int)]
    /// How many lines the file holds.
    let count: Int

    /// Finds the article of every line of a mentions file.
    ///
    /// - Throws: ``ConfigError`` naming `origin` and the line when a line has no `article_id`.
    init(jsonLines: [UInt8], origin: String) throws(ConfigError) {
        var all = jsonLines
        // A last line without its newline is stored with one, as every line is.
        if let last = all.last, last != 0x0A { all.append(0x0A) }
        bytes = all
        // The article of the stretch being read, known by its id's bytes: the next line of the
        // same article is told without making its id.
        var current: (id: String, quoted: ArraySlice<UInt8>?, stretch: Range<Int>, count: Int)?
        var found: [String: (ranges: [Range<Int>], count: Int)] = [:]
        func close() {
            guard let open = current else { return }
            found[open.id, default: ([], 0)].ranges.append(open.stretch)
            found[open.id, default: ([], 0)].count += open.count
        }
        var start = 0
        var number = 0
        while let newline = all[start...].firstIndex(of: 0x0A) {
            number += 1
            defer { start = newline + 1 }
            guard newline > start else { continue }
            let line = all[start..<newline]
            let quoted = Self.quotedArticleID(line)
            if let open = current, let quoted, let known = open.quoted, quoted.elementsEqual(known),
                open.stretch.upperBound == start
            {
                current?.stretch = open.stretch.lowerBound..<(newline + 1)
                current?.count += 1
                continue
            }
            guard let id = quoted.map({ String(decoding: $0, as: UTF8.self) }) ?? Self.articleID(line) else {
                throw ConfigError(file: origin, line: number, message: "a mention without `article_id`")
            }
            close()
            current = (id, quoted, start..<(newline + 1), 1)
        }
        close()
        lines = found
        count = found.values.reduce(0) { $0 + $1.count }
    }

    private static let key = Array(#"{"article_id":""#.utf8)

    /// The id's bytes in a line written as this code writes mentions (`article_id` first, no
    /// escapes); nil for any other line.
    private static func quotedArticleID(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard line.starts(with: key) else { return nil }
        let valueStart = line.startIndex + key.count
        guard let quote = line[valueStart...].firstIndex(of: 0x22), !line[valueStart..<quote].contains(0x5C) else {
            return nil
        }
        return line[valueStart..<quote]
    }

    /// The id of a line written otherwise (keys in another order, an escaped id).
    private static func articleID(_ line: ArraySlice<UInt8>) -> String? {
        struct Head: Decodable {
            let articleID: String
            enum CodingKeys: String, CodingKey { case articleID = "article_id" }
        }
        // A line with no readable article id belongs to no article; the caller reports it.
        return try? JSONDecoder().decode(Head.self, from: Data(line)).articleID
    }
}

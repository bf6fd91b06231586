/// One record of a WARC file: its header fields and its block (for a `response`, the HTTP
/// message as the crawler received it).
struct WARCRecord {
    /// `WARC-Type`: warcinfo, response, resource, request, metadata, revisit, conversion.
    var type: String
    var targetURI: String?
    /// `WARC-Date`, read as UTC.
    var date: Timestamp?
    /// The record's `Content-Type` (for a response, `application/http; msgtype=response`).
    var contentType: String?
    var block: [UInt8]
    /// Where the record began in the file: its gzip member's first byte in a `.warc.gz`, its
    /// own first byte in a `.warc`.
    var offset: Int
}

/// Reads the records of a WARC file (1.0 or 1.1, plain or gzipped) one at a time.
///
/// A record is a header (`WARC/1.1`, then fields, then an empty line), a block of exactly
/// `Content-Length` bytes, and two line breaks. What does not fit that shape is damage: the
/// reader reports it with the file and offset, then looks for the next line that begins
/// `WARC/1.` and goes on from there. A record whose block is longer than the cap is skipped
/// without being held. At most one record and one chunk are in memory at any time.
final class WARCReader {
    /// What reading the next record gave.
    enum Item {
        case record(WARCRecord)
        /// A record not read: damaged, cut, or over the cap.
        case skipped(offset: Int, reason: String, isOversize: Bool)
    }

    private let stream: ArchiveStream
    private let maxRecordBytes: Int
    private var buffer: [UInt8] = []
    private var position = 0
    /// Bytes of content before `buffer[0]`, to name records' offsets by.
    private var consumed = 0
    private var atEnd = false
    private var pendingDamage: [ArchiveStream.Damage] = []

    private static let headerLimit = 1 << 16
    private static let chunk = 1 << 18

    /// - Parameters:
    ///   - path: a `.warc` or `.warc.gz` file.
    ///   - maxRecordBytes: blocks longer than this are skipped.
    /// - Throws: ``ArchiveError`` when the file cannot be opened.
    init(path: String, maxRecordBytes: Int) throws(ArchiveError) {
        stream = try ArchiveStream(path: path)
        self.maxRecordBytes = maxRecordBytes
    }

    var path: String { stream.path }

    /// The next record, or what stood in its place; nil at the end of the file.
    ///
    /// - Throws: ``ArchiveError`` when the file cannot be read any further.
    func next() throws(ArchiveError) -> Item? {
        if let damage = takeDamage() { return damage }
        // Records are separated by blank lines; tolerate extra ones.
        while true {
            guard try ensure(1) else {
                if let damage = takeDamage() { return damage }
                return nil
            }
            let byte = buffer[position]
            guard byte == 0x0D || byte == 0x0A else { break }
            position += 1
        }
        let start = position
        let offset = stream.fileOffset(ofContent: consumed + start)
        guard try ensure(8), ASCIIMatch.matches(buffer, at: position, Self.magic) else {
            let found = try resync(from: position + 1)
            return .skipped(
                offset: offset,
                reason: found ? "no WARC record here; read on from the next one" : "no WARC record here",
                isOversize: false)
        }
        // The header, to its empty line.
        guard let headerEnd = try find(Self.blankLine, from: position, limit: Self.headerLimit) else {
            if atEnd, buffer.count - position < Self.headerLimit {
                position = buffer.count
                return .skipped(offset: offset, reason: "the file ends inside a record's header", isOversize: false)
            }
            _ = try resync(from: start + 1)
            return .skipped(offset: offset, reason: "record header without an end", isOversize: false)
        }
        let fields = Self.fields(buffer[position..<headerEnd])
        let blockStart = headerEnd + Self.blankLine.count
        guard let lengthText = fields["content-length"], let length = Int(lengthText), length >= 0 else {
            position = blockStart
            _ = try resync(from: blockStart)
            return .skipped(offset: offset, reason: "record without a valid Content-Length", isOversize: false)
        }
        if length > maxRecordBytes {
            position = blockStart
            let skipped = try discard(length)
            return .skipped(
                offset: offset,
                reason: skipped
                    ? "record of \(length) bytes is over backfill.max_record_bytes (\(maxRecordBytes)); skipped"
                    : "record of \(length) bytes is over the cap, and the file ends inside it",
                isOversize: true)
        }
        guard try ensure(blockStart - position + length) else {
            position = buffer.count
            return .skipped(
                offset: offset,
                reason: "the file ends inside a record (cut after \(buffer.count - blockStart) of \(length) bytes)",
                isOversize: false)
        }
        let blockEnd = blockStart + length
        // The block must be followed by its two line breaks; otherwise Content-Length was wrong.
        _ = try ensure(blockEnd + 4 - position)
        let closed =
            blockEnd + 4 <= buffer.count
            ? ASCIIMatch.matches(buffer, at: blockEnd, Self.blankLine)
            : (blockEnd == buffer.count && atEnd)
        guard closed else {
            _ = try resync(from: blockStart)
            return .skipped(
                offset: offset, reason: "Content-Length \(length) does not end where the record does", isOversize: false
            )
        }
        let record = WARCRecord(
            type: fields["warc-type"] ?? "", targetURI: fields["warc-target-uri"].map(Self.unbracketed),
            date: fields["warc-date"].flatMap(FeedDate.parse), contentType: fields["content-type"],
            block: Array(buffer[blockStart..<blockEnd]), offset: offset)
        position = min(buffer.count, blockEnd + 4)
        compact()
        return .record(record)
    }

    private static let magic = Array("warc/1.".utf8)
    /// What ends a header, and a record after its block.
    private static let blankLine: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]
    private static let lineStartMagic = Array("\nWARC/1.".utf8)

    /// Header fields by lower-cased name; later repeats of a name are ignored.
    private static func fields(_ header: ArraySlice<UInt8>) -> [String: String] {
        var fields: [String: String] = [:]
        for line in header.split(separator: 0x0A).dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
            var value = line[(colon + 1)...]
            while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
            while let last = value.last, last == 0x0D || last == 0x20 { value = value.dropLast() }
            if fields[name] == nil { fields[name] = String(decoding: value, as: UTF8.self) }
        }
        return fields
    }

    /// WARC 1.0 wrote the target in angle brackets.
    private static func unbracketed(_ uri: String) -> String {
        uri.hasPrefix("<") && uri.hasSuffix(">") ? String(uri.dropFirst().dropLast()) : uri
    }

    private func takeDamage() -> Item? {
        if pendingDamage.isEmpty {
            pendingDamage = stream.damage
            stream.damage.removeAll()
        }
        guard !pendingDamage.isEmpty else { return nil }
        let damage = pendingDamage.removeFirst()
        return .skipped(offset: damage.offset, reason: damage.reason, isOversize: false)
    }

    /// Makes sure `count` bytes from `position` are in the buffer.
    ///
    /// - Returns: false when the file ends first.
    private func ensure(_ count: Int) throws(ArchiveError) -> Bool {
        while buffer.count - position < count {
            if atEnd { return false }
            if try stream.read(into: &buffer, upTo: max(Self.chunk, count - (buffer.count - position))) == 0 {
                atEnd = true
            }
        }
        return true
    }

    /// The index of `needle` at or after `from`, reading more as needed up to `limit` bytes.
    private func find(_ needle: [UInt8], from: Int, limit: Int) throws(ArchiveError) -> Int? {
        var searched = from
        while true {
            let end = min(buffer.count, from + limit)
            while searched + needle.count <= end {
                if buffer[searched] == needle[0], ASCIIMatch.matches(buffer, at: searched, needle) { return searched }
                searched += 1
            }
            if end == from + limit || atEnd { return nil }
            _ = try ensure(buffer.count - position + 1)
        }
    }

    /// Moves to the next line that begins a record, at or after `from`.
    ///
    /// - Returns: whether one was found before the end of the file.
    private func resync(from: Int) throws(ArchiveError) -> Bool {
        var index = max(from, position) - 1
        while true {
            while index + Self.lineStartMagic.count <= buffer.count {
                if buffer[index] == 0x0A, ASCIIMatch.matches(buffer, at: index + 1, Self.magic) {
                    position = index + 1
                    compact()
                    return true
                }
                index += 1
            }
            // Drop what was searched, keeping enough to match across the chunk boundary.
            let keep = max(position, buffer.count - Self.lineStartMagic.count)
            position = keep
            compact()
            index = position
            if atEnd {
                position = buffer.count
                return false
            }
            _ = try ensure(buffer.count - position + 1)
        }
    }

    /// Reads past `count` bytes from `position` without holding them, then past the record's end.
    ///
    /// - Returns: false when the file ends first.
    private func discard(_ count: Int) throws(ArchiveError) -> Bool {
        var left = count
        while left > 0 {
            if position == buffer.count {
                compact()
                if atEnd { return false }
                if try stream.read(into: &buffer, upTo: Self.chunk) == 0 {
                    atEnd = true
                    return false
                }
            }
            let taken = min(left, buffer.count - position)
            position += taken
            left -= taken
        }
        compact()
        return true
    }

    /// Drops the bytes before `position` once they are a good part of the buffer.
    private func compact() {
        guard position > 0, position >= buffer.count / 2 || position > Self.chunk else { return }
        buffer.removeSubrange(0..<position)
        consumed += position
        position = 0
        stream.forgetMembers(before: consumed)
    }
}

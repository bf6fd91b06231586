import FoundationEssentials

/// Mentions as the JSON lines they are published as, each with the id of its article.
///
/// Extract's mentions travel to publish in this form: publish only sorts them into the month
/// files of their articles, so mentions taken from the stage cache or a snapshot are split into
/// lines and never decoded. On a large landscape, decoding them cost more than finding them.
struct MentionLines: Sendable {
    private(set) var bytes: [UInt8] = []
    /// Each line's article and byte range (without its newline).
    private(set) var lines: [(articleID: String, range: Range<Int>)] = []

    var count: Int { lines.count }

    init() {}

    init(_ mentions: [Mention]) {
        var writer = JSONWriter()
        for mention in mentions {
            let start = writer.bytes.count
            mention.write(to: &writer)
            lines.append((mention.articleID, start..<writer.bytes.count))
            writer.newline()
        }
        bytes = writer.bytes
    }

    /// The lines of a mentions file, as written by ``init(_:)`` or published.
    ///
    /// - Throws: an error naming `origin` and the line when a line has no `article_id`.
    init(jsonLines: [UInt8], origin: String) throws {
        bytes = jsonLines
        var start = 0
        var number = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            number += 1
            if end > start {
                guard let id = Self.articleID(bytes[start..<end]) else {
                    throw ConfigError(file: origin, line: number, message: "a mention without `article_id`")
                }
                lines.append((id, start..<end))
            }
            start = end + 1
        }
    }

    mutating func append(_ mention: Mention) {
        var writer = JSONWriter()
        mention.write(to: &writer)
        lines.append((mention.articleID, bytes.count..<(bytes.count + writer.bytes.count)))
        bytes += writer.bytes
        bytes.append(0x0A)
    }

    /// Appends line `index` of `other`.
    mutating func append(line index: Int, of other: MentionLines) {
        let (articleID, range) = other.lines[index]
        lines.append((articleID, bytes.count..<(bytes.count + range.count)))
        bytes += other.bytes[range]
        bytes.append(0x0A)
    }

    mutating func append(_ other: MentionLines) {
        let offset = bytes.count
        bytes += other.bytes
        lines += other.lines.map { ($0.articleID, ($0.range.lowerBound + offset)..<($0.range.upperBound + offset)) }
    }

    /// The lines of these mentions, in order, as one JSON-lines text.
    func jsonLines(_ selected: [Int]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(selected.reduce(0) { $0 + lines[$1].range.count + 1 })
        for index in selected {
            output += bytes[lines[index].range]
            output.append(0x0A)
        }
        return output
    }

    private static let key = Array(#"{"article_id":""#.utf8)

    /// The article id at the start of a line as the project writes it; any other line is decoded.
    private static func articleID(_ line: ArraySlice<UInt8>) -> String? {
        if line.starts(with: key) {
            let valueStart = line.startIndex + key.count
            if let quote = line[valueStart...].firstIndex(of: 0x22), !line[valueStart..<quote].contains(0x5C) {
                return String(decoding: line[valueStart..<quote], as: UTF8.self)
            }
        }
        struct Head: Decodable {
            let articleID: String
            enum CodingKeys: String, CodingKey { case articleID = "article_id" }
        }
        // A line with no readable article id belongs to no article; the caller reports it.
        return try? JSONDecoder().decode(Head.self, from: Data(line)).articleID
    }
}

import CLandscapeShims
import CZlib

/// The bytes of a WARC file, read a chunk at a time and, for `.warc.gz`, inflated on the way.
///
/// A news crawl's WARC files are about a gigabyte each: nothing here holds more than one chunk
/// of the file and one chunk of what it inflates to. A gzipped WARC is a series of gzip members,
/// one per record; a member that does not inflate is skipped to the next member's header (its
/// damage reported with the file offset it began at), so one bad record costs only itself.
final class ArchiveStream {
    /// A problem met while reading, with where in the file (compressed bytes) it began.
    struct Damage {
        let offset: Int
        let reason: String
    }

    let path: String
    /// Damage met so far; the reader takes it and reports it with the records around it.
    var damage: [Damage] = []
    /// Bytes of the file read so far.
    private var bytesRead = 0

    private let descriptor: Int32
    private var isGzip = false
    private var input: [UInt8]
    private var inputStart = 0
    private var inputEnd = 0
    private var atFileEnd = false
    private var stream = z_stream()
    private var memberStart = 0
    /// Where the members the reader may still name began: (offset in the content, in the file).
    private var memberStarts: [(content: Int, file: Int)] = []
    private var contentProduced = 0
    private var isAtMemberStart = true
    private var scratch = [UInt8](repeating: 0, count: 1 << 18)

    private static let chunk = 1 << 20

    /// Opens `path`; gzip is recognised by its first bytes, not by the file's name.
    ///
    /// - Throws: ``ArchiveError`` when the file cannot be opened or read.
    init(path: String) throws(ArchiveError) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ArchiveError(path: path, message: "cannot open: \(Self.systemError())") }
        input = [UInt8](repeating: 0, count: Self.chunk)
        try refill()
        let isGzip = inputEnd - inputStart >= 2 && input[inputStart] == 0x1F && input[inputStart + 1] == 0x8B
        if isGzip {
            guard landscape_inflate_init_gzip(&stream) == Z_OK else {
                close(descriptor)
                throw ArchiveError(path: path, message: "zlib could not start")
            }
        }
        self.isGzip = isGzip
    }

    deinit {
        if isGzip { inflateEnd(&stream) }
        close(descriptor)
    }

    /// Reads up to `count` bytes of the archive's content (inflated) to the end of `buffer`.
    ///
    /// - Returns: how many bytes were added; 0 only at the end of the file.
    /// - Throws: ``ArchiveError`` when the file cannot be read.
    func read(into buffer: inout [UInt8], upTo count: Int) throws(ArchiveError) -> Int {
        while true {
            if inputStart == inputEnd {
                if atFileEnd { return 0 }
                try refill()
                continue
            }
            guard isGzip else {
                let taken = min(count, inputEnd - inputStart)
                buffer.append(contentsOf: input[inputStart..<(inputStart + taken)])
                inputStart += taken
                return taken
            }
            if isAtMemberStart {
                memberStarts.append((contentProduced, memberStart))
                isAtMemberStart = false
            }
            let (status, used, produced) = inflateSome(into: &buffer, upTo: count)
            inputStart += used
            contentProduced += produced
            switch status {
            case Z_STREAM_END:
                inflateReset(&stream)
                memberStart = bytesRead - (inputEnd - inputStart)
                isAtMemberStart = true
            case Z_OK, Z_BUF_ERROR:
                break
            default:
                // A damaged member: skip to the next gzip header after the one it began at.
                damage.append(Damage(offset: memberStart, reason: "gzip member does not inflate (zlib \(status))"))
                inflateReset(&stream)
                try skipToNextMember()
                isAtMemberStart = true
            }
            if produced > 0 { return produced }
            if status != Z_STREAM_END, used == 0, inputStart < inputEnd {
                // zlib needs more input than the chunk holds: move what is left to the front.
                try refill()
            }
        }
    }

    /// The offset in the file to name the content byte at `offset` by: the start of the gzip
    /// member it came from (where a reader of a `.warc.gz` seeks to), or the byte itself in a
    /// plain file.
    func fileOffset(ofContent offset: Int) -> Int {
        guard isGzip else { return offset }
        return memberStarts.last { $0.content <= offset }?.file ?? 0
    }

    /// Forgets the members that begin before the one holding content byte `offset`: the reader
    /// has passed them for good.
    func forgetMembers(before offset: Int) {
        guard let keep = memberStarts.lastIndex(where: { $0.content <= offset }), keep > 0 else { return }
        memberStarts.removeFirst(keep)
    }

    /// Inflates into the scratch buffer and appends what came out: no zero-filling of the
    /// caller's buffer, one copy of the bytes produced.
    private func inflateSome(into buffer: inout [UInt8], upTo count: Int) -> (Int32, Int, Int) {
        let room = min(count, scratch.count)
        var status: Int32 = Z_OK
        var used = 0
        input.withUnsafeMutableBufferPointer { source in
            scratch.withUnsafeMutableBufferPointer { target in
                // Both buffers are allocated with their full size at init: never empty.
                guard let sourceBase = source.baseAddress, let targetBase = target.baseAddress else { return }
                stream.next_in = sourceBase + inputStart
                stream.avail_in = uInt(inputEnd - inputStart)
                stream.next_out = targetBase
                stream.avail_out = uInt(room)
                status = inflate(&stream, Z_NO_FLUSH)
                used = (inputEnd - inputStart) - Int(stream.avail_in)
            }
        }
        let produced = room - Int(stream.avail_out)
        if produced > 0 { buffer.append(contentsOf: scratch[0..<produced]) }
        return (status, used, produced)
    }

    /// Moves past the damaged member to the next `1f 8b 08` that begins a member.
    private func skipToNextMember() throws(ArchiveError) {
        // Start one byte on, so the damaged member's own header is not found again.
        var searchFrom = max(inputStart, memberStart + 1 - (bytesRead - inputEnd))
        while true {
            if searchFrom < inputStart { searchFrom = inputStart }
            var index = searchFrom
            while index + 2 < inputEnd {
                if input[index] == 0x1F, input[index + 1] == 0x8B, input[index + 2] == 0x08 {
                    inputStart = index
                    memberStart = bytesRead - (inputEnd - index)
                    return
                }
                index += 1
            }
            // Keep the last two bytes: a header may straddle chunks.
            inputStart = max(inputStart, inputEnd - 2)
            if atFileEnd {
                inputStart = inputEnd
                return
            }
            try refill()
            searchFrom = inputStart
        }
    }

    /// Moves the unread bytes to the front of the input and reads more of the file after them.
    private func refill() throws(ArchiveError) {
        let left = inputEnd - inputStart
        if left > 0, inputStart > 0 {
            for index in 0..<left { input[index] = input[inputStart + index] }
        }
        inputStart = 0
        inputEnd = left
        while inputEnd < input.count {
            let got = input.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress.map { SystemLibrary.read(descriptor, $0 + inputEnd, buffer.count - inputEnd) } ?? -1
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw ArchiveError(path: path, message: "read failed at byte \(bytesRead): \(Self.systemError())")
            }
            if got == 0 {
                atFileEnd = true
                return
            }
            inputEnd += got
            bytesRead += got
            // One read per refill is enough: the reader asks again when it needs more.
            return
        }
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}

/// A WARC file that cannot be read at all (not one damaged record: those are counted and skipped).
public struct ArchiveError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let message: String

    public var description: String { "\(path): \(message)" }
}

/// Reads a JSON-lines file a batch of lines at a time, so a file larger than memory can be
/// streamed: only one block of the file and one batch are held at once.
final class LineBatches {
    private let descriptor: Int32
    private var pending: [UInt8] = []
    private var isAtEnd = false
    /// The number (from 1) of the next line to be returned.
    private(set) var nextLineNumber = 1
    private let blockBytes: Int

    /// Opens `path`, or returns nil when it cannot be opened.
    init?(path: String, blockBytes: Int = 8 << 20) {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        self.blockBytes = blockBytes
    }

    deinit { close(descriptor) }

    /// The next lines, about one block's worth, each with its line number; blank lines are
    /// skipped. Empty at the end of the file.
    ///
    /// - Throws: ``ConfigError`` naming the file when it cannot be read.
    func next(path: String) throws(ConfigError) -> [(line: Int, bytes: [UInt8])] {
        var lines: [(line: Int, bytes: [UInt8])] = []
        while lines.isEmpty {
            if !isAtEnd { try fill(path: path) }
            guard !pending.isEmpty else { return [] }
            var start = 0
            var cut = 0
            for index in pending.indices where pending[index] == 0x0A {
                addLine(pending[start..<index], to: &lines)
                start = index + 1
                cut = start
            }
            if isAtEnd, cut < pending.count {
                addLine(pending[cut...], to: &lines)
                cut = pending.count
            }
            pending.removeFirst(cut)
        }
        return lines
    }

    private func addLine(_ line: ArraySlice<UInt8>, to lines: inout [(line: Int, bytes: [UInt8])]) {
        defer { nextLineNumber += 1 }
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
        lines.append((nextLineNumber, Array(line)))
    }

    private func fill(path: String) throws(ConfigError) {
        guard let got = FileBytes.append(upTo: blockBytes, from: descriptor, to: &pending) else {
            throw ConfigError(file: path, message: "cannot read the file")
        }
        if got < blockBytes { isAtEnd = true }
    }
}

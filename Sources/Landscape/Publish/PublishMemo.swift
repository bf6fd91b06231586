import FoundationEssentials

/// What publish wrote last, by what the content was made from: a key standing for a file's
/// records (an article month's articles by digest and sighting, the deals of an aggregate
/// output) to the digest and rows of the file it became. With it, a file whose records did not
/// change is linked from the parent snapshot without being encoded, which for the months of a
/// large landscape is most of publish.
///
/// One small file in the cache, `publish-digests.txt`, written whole and renamed into place,
/// its last line the digest of the lines before it: a damaged memo is no memo, and every file is
/// then encoded as if new.
struct PublishMemo {
    let cacheDirectory: String
    let path: String

    /// The memo of an output directory's cache folder (`Output/cache`).
    init(cacheDirectory: String) {
        self.cacheDirectory = cacheDirectory
        path = FilePaths.join(cacheDirectory, "publish-digests.txt")
    }

    /// A file's digest and rows, as published.
    struct Written: Sendable, Hashable {
        var sha256: String
        var rows: Int
    }

    func load() -> [String: Written] {
        guard let bytes = FileBytes.read(path) else { return [:] }
        var lines = bytes.split(separator: 0x0A)
        guard let sum = lines.popLast(), sum.starts(with: Array("sum ".utf8)) else { return [:] }
        let body = Array(bytes[..<sum.startIndex])
        guard SHA256.hex(body).utf8.elementsEqual(sum.dropFirst(4)) else { return [:] }
        var memo: [String: Written] = [:]
        for line in lines {
            let parts = line.split(separator: 0x20)
            guard parts.count == 3, let rows = Int(String(decoding: parts[2], as: UTF8.self)) else { return [:] }
            memo[String(decoding: parts[0], as: UTF8.self)] = Written(
                sha256: String(decoding: parts[1], as: UTF8.self), rows: rows)
        }
        return memo
    }

    /// Replaces the memo with `entries`: what this run published.
    func save(_ entries: [String: Written]) throws(FileSystemError) {
        var body = ""
        for (key, written) in entries.sorted(by: { $0.key < $1.key }) {
            body += "\(key) \(written.sha256) \(written.rows)\n"
        }
        let bytes = Array(body.utf8) + Array("sum \(SHA256.hex(Array(body.utf8)))\n".utf8)
        try DurableFile.replace(path, bytes: bytes)
    }
}

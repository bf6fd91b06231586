import FoundationEssentials
import Synchronization

/// What the output directory knows of its snapshot files' bytes without reading them: a file
/// whose device, inode, size and modification time are the ones recorded when its digest was
/// last known still has that digest (the test make, rsync and git rely on). A published file is
/// never written again, and a file linked into the next snapshot shares its inode with the
/// parent's, so one record serves every snapshot that holds the file: a night links the
/// parent's unchanged files without reading them, and a file changed in place since (a new
/// modification time, another size) is read and hashed as before.
///
/// The stage cache's month files (extract's mentions) are vouched for the same way.
///
/// Kept in one small file in the cache, `file-stamps.txt`, written whole and renamed into place,
/// its last line the digest of the lines before it: a damaged one vouches for nothing. A run
/// keeps the stamps of the files it wrote, read or found vouched for, so stamps of files no
/// longer used go with the next run.
final class FileStamps: Sendable {
    struct Stamp: Sendable, Hashable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Int64
        var modifiedNanoseconds: Int64
    }

    /// What the kept stamps say, and what this run recorded.
    private let kept: [Stamp: String]
    private let recorded = Mutex<[Stamp: String]>([:])

    /// Stamps that vouch for nothing yet.
    init() {
        kept = [:]
    }

    /// Every stamp known: kept ones and those this run recorded.
    var digests: [Stamp: String] { kept.merging(recorded.withLock { $0 }) { _, new in new } }

    /// The stamp of the file at `path` as it is now, or nil when it cannot be seen.
    static func stamp(of path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return stamp(info)
    }

    /// The stamp of an open file, or nil when it cannot be seen.
    static func stamp(ofOpen descriptor: Int32) -> Stamp? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return stamp(info)
    }

    private static func stamp(_ info: stat) -> Stamp {
        Stamp(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modified: Int64(info.st_mtim.tv_sec), modifiedNanoseconds: Int64(info.st_mtim.tv_nsec))
    }

    /// Whether the file at `path` is, by its stamp, one recorded with `digest`; one that is
    /// stays recorded.
    func vouches(for path: String, digest: String) -> Bool {
        guard let stamp = Self.stamp(of: path) else { return false }
        let known = recorded.withLock { recorded -> Bool in
            guard let found = recorded[stamp] ?? kept[stamp], found == digest else { return false }
            recorded[stamp] = found
            return true
        }
        return known
    }

    /// Records the file at `path`, whose bytes have `digest`.
    func record(_ path: String, digest: String) {
        guard let stamp = Self.stamp(of: path) else { return }
        recorded.withLock { $0[stamp] = digest }
    }

    static func path(cacheDirectory: String) -> String {
        FilePaths.join(cacheDirectory, "file-stamps.txt")
    }

    /// The stamps kept in `cacheDirectory`, or none when there are none or they are damaged.
    convenience init(cacheDirectory: String) {
        self.init(kept: Self.read(Self.path(cacheDirectory: cacheDirectory)))
    }

    private init(kept: [Stamp: String]) {
        self.kept = kept
    }

    private static func read(_ path: String) -> [Stamp: String] {
        guard let bytes = FileBytes.read(path) else { return [:] }
        var lines = bytes.split(separator: 0x0A)
        guard let sum = lines.popLast(), sum.starts(with: Array("sum ".utf8)),
            SHA256.hex(Array(bytes[..<sum.startIndex])).utf8.elementsEqual(sum.dropFirst(4))
        else { return [:] }
        var digests: [Stamp: String] = [:]
        for line in lines {
            let fields = line.split(separator: 0x20).map { String(decoding: $0, as: UTF8.self) }
            guard fields.count == 6, let device = UInt64(fields[0]), let inode = UInt64(fields[1]),
                let size = Int64(fields[2]), let modified = Int64(fields[3]), let nanoseconds = Int64(fields[4])
            else { return [:] }
            digests[
                Stamp(
                    device: device, inode: inode, size: size, modified: modified, modifiedNanoseconds: nanoseconds)] =
                fields[5]
        }
        return digests
    }

    /// Replaces the kept stamps with those this run recorded. Stamps only spare reading: a
    /// failure to keep them means the next night reads and hashes the files it links.
    func save(cacheDirectory: String) {
        var body = ""
        for (stamp, digest) in recorded.withLock({ $0 }).sorted(by: { $0.value < $1.value }) {
            body +=
                "\(stamp.device) \(stamp.inode) \(stamp.size) \(stamp.modified) \(stamp.modifiedNanoseconds) \(digest)\n"
        }
        let bytes = Array(body.utf8) + Array("sum \(SHA256.hex(Array(body.utf8)))\n".utf8)
        try? DurableFile.replace(Self.path(cacheDirectory: cacheDirectory), bytes: bytes)
    }
}

import FoundationEssentials

/// The last output of each stage under `Output/cache/`, so a rerun can start from any stage.
///
/// Bodies are stored once by SHA-256 under `cache/bodies/`; each stage's output is one file
/// under `cache/stages/`, replaced atomically when the stage runs again.
struct StageCache {
    let directory: String

    init(outputDirectory: String) {
        directory = FilePaths.join(outputDirectory, "cache")
    }

    private var bodiesDirectory: String { FilePaths.join(directory, "bodies") }
    private var stagesDirectory: String { FilePaths.join(directory, "stages") }

    func path(for name: String) -> String {
        FilePaths.join(stagesDirectory, name)
    }

    func prepare() throws(PublishError) {
        try DurableFile.makeDirectory(directory)
        try DurableFile.makeDirectory(bodiesDirectory)
        try DurableFile.makeDirectory(stagesDirectory)
    }

    /// Stores a body under its digest and returns the digest.
    ///
    /// Bodies are not fsynced: a body lost or cut short by a crash no longer matches its name,
    /// ``body(_:)`` then reads it as missing, and the source is simply fetched in full again.
    func storeBody(_ body: [UInt8]) throws(PublishError) -> String {
        let digest = SHA256.hex(body)
        let path = FilePaths.join(bodiesDirectory, digest)
        if !FileManager.default.fileExists(atPath: path) { try replace(path, with: body, sync: false) }
        return digest
    }

    func hasBody(_ digest: String) -> Bool {
        FileManager.default.fileExists(atPath: FilePaths.join(bodiesDirectory, digest))
    }

    /// The body stored under `digest`, or nil when it is missing or does not match its digest.
    func body(_ digest: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: FilePaths.join(bodiesDirectory, digest)) else {
            return nil
        }
        let bytes = [UInt8](data)
        return SHA256.hex(bytes) == digest ? bytes : nil
    }

    /// Writes a stage's output, replacing the previous one atomically.
    func store(_ name: String, _ bytes: [UInt8]) throws(PublishError) {
        try replace(path(for: name), with: bytes)
    }

    func load<Record: Decodable>(_ type: Record.Type, _ name: String) throws -> [Record]? {
        let file = path(for: name)
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        return try JSONLinesReader.read(type, from: file)
    }

    private func replace(_ path: String, with bytes: [UInt8], sync: Bool = true) throws(PublishError) {
        let temporary = path + ".tmp-\(DurableFile.processID)"
        try? FileManager.default.removeItem(atPath: temporary)
        try DurableFile.create(temporary, bytes: bytes, sync: sync)
        try DurableFile.rename(temporary, to: path)
    }
}

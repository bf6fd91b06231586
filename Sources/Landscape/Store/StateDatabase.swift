import FoundationEssentials
import GRDB

/// What the state database remembers of one source between runs.
struct SourceState: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "source_state"

    var sourceID: String
    /// The URL these validators and this body belong to; a changed URL starts afresh.
    var url: String
    var etag: String?
    var lastModified: String?
    /// The last body fetched successfully, in the body cache.
    var bodySHA256: String?
    var contentType: String?
    var httpStatus: Int?
    var lastSuccess: String?
    var lastAttempt: String?
    /// Nights (UTC days with at least one run) in a row on which every fetch of it failed.
    var failureNights: Int
    var failingSince: String?
    var lastFailureDay: String?
    var lastError: String?

    enum CodingKeys: String, CodingKey {
        case sourceID = "source_id"
        case url, etag
        case lastModified = "last_modified"
        case bodySHA256 = "body_sha256"
        case contentType = "content_type"
        case httpStatus = "http_status"
        case lastSuccess = "last_success"
        case lastAttempt = "last_attempt"
        case failureNights = "failure_nights"
        case failingSince = "failing_since"
        case lastFailureDay = "last_failure_day"
        case lastError = "last_error"
    }

    init(sourceID: String, url: String) {
        self.sourceID = sourceID
        self.url = url
        failureNights = 0
    }

    var validators: Validators { Validators(etag: etag, lastModified: lastModified) }
}

/// What the state database remembers of one article page: validators for a conditional
/// request and the body they stand for.
struct PageState: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "page_state"

    var url: String
    var etag: String?
    var lastModified: String?
    var bodySHA256: String?
    var contentType: String?
    var httpStatus: Int?
    var lastFetched: String

    enum CodingKeys: String, CodingKey {
        case url, etag
        case lastModified = "last_modified"
        case bodySHA256 = "body_sha256"
        case contentType = "content_type"
        case httpStatus = "http_status"
        case lastFetched = "last_fetched"
    }
}

/// A host's robots.txt as fetched on one day; a host's file is fetched at most once a day.
struct RobotsRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "robots"

    var host: String
    var day: String
    var httpStatus: Int?
    var body: Data?

    enum CodingKeys: String, CodingKey {
        case host, day
        case httpStatus = "http_status"
        case body
    }
}

/// One row of `fetch_runs`: what a run's fetch stage did, for the history.
struct FetchRunRecord: Codable, Sendable, PersistableRecord {
    static let databaseTableName = "fetch_runs"

    var started: String
    var sources: Int
    var fetched: Int
    var notModified: Int
    var failed: Int
    var requests: Int
    var wireBytes: Int
    var seconds: Double

    enum CodingKeys: String, CodingKey {
        case started, sources, fetched
        case notModified = "not_modified"
        case failed, requests
        case wireBytes = "wire_bytes"
        case seconds
    }

    /// The tally of one run's results.
    init(started: Timestamp, results: [FetchResult], seconds: Double) {
        self.started = started.iso8601
        sources = results.count
        fetched = results.filter { $0.status == .fetched }.count
        notModified = results.filter { $0.status == .notModified }.count
        failed = results.filter { $0.status == .failed }.count
        requests = results.reduce(0) { $0 + $1.attempts }
        wireBytes = results.reduce(0) { $0 + $1.wireBytes }
        self.seconds = seconds
    }

    /// The counts for the manifest's fetch stage record.
    var counts: [String: Int] {
        [
            "fetched": fetched, "not_modified": notModified, "failed": failed, "requests": requests,
            "wire_bytes": wireBytes,
        ]
    }
}

/// The embedded SQLite database of one pipeline, `Output/state/<pipeline>.sqlite`: fetch
/// validators, per-source failure history and the history of fetch runs.
///
/// Each pipeline has its own, so the samples' history never reaches the live pipeline's. The
/// one database of older versions, `state/landscape.sqlite`, becomes the database of the
/// pipeline that published the newest snapshot (or of the pipeline running, when none did).
///
/// Every write is one transaction, so a run killed mid-way leaves last night's state intact.
struct StateDatabase {
    let path: String
    private let queue: DatabaseQueue
    /// Where a damaged database was moved before a new one was made, for the run to report.
    private(set) var movedAside: (path: String, problem: String)?

    /// - Parameters:
    ///   - outputDirectory: the run's output directory.
    ///   - pipeline: the pipeline's name.
    ///   - legacyOwner: the pipeline the older single database belongs to, asked only when
    ///     there is one to move.
    /// - Throws: ``RunError`` naming the database when it cannot be moved, opened or migrated.
    init(outputDirectory: String, pipeline: String, legacyOwner: () -> String? = { nil }) throws(RunError) {
        let directory = FilePaths.join(outputDirectory, "state")
        path = Self.path(outputDirectory: outputDirectory, pipeline: pipeline)
        do {
            try DurableFile.makeDirectory(directory)
            let legacy = FilePaths.join(directory, "landscape.sqlite")
            if FileManager.default.fileExists(atPath: legacy) {
                let owner = Self.path(outputDirectory: outputDirectory, pipeline: legacyOwner() ?? pipeline)
                if !FileManager.default.fileExists(atPath: owner) {
                    for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: legacy + suffix) {
                        try FileManager.default.moveItem(atPath: legacy + suffix, toPath: owner + suffix)
                    }
                    try FileManager.default.moveItem(atPath: legacy, toPath: owner)
                }
            }
        } catch {
            throw RunError("state database \(path): \(error)")
        }
        // A database that cannot be opened (an empty file, a truncated or overwritten one) is
        // moved aside whole, for whoever wants to look at it, and the run goes on with a new
        // one: it loses the fetch validators (tonight fetches every feed in full), never the
        // articles, which live in the snapshots.
        do {
            queue = try Self.open(path)
        } catch {
            let problem = "\(error)"
            let aside = path + ".damaged-" + Timestamp.now.compact
            do {
                for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                    try FileManager.default.moveItem(atPath: path + suffix, toPath: aside + suffix)
                }
                try FileManager.default.moveItem(atPath: path, toPath: aside)
                queue = try Self.open(path)
            } catch {
                throw RunError(
                    "state database \(path) is damaged (\(problem)) and could not be replaced: \(error); move it away and run again"
                )
            }
            movedAside = (aside, problem)
        }
    }

    /// Opens and migrates the database at `path`. An existing file of 0 bytes is damage, not a
    /// new database: SQLite would silently start an empty one over it.
    private static func open(_ path: String) throws -> DatabaseQueue {
        // No attributes means no file yet: SQLite makes a new database, as it should.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size == 0 {
            throw RunError("the file is empty")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.label = "landscape-state"
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try migrator.migrate(queue)
        return queue
    }

    static func path(outputDirectory: String, pipeline: String) -> String {
        FilePaths.join(FilePaths.join(outputDirectory, "state"), FilePaths.fileSafe(pipeline) + ".sqlite")
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1 source state and fetch runs") { db in
            try db.create(table: "source_state") { table in
                table.primaryKey("source_id", .text)
                table.column("url", .text).notNull()
                table.column("etag", .text)
                table.column("last_modified", .text)
                table.column("body_sha256", .text)
                table.column("content_type", .text)
                table.column("http_status", .integer)
                table.column("last_success", .text)
                table.column("last_attempt", .text)
                table.column("failure_nights", .integer).notNull().defaults(to: 0)
                table.column("failing_since", .text)
                table.column("last_failure_day", .text)
                table.column("last_error", .text)
            }
            try db.create(table: "fetch_runs") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("started", .text).notNull()
                table.column("sources", .integer).notNull()
                table.column("fetched", .integer).notNull()
                table.column("not_modified", .integer).notNull()
                table.column("failed", .integer).notNull()
                table.column("wire_bytes", .integer).notNull()
                table.column("seconds", .double).notNull()
            }
        }
        migrator.registerMigration("2 requests per fetch run") { db in
            try db.alter(table: "fetch_runs") { table in
                table.add(column: "requests", .integer).notNull().defaults(to: 0)
            }
        }
        migrator.registerMigration("3 article pages and robots.txt") { db in
            try db.create(table: "page_state") { table in
                table.primaryKey("url", .text)
                table.column("etag", .text)
                table.column("last_modified", .text)
                table.column("body_sha256", .text)
                table.column("content_type", .text)
                table.column("http_status", .integer)
                table.column("last_fetched", .text).notNull()
            }
            try db.create(table: "robots") { table in
                table.primaryKey("host", .text)
                table.column("day", .text).notNull()
                table.column("http_status", .integer)
                table.column("body", .blob)
            }
        }
        return migrator
    }

    /// What is remembered of the pages at `urls`, by URL.
    func pageStates(_ urls: [String]) throws(RunError) -> [String: PageState] {
        let rows = try access { try queue.read { db in try PageState.filter(keys: urls).fetchAll(db) } }
        return Dictionary(rows.map { ($0.url, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The robots.txt of each of `hosts` fetched on `day` (UTC, `YYYY-MM-DD`), by host.
    func robots(_ hosts: [String], day: String) throws(RunError) -> [String: RobotsRecord] {
        let rows = try access { try queue.read { db in try RobotsRecord.filter(keys: hosts).fetchAll(db) } }
        return Dictionary(rows.filter { $0.day == day }.map { ($0.host, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Saves fetched robots.txt files and pages in one transaction.
    func record(robots: [RobotsRecord], pages: [PageState]) throws(RunError) {
        try access {
            try queue.write { db in
                for record in robots { try record.upsert(db) }
                for page in pages { try page.upsert(db) }
            }
        }
    }

    /// Runs a database access, reporting any failure as the state database's.
    private func access<Result>(_ body: () throws -> Result) throws(RunError) -> Result {
        do {
            return try body()
        } catch {
            throw RunError("state database \(path): \(Self.describe(error))")
        }
    }

    /// SQLite's own words ("database or disk is full") without the statement GRDB appends,
    /// which can run to a screenful and says nothing to whoever runs the job.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DatabaseError else { return "\(error)" }
        return "SQLite error \(error.resultCode.rawValue): \(error.message ?? "\(error.resultCode)")"
    }

    /// Every source's state, by source id.
    func sourceStates() throws(RunError) -> [String: SourceState] {
        let rows = try access { try queue.read { db in try SourceState.fetchAll(db) } }
        return Dictionary(rows.map { ($0.sourceID, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Saves the sources' new state and the run's record in one transaction.
    func record(_ states: [SourceState], run: FetchRunRecord) throws(RunError) {
        try access {
            try queue.write { db in
                for state in states { try state.upsert(db) }
                try run.insert(db)
            }
        }
    }
}

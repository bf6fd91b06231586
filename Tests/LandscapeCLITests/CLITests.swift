import Foundation
import Landscape
import Testing

/// Runs the built `landscape` executable as a user would.
enum CLI {
    /// One folder for everything this test process writes, removed when the process exits.
    static let scratch: String = {
        let path = NSTemporaryDirectory() + "landscape-cli-tests-\(getpid())/"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: CLI.scratch) }
        return path
    }()

    /// A pipe's bytes to its end, through the project's own reader: Foundation's
    /// `readDataToEndOfFile` and `FileManager.contents(atPath:)` leak their buffers as
    /// LeakSanitizer sees them, which would fail `make test-asan` for code that is not ours.
    static func readAll(_ descriptor: Int32) -> Data {
        Data(FileBytes.read(descriptor: descriptor) ?? [])
    }

    /// A file's bytes, or nil when it cannot be read.
    static func readFile(_ path: String) -> Data? {
        FileBytes.read(path).map { Data($0) }
    }

    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var executable: String {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [besideTests, besideTests.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("landscape").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return repositoryRoot + "/.build/debug/landscape"
    }

    struct Result {
        let status: Int32
        let output: String
        let error: String
    }

    static func run(_ arguments: [String], in directory: String? = nil, executable: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? Self.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? repositoryRoot)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = readAll(out.fileHandleForReading.fileDescriptor)
        let errData = readAll(err.fileHandleForReading.fileDescriptor)
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
            error: String(decoding: errData, as: UTF8.self))
    }
}

@Suite("landscape command line")
struct CLITests {
    @Test("parse prints one JSON line per feed in the documented shape")
    func parseSamples() throws {
        let folder = CLI.repositoryRoot + "/Samples/feeds"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { folder + "/" + $0 }
        let result = try CLI.run(["parse"] + files + ["/nonexistent.xml"])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == files.count + 1)
        for (line, file) in zip(lines, files) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["file"] as? String == file)
            #expect(object["bozo"] as? Bool == false)
            #expect(Set(object.keys) == ["file", "bozo", "version", "feed", "entries"])
            let entries = try #require(object["entries"] as? [[String: Any]])
            #expect(entries.count >= 14)
            let keys: Set<String> = [
                "id", "title", "link", "published_utc", "updated_utc", "summary_text", "authors", "categories",
            ]
            #expect(entries.allSatisfy { Set($0.keys) == keys })
        }
        let missing = try #require(
            try JSONSerialization.jsonObject(with: Data(lines[files.count].utf8)) as? [String: Any])
        #expect(missing["error"] != nil)
    }

    @Test("article prints one JSON line per page in the documented shape, gzip read, and an error line for a bad file")
    func articlePages() throws {
        let folder = CLI.repositoryRoot + "/Samples/pages/asia-biotech-wire.example/news"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { folder + "/" + $0 }
        let temporary = CLI.scratch + "article-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let gzipped = temporary + "/page.html.gz"
        let notGzip = temporary + "/broken.html.gz"
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -c '\(files[0])' > '\(gzipped)'"]
        try gzip.run()
        gzip.waitUntilExit()
        try Data("not gzip at all".utf8).write(to: URL(fileURLWithPath: notGzip))
        let result = try CLI.run(["article", "--jobs", "2"] + files + [gzipped, "/nonexistent.html", notGzip])
        #expect(result.status == 0)
        #expect(result.error.contains("pages/s"))
        let lines = try result.output.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(lines.count == files.count + 3)
        for (line, file) in zip(lines, files) {
            #expect(line["file"] as? String == file)
            #expect(Set(line.keys) == ["file", "url", "title", "published_utc", "authors", "language", "text"])
            #expect((line["text"] as? String)?.count ?? 0 > 200)
        }
        let hengrui = try #require(lines.first { ($0["file"] as? String)?.contains("hengrui") == true })
        #expect(hengrui["url"] as? String == "https://asia-biotech-wire.example/news/hengrui-kailera-glp1")
        #expect(hengrui["published_utc"] as? String == "2024-05-13T01:20:00Z")
        #expect(hengrui["authors"] as? [String] == ["Mei Lin Tan"])
        #expect(hengrui["language"] as? String == "en")
        let text = try #require(hengrui["text"] as? String)
        #expect(text.contains("Kailera will pay $110 million upfront"))
        #expect(!text.contains("cookies") && !text.contains("Related stories") && !text.contains("Comments"))
        #expect(lines[files.count]["text"] as? String == lines[0]["text"] as? String)
        #expect(lines[files.count + 1]["error"] as? String == "cannot read the file")
        #expect(lines[files.count + 2]["error"] as? String == "not a complete gzip file")
    }

    @Test("run publishes a snapshot and prints a summary")
    func runSummary() throws {
        let output = CLI.scratch + "cli-\(UUID().uuidString)"
        let result = try CLI.run(["run", "--output", output, "--log-format", "json"])
        #expect(result.status == 0)
        #expect(result.output.contains("feeds: 6 (0 failed)"))
        #expect(result.output.contains("snapshot: \(output)/snapshots/"))
        // Logs are JSON lines on standard error.
        let logLines = result.error.split(separator: "\n")
        #expect(!logLines.isEmpty)
        #expect(logLines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
    }

    @Test("unknown flags and bad values exit 2 with a message naming the problem")
    func usageErrors() throws {
        let unknown = try CLI.run(["run", "--no-such-flag"])
        #expect(unknown.status == 2)
        #expect(unknown.error.contains("--no-such-flag"))
        let badStage = try CLI.run(["run", "--from", "lunch"])
        #expect(badStage.status == 2)
        #expect(badStage.error.contains("--from"))
        let onlyParse = try CLI.run(["run", "--only", "parse,extract,dedupe,aggregate"])
        #expect(onlyParse.status == 2)
        #expect(onlyParse.error.contains("--from parse"))
        let onlyExtract = try CLI.run(["run", "--only", "extract"])
        #expect(onlyExtract.status == 2)
        #expect(onlyExtract.error.contains("--only extract,dedupe,aggregate"))
        let snapshotAlone = try CLI.run(["run", "--snapshot", "latest"])
        #expect(snapshotAlone.status == 2)
        #expect(snapshotAlone.error.contains("--only"))
    }

    @Test("--only reruns stages on a named snapshot from the command line; a missing snapshot fails with exit 1")
    func onlyOnSnapshot() throws {
        let output = CLI.scratch + "cli-\(UUID().uuidString)"
        let first = try CLI.run(["run", "--output", output])
        #expect(first.status == 0)
        let id = try #require(
            try FileManager.default.destinationOfSymbolicLink(atPath: output + "/snapshots/latest") as String?)
        let rerun = try CLI.run(["run", "--output", output, "--only", "dedupe,aggregate", "--snapshot", id])
        #expect(rerun.status == 0, "\(rerun.error)")
        #expect(rerun.error.contains("rerunning dedupe,aggregate on snapshot \(id)"))
        let missing = try CLI.run(["run", "--output", output, "--only", "aggregate", "--snapshot", "19990101T000000Z"])
        #expect(missing.status == 1)
        #expect(missing.error.contains("no snapshot 19990101T000000Z"))
    }

    @Test("a bad pipeline exits 2 naming the file and line; nothing is published")
    func badConfig() throws {
        let folder = CLI.scratch + "cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let pipeline = folder + "/broken.yml"
        try "name: broken\nsources: 42\n".write(toFile: pipeline, atomically: false, encoding: .utf8)
        let result = try CLI.run(["run", pipeline, "--output", folder + "/out"])
        #expect(result.status == 2)
        #expect(result.error.contains("broken.yml:2"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/snapshots/latest"))
    }

    @Test("a run on an output directory whose lock is held exits 3 at once, naming the holder")
    func locked() throws {
        let folder = CLI.scratch + "cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/out/state", withIntermediateDirectories: true)
        // This test process plays the running night job.
        let descriptor = open(folder + "/out/state/run.lock", O_RDWR | O_CREAT, 0o644)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        let holder = Array("pid 4242 on night-host, running since 2026-11-21T02:00:00Z".utf8)
        #expect(holder.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) } == holder.count)
        let started = Date()
        let result = try CLI.run(["run", "--output", folder + "/out"])
        #expect(result.status == 3)
        #expect(result.error.contains("another run holds the lock"))
        #expect(result.error.contains("pid 4242 on night-host"))
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/snapshots"))
    }

    @Test("snapshots list, show and prune, and diff, on two runs")
    func snapshotsAndDiff() throws {
        let folder = CLI.scratch + "cli-\(UUID().uuidString)"
        for _ in 0..<2 {
            #expect(try CLI.run(["run", "--output", folder]).status == 0)
            usleep(1_100_000)  // snapshot ids are whole seconds
        }
        let list = try CLI.run(["snapshots", "list", "--output", folder])
        let lines = list.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.last?.hasSuffix("(latest)") == true)
        let ids = lines.compactMap { $0.split(separator: " ").first.map(String.init) }
        let show = try CLI.run(["snapshots", "show", "latest", "--output", folder])
        #expect(show.output.contains("\"id\":\"\(ids[1])\""))
        #expect(show.output.contains("\"parent\":\"\(ids[0])\""))
        let diff = try CLI.run(["diff", ids[0], "latest", "--output", folder])
        #expect(diff.status == 0)
        #expect(diff.output == "\(ids[0]) → \(ids[1]): 0 added, 0 updated, 0 removed\n")
        let json = try CLI.run(["diff", ids[0], ids[1], "--output", folder, "--json"])
        #expect(json.status == 0 && json.output.isEmpty)
        let missing = try CLI.run(["diff", "19990101T000000Z", "latest", "--output", folder])
        #expect(missing.status == 2, "naming no snapshot is a usage error")
        #expect(missing.error.contains("no snapshot 19990101T000000Z"))
        let previous = try CLI.run(["diff", "latest~1", "latest-apac-biotech", "--output", folder])
        #expect(previous.status == 0, "\(previous.error)")
        #expect(previous.output == diff.output)
        let tooFar = try CLI.run(["diff", "latest~2", "latest", "--output", folder])
        #expect(tooFar.status == 2)
        #expect(tooFar.error.contains("has only 1 ancestors"))
        let tonight = try CLI.run(["changes", "--output", folder])
        #expect(tonight.status == 0 && tonight.output == diff.output)
        let sinceDay = try CLI.run(["changes", "--since", "1999-01-01", "--output", folder, "--json"])
        #expect(sinceDay.status == 0)
        #expect(
            sinceDay.output.split(separator: "\n").count
                == (try String(contentsOfFile: folder + "/snapshots/latest/deals.jsonl", encoding: .utf8))
                .split(separator: "\n").count)
        #expect(sinceDay.output.split(separator: "\n").allSatisfy { $0.contains("\"change\":\"added\"") })
        let sinceFirst = try CLI.run(["changes", "--since", ids[0], "--output", folder])
        #expect(sinceFirst.output == diff.output)
        let prune = try CLI.run(["snapshots", "prune", "--keep", "1", "--output", folder])
        #expect(prune.output.contains("removed \(ids[0])"))
        #expect(try CLI.run(["snapshots", "list", "--output", folder]).output.split(separator: "\n").count == 1)
    }

    @Test("runs killed with SIGKILL at random moments never leave a visible partial snapshot")
    func killedRuns() throws {
        let folder = CLI.scratch + "cli-kill-\(UUID().uuidString)"
        var generator = SystemRandomNumberGenerator()
        // How long a whole run takes here, so kills land anywhere in one, publishing included.
        // Timed on a warm run, as the trials are, and timed again by every trial that ends before
        // its kill: other tests share the machine, and a run slowed by them once must not put
        // most kills after the end of the runs that follow.
        #expect(try CLI.run(["run", "--output", folder]).status == 0)
        let timed = Date()
        #expect(try CLI.run(["run", "--output", folder]).status == 0)
        var runMicroseconds = UInt32(max(50_000, Date().timeIntervalSince(timed) * 1_000_000))
        var killedBeforeEnd = 0
        var trials = 0
        while killedBeforeEnd < 20, trials < 200 {
            trials += 1
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLI.executable)
            process.arguments = ["run", "--output", folder]
            process.currentDirectoryURL = URL(fileURLWithPath: CLI.repositoryRoot)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let started = Date()
            try process.run()
            usleep(UInt32.random(in: 0..<runMicroseconds, using: &generator))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killedBeforeEnd += 1
                process.waitUntilExit()
            } else {
                process.waitUntilExit()
                runMicroseconds = UInt32(max(50_000, Date().timeIntervalSince(started) * 1_000_000))
            }
            // Whatever the moment, every visible snapshot is whole, and latest names one of them.
            try Self.expectOnlyWholeSnapshots(folder + "/snapshots")
        }
        #expect(killedBeforeEnd >= 20)
        let after = try CLI.run(["run", "--output", folder])
        #expect(after.status == 0, "\(after.error)")
        try Self.expectOnlyWholeSnapshots(folder + "/snapshots")
        let hidden = try FileManager.default.contentsOfDirectory(atPath: folder + "/snapshots").filter {
            $0.hasPrefix(".")
        }
        #expect(hidden.isEmpty, "staging left behind: \(hidden)")
    }

    static func expectOnlyWholeSnapshots(_ snapshots: String) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: snapshots)) ?? []
        for name in names where !name.hasPrefix(".") && name != "latest" {
            let manifestData = try #require(
                CLI.readFile("\(snapshots)/\(name)/manifest.json"), "\(name) has no manifest")
            let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
            let files = try #require(manifest["files"] as? [[String: Any]])
            let paths = files.map { $0["path"] as? String ?? "" }
            let sets = Set(paths.map { $0.split(separator: "/").first.map { $0.split(separator: ".")[0] } ?? "" })
            #expect(sets == ["articles", "mentions", "deals", "aggregates", "changes", "report", "network"], "\(name)")
            #expect(paths.count(where: { $0.hasPrefix("articles/") }) >= 12, "\(name)")
            for file in files {
                let path = "\(snapshots)/\(name)/\(file["path"] as? String ?? "")"
                let data = try #require(CLI.readFile(path), "\(path) missing")
                #expect(data.count > 0 || file["rows"] as? Int == 0, "\(path)")
                #expect(data.filter { $0 == 0x0A }.count == file["rows"] as? Int, "\(path)")
            }
        }
        if let latest = try? FileManager.default.destinationOfSymbolicLink(atPath: snapshots + "/latest") {
            #expect(names.contains(latest), "latest points at \(latest), which is not there")
        }
    }
}

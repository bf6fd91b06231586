import Foundation
import Testing

/// What `make install` lays out, run from a folder that has no pipelines of its own.
@Suite("Installed binary")
struct InstallCLITests {
    @Test(
        "make install-files lays out bin/ and share/landscape/; the installed binary runs the samples from any folder")
    func installedRun() throws {
        let prefix = CLI.scratch + "install-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/make")
        make.arguments = ["--no-print-directory", "install-files", "PREFIX=\(prefix)", "BINARY=\(CLI.executable)"]
        make.currentDirectoryURL = URL(fileURLWithPath: CLI.repositoryRoot)
        make.standardOutput = FileHandle.nullDevice
        try make.run()
        make.waitUntilExit()
        #expect(make.terminationStatus == 0)
        let binary = prefix + "/bin/landscape"
        #expect(FileManager.default.isExecutableFile(atPath: binary))
        #expect(FileManager.default.fileExists(atPath: prefix + "/share/landscape/Pipelines/gazetteer.jsonl"))

        let elsewhere = prefix + "/work"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let run = try CLI.run(["run"], in: elsewhere, executable: binary)
        #expect(run.status == 0, "\(run.error)")
        #expect(FileManager.default.fileExists(atPath: elsewhere + "/Output/snapshots/latest/deals.jsonl"))
        let version = try CLI.run(["--version"], executable: binary)
        #expect(version.status == 0)
        #expect(version.output.hasPrefix("landscape 0.1.0 (code 0.1.0+"))
    }
}

/// The live progress line: on a terminal (a pseudo-terminal made by `script`), never in a pipe.
@Suite("Progress on a terminal")
struct ProgressCLITests {
    @Test("a run on a terminal redraws a progress line per stage and clears it before each log line; a pipe gets none")
    func progressLine() throws {
        let folder = CLI.scratch + "progress-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Enough items that parse and dedupe outlast a redraw.
        var feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Many</title>"
        for index in 0..<6000 {
            feed +=
                "<item><title>Brief \(index): Yuhan and Hanmi extend a research pact</title>"
                + "<link>https://news.example/\(index)</link><description>Yuhan and Hanmi Pharmaceutical agreed "
                + "to extend their research collaboration on obesity drugs, item \(index).</description>"
                + "<pubDate>Mon, 03 Mar 2025 10:00:00 GMT</pubDate></item>"
        }
        try (feed + "</channel></rss>").write(toFile: folder + "/many.xml", atomically: false, encoding: .utf8)
        let typescript = folder + "/typescript"
        let command = "\(CLI.executable) run --output \(folder)/Output --source \(folder)/many.xml"
        let script = try CLI.run(["-qfc", command, typescript], executable: "/usr/bin/script")
        #expect(script.status == 0, "\(script.error)")
        let seen = String(decoding: try Data(contentsOf: URL(fileURLWithPath: typescript)), as: UTF8.self)
        #expect(seen.contains("\r\u{1B}[Kparse: ") || seen.contains("\r\u{1B}[Kdedupe: 6000 articles"))
        #expect(seen.contains(" s, ") && seen.contains("articles"))
        // Every log line starts on a clean line: the live line is cleared right before it.
        for line in seen.split(separator: "\n") where line.contains(" info ") {
            #expect(!line.contains("/s2026"), "a log line written over the progress line: \(line.prefix(160))")
        }
        let piped = try CLI.run(["run", "--output", folder + "/Piped", "--source", folder + "/many.xml"])
        #expect(piped.status == 0)
        #expect(!piped.error.contains("\u{1B}[K"))
    }
}

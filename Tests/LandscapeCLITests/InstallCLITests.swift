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

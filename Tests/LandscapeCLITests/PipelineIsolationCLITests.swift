import Foundation
import Testing

/// Two pipelines in one output directory, and nights on which the sources do not answer: what a
/// machine that once ran the quick start and now runs the live pipeline every night sees.
@Suite("Nights a scheduler can trust: pipelines apart, outages, quiet nights, the systemd unit")
struct PipelineIsolationCLITests {
    static func temporaryFolder() throws -> String {
        let folder = CLI.scratch + "cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    static func link(_ path: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    }

    static func manifest(_ snapshot: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: snapshot + "/manifest.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func dealIDs(_ snapshot: String) throws -> Set<String> {
        let text = try String(contentsOfFile: snapshot + "/deals.jsonl", encoding: .utf8)
        return Set(
            try text.split(separator: "\n").map { line in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                return try #require(object?["deal_id"] as? String)
            })
    }

    /// A second pipeline reading one of the sample feeds, under its own name.
    static func writeOtherPipeline(_ folder: String) throws -> String {
        let feed = CLI.repositoryRoot + "/Samples/feeds/" + "asia-biotech-wire.xml"
        let yaml = """
            name: one-feed
            sources:
              - id: wire
                url: "\(feed)"
            pages:
              follow: false
            extract:
              gazetteer: "\(CLI.repositoryRoot)/Pipelines/gazetteer.jsonl"
              places: "\(CLI.repositoryRoot)/Pipelines/places.jsonl"

            """
        try yaml.write(toFile: folder + "/one-feed.yml", atomically: false, encoding: .utf8)
        return folder + "/one-feed.yml"
    }

    @Test("the samples then another pipeline into one --output: each snapshot holds only its own pipeline's deals")
    func twoPipelinesOneOutput() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = folder + "/Output"
        let samples = try CLI.run(["run", "--output", output])
        #expect(samples.status == 0, "\(samples.error)")
        let samplesID = try #require(Self.link(output + "/snapshots/latest-apac-biotech"))
        let sampleDeals = try Self.dealIDs(output + "/snapshots/" + samplesID)

        let other = try CLI.run(["run", try Self.writeOtherPipeline(folder), "--output", output])
        #expect(other.status == 0, "\(other.error)")
        let otherID = try #require(Self.link(output + "/snapshots/latest-one-feed"))
        let otherSnapshot = output + "/snapshots/" + otherID
        let manifest = try Self.manifest(otherSnapshot)
        #expect(manifest["parent"] is NSNull, "a pipeline's first snapshot has no parent, whatever ran before")
        let otherDeals = try Self.dealIDs(otherSnapshot)
        #expect(!otherDeals.isEmpty)
        #expect(otherDeals.count < sampleDeals.count, "only the one feed's deals, not the samples' six feeds'")
        let months = try FileManager.default.contentsOfDirectory(atPath: otherSnapshot + "/articles")
        #expect(!months.isEmpty)
        for month in months {
            let lines = try String(contentsOfFile: otherSnapshot + "/articles/" + month, encoding: .utf8)
                .split(separator: "\n")
            for line in lines {
                let article = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                #expect(
                    article?["source_id"] as? String == "wire", "an article of another pipeline: \(line.prefix(120))")
            }
        }
        #expect(Self.link(output + "/snapshots/latest") == otherID)
        #expect(Self.link(output + "/snapshots/latest-apac-biotech") == samplesID)
        // Each pipeline keeps its own fetch history.
        let state = try FileManager.default.contentsOfDirectory(atPath: output + "/state").filter {
            $0.hasSuffix(".sqlite")
        }
        #expect(Set(state) == ["apac-biotech.sqlite", "one-feed.sqlite"])

        // The samples' next night continues the samples' own landscape.
        let again = try CLI.run(["run", "--output", output])
        #expect(again.status == 0, "\(again.error)")
        let againID = try #require(Self.link(output + "/snapshots/latest-apac-biotech"))
        #expect(try Self.manifest(output + "/snapshots/" + againID)["parent"] as? String == samplesID)
        #expect(try Self.dealIDs(output + "/snapshots/" + againID) == sampleDeals)
        let list = try CLI.run(["snapshots", "list", "--output", output])
        #expect(list.output.split(separator: "\n").filter { $0.contains("  one-feed  ") }.count == 1)

        // A rerun on another pipeline's snapshot is refused.
        let crossed = try CLI.run([
            "run", try Self.writeOtherPipeline(folder), "--output", output, "--only", "aggregate", "--snapshot",
            againID,
        ])
        #expect(crossed.status == 1)
        #expect(crossed.error.contains("published by pipeline apac-biotech, not one-feed"))
    }

    @Test(
        "the live pipeline offline after the quick start: an outage, exit 4, nothing of the samples published as live")
    func livePipelineAfterSamples() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = folder + "/Output"
        #expect(try CLI.run(["run", "--output", output]).status == 0)
        let samplesID = try #require(Self.link(output + "/snapshots/latest"))
        let live = try CLI.run(["run", "Pipelines/apac-biotech-live.yml", "--offline", "--output", output])
        #expect(live.status == 4, "\(live.error)")
        #expect(live.error.contains("sources answered"))
        #expect(live.error.contains("nothing was published"))
        #expect(Self.link(output + "/snapshots/latest") == samplesID, "latest stays where it was")
        #expect(Self.link(output + "/snapshots/latest-apac-biotech-live") == nil)
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: output + "/snapshots")
        #expect(snapshots.filter { !$0.hasPrefix("latest") }.count == 1)
    }

    @Test("every source failing exits 4; min_sources_ok as a share; an unsupported scheme is a usage error (2)")
    func outagesAndSchemes() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = folder + "/Output"
        let missing = try CLI.run(["run", "--source", folder + "/no-such-feed.xml", "--output", output])
        #expect(missing.status == 4, "\(missing.error)")
        #expect(missing.error.contains("no-such-feed"))
        #expect(!FileManager.default.fileExists(atPath: output + "/snapshots/latest"))

        // Half of two sources answering is enough for the default (one), not for 100%.
        let good = CLI.repositoryRoot + "/Samples/feeds/asia-biotech-wire.xml"
        let pipeline = folder + "/strict.yml"
        let yaml = """
            name: strict
            sources:
              - url: "\(good)"
              - url: "\(folder)/gone.xml"
            fetch:
              min_sources_ok: 100%
            pages:
              follow: false
            extract:
              gazetteer: "\(CLI.repositoryRoot)/Pipelines/gazetteer.jsonl"
              places: "\(CLI.repositoryRoot)/Pipelines/places.jsonl"

            """
        try yaml.write(toFile: pipeline, atomically: false, encoding: .utf8)
        let strict = try CLI.run(["run", pipeline, "--output", output])
        #expect(strict.status == 4, "\(strict.error)")
        #expect(strict.error.contains("only 1 of 2 sources answered, 2 needed"))
        try yaml.replacingOccurrences(of: "100%", with: "0.5").write(
            toFile: pipeline, atomically: false, encoding: .utf8)
        #expect(try CLI.run(["run", pipeline, "--output", output]).status == 0)

        let ftp = try CLI.run(["run", "--source", "ftp://example.org/feed.xml", "--output", output])
        #expect(ftp.status == 2)
        #expect(ftp.error.contains("scheme `ftp` is not supported"))
        try yaml.replacingOccurrences(of: "\"\(good)\"", with: "\"gopher://example.org/feed\"").write(
            toFile: pipeline, atomically: false, encoding: .utf8)
        let badPipeline = try CLI.run(["run", pipeline, "--output", output])
        #expect(badPipeline.status == 2)
        #expect(badPipeline.error.contains("strict.yml:3"))
        #expect(badPipeline.error.contains("scheme `gopher`"))
    }

    @Test("amounts in a currency the pipeline has no rate for are reported in the log and the manifest")
    func unratedCurrencies() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pipeline = try Self.editedSamplesPipeline { samples in
            samples.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.hasPrefix("  usd_rates:") ? "  usd_rates: { USD: 1 }" : String(line)
            }.joined(separator: "\n")
        }
        defer { try? FileManager.default.removeItem(atPath: pipeline) }
        let run = try CLI.run(["run", pipeline, "--output", folder + "/Output"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.error.contains("which extract.usd_rates has no rate for"))
        let snapshot = folder + "/Output/snapshots/latest"
        let stages = try #require(try Self.manifest(snapshot)["stages"] as? [[String: Any]])
        let extract = try #require(stages.first { $0["name"] as? String == "extract" })
        let counts = try #require(extract["counts"] as? [String: Int])
        #expect((counts["articles_with_unrated_amounts"] ?? 0) > 0)
    }

    /// The samples pipeline with `edit` applied, written beside it (its paths are relative).
    static func editedSamplesPipeline(_ edit: (String) -> String) throws -> String {
        let samples = try String(contentsOfFile: CLI.repositoryRoot + "/Pipelines/apac-biotech.yml", encoding: .utf8)
        let edited = edit(samples)
        #expect(edited != samples)
        let path = CLI.repositoryRoot + "/Pipelines/.test-\(UUID().uuidString).yml"
        try edited.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    @Test("a night with nothing new says so; with output.publish_unchanged false it publishes nothing")
    func quietNight() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = folder + "/Output"
        let publishing = try CLI.run(["run", "--output", output])
        let again = try CLI.run(["run", "--output", output])
        #expect(!publishing.output.contains("nothing new"))
        #expect(again.status == 0 && again.output.contains("nothing new"))
        let twoSnapshots = try FileManager.default.contentsOfDirectory(atPath: output + "/snapshots").filter {
            !$0.hasPrefix("latest")
        }
        #expect(twoSnapshots.count == 2)

        let pipeline = try Self.editedSamplesPipeline {
            $0.replacingOccurrences(of: "  compress: none", with: "  compress: none\n  publish_unchanged: false")
        }
        defer { try? FileManager.default.removeItem(atPath: pipeline) }
        let quietOutput = folder + "/Quiet"
        #expect(try CLI.run(["run", pipeline, "--output", quietOutput]).status == 0)
        let first = try #require(Self.link(quietOutput + "/snapshots/latest"))
        let quiet = try CLI.run(["run", pipeline, "--output", quietOutput])
        #expect(quiet.status == 0, "\(quiet.error)")
        #expect(quiet.output.contains("snapshot: none published, nothing new; latest stays \(first)"))
        #expect(Self.link(quietOutput + "/snapshots/latest") == first)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: quietOutput + "/snapshots").filter {
                !$0.hasPrefix("latest")
            } == [first])
    }

    @Test("the systemd unit's commands run as written (samples for the live pipeline, a temporary folder for /var/lib)")
    func systemdUnit() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let unit = try String(
            contentsOfFile: CLI.repositoryRoot + "/deploy/systemd/landscape.service", encoding: .utf8)
        func command(_ key: String) throws -> [String] {
            let line = try #require(unit.split(separator: "\n").first { $0.hasPrefix(key + "=") })
            let words = line.dropFirst(key.count + 1).drop { $0 == "-" }.split(separator: " ").map(String.init)
            #expect(words.first == "/usr/local/bin/landscape")
            return words.dropFirst().map { word in
                word.replacingOccurrences(
                    of: "/usr/local/share/landscape/Pipelines/apac-biotech-live.yml",
                    with: CLI.repositoryRoot + "/Pipelines/apac-biotech.yml"
                ).replacingOccurrences(of: "/var/lib/landscape", with: folder)
            }
        }
        let start = try command("ExecStart")
        #expect(start.contains("--log-format") && start.contains("json"))
        #expect(try CLI.run(start).status == 0)
        let prune = try command("ExecStartPost")
        #expect(prune.starts(with: ["snapshots", "prune"]))
        let pruned = try CLI.run(prune)
        #expect(pruned.status == 0, "\(pruned.error)")
        #expect(unit.contains("SuccessExitStatus=3"))
        let timer = try String(contentsOfFile: CLI.repositoryRoot + "/deploy/systemd/landscape.timer", encoding: .utf8)
        #expect(timer.contains("OnCalendar=") && timer.contains("Persistent=true"))
    }
}

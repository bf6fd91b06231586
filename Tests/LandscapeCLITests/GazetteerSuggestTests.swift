import Foundation
import Testing

/// `landscape gazetteer suggest` on a snapshot of the samples.
@Suite("landscape gazetteer suggest")
struct GazetteerSuggestTests {
    @Test("lists the organisations outside the gazetteer as lines the gazetteer loads, most deals first")
    func suggest() throws {
        let folder = CLI.scratch + "landscape-suggest-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try CLI.run(["run", "--output", folder + "/out"]).status == 0)
        let result = try CLI.run(["gazetteer", "suggest", "--output", folder + "/out"])
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count >= 3)
        var deals: [Int] = []
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let name = try #require(object["name"] as? String)
            #expect(!name.isEmpty)
            let note = try #require(object["note"] as? String)
            let count = try #require(Int(note.prefix { $0.isNumber }), "\(note)")
            deals.append(count)
        }
        // Most deals first, and the first ones come with the sentence that states their deal.
        #expect(deals == deals.sorted(by: >))
        #expect(deals.first ?? 0 >= 1)
        #expect((lines.first ?? "").contains(": "))

        // Pasted after the gazetteer, the lines load.
        let gazetteer = try String(contentsOfFile: CLI.repositoryRoot + "/Pipelines/gazetteer.jsonl", encoding: .utf8)
        try (gazetteer + lines.joined(separator: "\n") + "\n").write(
            toFile: folder + "/gazetteer.jsonl", atomically: false, encoding: .utf8)
        let pipeline = """
            name: grown
            sources:
              - id: samples
                url: \(CLI.repositoryRoot)/Samples/feeds/asia-biotech-wire.xml
            extract:
              gazetteer: \(folder)/gazetteer.jsonl
              places: \(CLI.repositoryRoot)/Pipelines/places.jsonl
            """
        try pipeline.write(toFile: folder + "/grown.yml", atomically: false, encoding: .utf8)
        let grown = try CLI.run(["run", folder + "/grown.yml", "--output", folder + "/grown"])
        #expect(grown.status == 0, "\(grown.error)")

        // The command names a missing snapshot.
        let missing = try CLI.run([
            "gazetteer", "suggest", "--output", folder + "/out", "--snapshot", "19990101T000000Z",
        ])
        #expect(missing.status != 0)
        #expect(missing.error.contains("19990101T000000Z"))
    }
}

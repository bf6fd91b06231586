import Foundation
import Testing

/// `landscape eval` against the dev set of `../shared/eval/`, and against the reference scorer.
@Suite("landscape eval")
struct EvalTests {
    static let dev = CLI.repositoryRoot + "/../shared/eval/dev"

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("eval scores the dev set exactly as score_deals.py scores a run over the same articles")
    func agreesWithReferenceScorer() throws {
        let eval = try CLI.run([
            "eval", "--gold", Self.dev + "/gold.jsonl", "--articles", Self.dev + "/articles.jsonl", "--json",
        ])
        #expect(eval.status == 0, "\(eval.error)")
        let ours = try Self.object(eval.output)

        let folder = CLI.scratch + "landscape-eval-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tools = CLI.repositoryRoot + "/../shared/tools"
        let feed = try CLI.run(
            ["python3", tools + "/articles_to_feed.py", Self.dev + "/articles.jsonl", folder + "/dev.xml"],
            executable: "/usr/bin/env")
        #expect(feed.status == 0, "\(feed.error)")
        let run = try CLI.run(["run", "--source", "file://" + folder + "/dev.xml", "--output", folder + "/out"])
        #expect(run.status == 0, "\(run.error)")
        let reference = try CLI.run(
            [
                "python3", tools + "/score_deals.py", "--gold", Self.dev + "/gold.jsonl", "--articles",
                Self.dev + "/articles.jsonl", "--deals", folder + "/out/snapshots/latest/deals.jsonl", "--json",
            ], executable: "/usr/bin/env")
        #expect(reference.status == 0, "\(reference.error)")
        let theirs = try Self.object(reference.output)
        for key in [
            "deal_recall", "deal_precision", "pair_precision", "pair_recall", "type_accuracy", "country_accuracy",
        ] {
            let mine = try #require(ours[key] as? Double, "\(key)")
            let reference = try #require(theirs[key] as? Double, "\(key)")
            #expect(abs(mine - reference) < 0.0005, "\(key): \(mine) vs \(reference)")
        }
        #expect(ours["gold_deals"] as? Int == theirs["gold_deals"] as? Int)
        #expect(ours["predicted_deals"] as? Int == theirs["pred_deals_on_gold_articles"] as? Int)
        // The modality score is ours alone; it must be a real figure on this set.
        #expect((ours["modality_f1"] as? Double).map { $0 > 0 && $0 <= 1 } == true)
    }

    @Test("the text report lists the figures and every miss and false alarm")
    func textReport() throws {
        let result = try CLI.run([
            "eval", "--gold", Self.dev + "/gold.jsonl", "--articles", Self.dev + "/articles.jsonl",
        ])
        #expect(result.status == 0)
        let json = try Self.object(
            try CLI.run([
                "eval", "--gold", Self.dev + "/gold.jsonl", "--articles", Self.dev + "/articles.jsonl", "--json",
            ])
            .output)
        #expect(result.output.contains("party pairs  precision"))
        let misses = try #require(json["misses"] as? [[String: Any]])
        let alarms = try #require(json["false_alarms"] as? [[String: Any]])
        #expect(result.output.contains("misses (\(misses.count))"))
        #expect(result.output.contains("false alarms (\(alarms.count))"))
        for miss in misses { #expect(result.output.contains("  \(miss["article"] as? String ?? "?")  ")) }
        // Every pair the summary counts as false or missed is listed, and no other.
        let falsePairs = try #require(json["false_pairs"] as? [[String: Any]])
        let missedPairs = try #require(json["missed_pairs"] as? [[String: Any]])
        #expect(
            result.output.contains(
                "(\(try #require(json["pair_true_positives"] as? Int)) found, \(falsePairs.count) false, \(missedPairs.count) missed)"
            ))
        #expect(result.output.contains("false pairs (\(falsePairs.count))"))
        #expect(result.output.contains("missed pairs (\(missedPairs.count))"))
    }

    @Test("roles: accuracy and precision against the project's role annotations; a bad roles line is named")
    func roles() throws {
        let roles = CLI.repositoryRoot + "/Tests/Fixtures/dev-roles.jsonl"
        let result = try CLI.run([
            "eval", "--gold", Self.dev + "/gold.jsonl", "--articles", Self.dev + "/articles.jsonl", "--roles", roles,
            "--json",
        ])
        #expect(result.status == 0, "\(result.error)")
        let object = try Self.object(result.output)
        let accuracy = try #require(object["role_accuracy"] as? Double)
        let precision = try #require(object["role_precision"] as? Double)
        #expect(accuracy > 0 && accuracy <= precision && precision <= 1)
        let errors = try #require(object["role_errors"] as? [[String: Any]])
        #expect(!errors.isEmpty)

        let folder = CLI.scratch + "landscape-roles-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try """
        {"id": "d001", "deal": 0, "roles": {"Ono Pharmaceutical": "licensee"}}
        {"id": "d001", "deal": 0, "roles": {"Ono Pharmaceutical": "buyer"}}
        """.write(toFile: folder + "/roles.jsonl", atomically: false, encoding: .utf8)
        let bad = try CLI.run([
            "eval", "--gold", Self.dev + "/gold.jsonl", "--articles", Self.dev + "/articles.jsonl", "--roles",
            folder + "/roles.jsonl",
        ])
        #expect(bad.status != 0)
        #expect(bad.error.contains(folder + "/roles.jsonl:2"))
    }

    @Test("a broken gold line is reported with its file and line number")
    func brokenGold() throws {
        let folder = CLI.scratch + "landscape-eval-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try """
        {"id": "a1", "url": "https://example.org/a1", "published": null, "title": null, "text": "Nothing here."}
        """.write(toFile: folder + "/articles.jsonl", atomically: false, encoding: .utf8)
        try """
        {"id": "a1", "deals": []}
        {"id": "a1", "deals": [{"parties": 3}]}
        """.write(toFile: folder + "/gold.jsonl", atomically: false, encoding: .utf8)
        let result = try CLI.run(["eval", "--gold", folder + "/gold.jsonl", "--articles", folder + "/articles.jsonl"])
        #expect(result.status != 0)
        #expect(result.error.contains(folder + "/gold.jsonl:2"))
    }

    @Test("extract prints the deals of plain-text articles as JSON lines and its rate on standard error")
    func extract() throws {
        let result = try CLI.run(["extract", Self.dev + "/articles.jsonl", "--jobs", "1"])
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.count >= 20)
        for line in lines {
            let deal = try Self.object(String(line))
            #expect((deal["parties"] as? [[String: Any]])?.count ?? 0 >= 2)
            #expect((deal["sources"] as? [[String: Any]])?.first?["url"] as? String != nil)
        }
        let articles = try String(contentsOfFile: Self.dev + "/articles.jsonl", encoding: .utf8)
            .split(separator: "\n").count
        #expect(result.error.contains("extract: \(articles) articles, \(lines.count) deals"))
        #expect(result.error.contains("articles/s"))
    }

    @Test("dedupe prints each repeat with its original, streaming a file in blocks, and names a bad line")
    func dedupe() throws {
        let folder = CLI.scratch + "landscape-dedupe-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The dev articles, then a copy of each under another URL with a credit line added,
        // and one under its own URL with tracking parameters.
        let articles = try String(contentsOfFile: Self.dev + "/articles.jsonl", encoding: .utf8)
            .split(separator: "\n").map { try Self.object(String($0)) }
        var lines = try articles.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        for (index, article) in articles.enumerated() {
            var copy = article
            copy["id"] = "copy-\(index)"
            copy["url"] = "https://wire.example/\(index)"
            copy["text"] = (article["text"] as? String ?? "") + " Reporting by the wire desk."
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: copy), as: UTF8.self))
        }
        var tracked = articles[0]
        tracked["id"] = "tracked"
        tracked["url"] = (articles[0]["url"] as? String ?? "") + "?utm_source=newsletter"
        tracked["text"] = "A different text entirely, kept short."
        lines.append(String(decoding: try JSONSerialization.data(withJSONObject: tracked), as: UTF8.self))
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: folder + "/articles.jsonl", atomically: false, encoding: .utf8)

        let result = try CLI.run(["dedupe", folder + "/articles.jsonl", "--jobs", "2"])
        #expect(result.status == 0, "\(result.error)")
        let pairs = try result.output.split(separator: "\n").map { try Self.object(String($0)) }
        let expected =
            articles.indices.map { ["copy-\($0)", articles[$0]["id"] as? String ?? ""] }
            + [["tracked", articles[0]["id"] as? String ?? ""]]
        #expect(pairs.map { [$0["article_id"] as? String ?? "", $0["duplicate_of"] as? String ?? ""] } == expected)
        #expect(result.error.contains("dedupe: \(articles.count * 2 + 1) articles, \(articles.count + 1) duplicates"))

        try (lines.prefix(3).joined(separator: "\n") + "\n{\"id\": 5}\n").write(
            toFile: folder + "/bad.jsonl", atomically: false, encoding: .utf8)
        let bad = try CLI.run(["dedupe", folder + "/bad.jsonl"])
        #expect(bad.status == 2)
        #expect(bad.error.contains(folder + "/bad.jsonl:4"))
    }
}

import Foundation
import Landscape
import Testing

@testable import LandscapeFuzz

/// Replays every input the fuzzers found (`Tests/Fuzz/Regressions/TARGET/`) through the same
/// checks `make fuzz` runs, so a finding once fixed stays fixed.
@Suite("Fuzzer findings")
struct FuzzRegressionTests {
    static let folder = CLI.repositoryRoot + "/Tests/Fuzz/Regressions"

    static var findings: [String] {
        let targets = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return targets.sorted().flatMap { target in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + target)) ?? []).sorted().map {
                target + "/" + $0
            }
        }
    }

    @Test("the regression folder holds findings, each under a target's name")
    func layout() {
        let findings = Self.findings
        #expect(findings.count >= 8)
        for finding in findings {
            let target = String(finding.split(separator: "/")[0])
            #expect(FuzzTarget(rawValue: target) != nil, "\(finding): no fuzz target called \(target)")
        }
    }

    @Test("every finding now keeps its reader's promises", arguments: findings)
    func replay(_ finding: String) throws {
        let target = try #require(FuzzTarget(rawValue: String(finding.split(separator: "/")[0])))
        let input = try #require(CLI.readFile(Self.folder + "/" + finding))
        #expect(target.check(Array(input)) == [])
    }

    @Test("each target runs on a seed-like input and checks something")
    func everyTarget() {
        let inputs: [FuzzTarget: String] = [
            .feed: "<rss version=\"2.0\"><channel><title>T</title><item><title>A</title></item></channel></rss>",
            .html: "<p>Seoul's <b>Celltrion</b> &amp; partners</p>",
            .page:
                "<html><head><title>Deal</title></head><body><article><p>Text of the story.</p></article></body></html>",
            .date: "Mon, 02 Jun 2025 09:30:00 +0900",
            .url: "https://Example.com:443/a?utm_source=x&id=3#top",
            .sentences: "Alteogen signed a deal. It is worth $1 billion. Shares rose.",
            .extract: "Alteogen licenses ALT-B4 to Daiichi Sankyo\nAlteogen granted Daiichi Sankyo rights to ALT-B4.",
            .money: "The deal is worth $80 million upfront and up to $1.2 billion in milestones.",
            .gazetteer: "\u{0}{\"id\": \"org-a\", \"name\": \"Aster Bio\", \"country\": \"KR\"}\n",
            .pipeline: "name: fuzz\nsources:\n  - url: feeds/a.xml\n",
            .gzip: "",
        ]
        for target in FuzzTarget.allCases {
            let input = Array((inputs[target] ?? "").utf8)
            #expect(target.check(input) == [], "\(target)")
        }
    }
}

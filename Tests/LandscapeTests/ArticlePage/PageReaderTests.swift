import Foundation
import Testing

@testable import Landscape

@Suite("Article pages: main text and metadata")
struct PageReaderTests {
    /// A page of the shape news sites use, written for this test: the story among a cookie
    /// banner, a menu, a share bar, related links, comments and a footer.
    static let page = Array(
        """
        <!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
        <title>Omega Bio and Sigma Pharma sign ADC pact | Example News</title>
        <meta property="og:title" content="Omega Bio and Sigma Pharma sign ADC pact">
        <meta property="article:published_time" content="2025-03-04T05:06:07+09:00">
        <meta name="author" content="Jun Park">
        <link rel="canonical" href="https://news.example/omega-sigma">
        <style>body { font-family: serif }</style><script>var tracking = "<p>not text</p>";</script>
        </head><body>
        <div id="cookie-banner"><p>We use cookies to improve your experience. By using this site, you agree to our use of cookies.</p></div>
        <header><nav><ul><li><a href="/">Home</a></li><li><a href="/biotech">Biotech</a></li><li><a href="/pharma">Pharma</a></li></ul></nav></header>
        <div class="page"><div class="main-column"><article>
        <h1>Omega Bio and Sigma Pharma sign ADC pact</h1>
        <div class="share-tools"><a href="#">Facebook</a><a href="#">LinkedIn</a><a href="#">Email</a></div>
        <div class="article-text">
        <p>Omega Bio, a Seoul antibody developer, has licensed its HER3-directed antibody-drug conjugate to Sigma Pharma of Basel, the companies said on Tuesday.</p>
        <p>Sigma will pay $80 million upfront and up to $1.1 billion in milestones, plus royalties, for rights outside Korea and China.</p>
        <p>The drug is in a phase 1 trial in breast cancer; Sigma plans to add a lung cancer study, it said.</p>
        </div>
        <div class="related-articles"><h3>Related</h3><ul>
        <li><a href="/a">Another licensing deal for a Korean ADC, this one with a Japanese partner, closes in March</a></li>
        <li><a href="/b">Why antibody-drug conjugates from Asia keep drawing Western buyers, explained at length</a></li>
        </ul></div>
        </article></div>
        <aside class="sidebar"><h3>Most read</h3><p>A long teaser for a different story that has nothing to do with the deal, on a sidebar, with commas, many of them, here.</p></aside></div>
        <div id="comments"><p>Great news for the Korean biotech sector, and for patients, if the trials go well, which they may not.</p></div>
        <footer><p>© Example News. All rights reserved.</p></footer>
        </body></html>
        """.utf8)

    @Test(
        "the story's paragraphs come out as lines; menus, banners, share bars, related links, comments and footers do not"
    )
    func mainText() {
        let page = PageReader.read(Self.page)
        let lines = page.text.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("Omega Bio, a Seoul antibody developer, has licensed") == true)
        #expect(
            lines.last
                == "The drug is in a phase 1 trial in breast cancer; Sigma plans to add a lung cancer study, it said.")
        for junk in ["cookies", "Home", "Facebook", "Related", "Most read", "Great news", "All rights", "not text"] {
            #expect(!page.text.contains(junk), "\(junk)")
        }
    }

    @Test("metadata: title, date, author, language and canonical URL from the head")
    func metadata() {
        let page = PageReader.read(Self.page, url: "https://news.example/omega-sigma?utm_source=rss")
        #expect(page.title == "Omega Bio and Sigma Pharma sign ADC pact")
        #expect(page.published == FeedDate.parse("2025-03-03T20:06:07Z"))
        #expect(page.authors == ["Jun Park"])
        #expect(page.language == "en-GB")
        #expect(page.url == "https://news.example/omega-sigma")
    }

    @Test("JSON-LD in a @graph gives the headline, date and authors; a page without prose takes its articleBody")
    func jsonLD() {
        let html = Array(
            """
            <html><head><script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
            {"@type": "WebSite", "name": "Example"},
            {"@type": ["NewsArticle"], "headline": "Tau Bio buys a plant", "datePublished": "2024-11-02",
             "author": [{"@type": "Person", "name": "A. Writer"}, {"@type": "Person", "name": "B. Editor"}],
             "articleBody": "Tau Bio bought a biologics plant in Incheon from Upsilon Pharma."}]}</script></head>
            <body><div id="root"></div></body></html>
            """.utf8)
        let page = PageReader.read(html)
        #expect(page.title == "Tau Bio buys a plant")
        #expect(page.published == FeedDate.parse("2024-11-02"))
        #expect(page.authors == ["A. Writer", "B. Editor"])
        #expect(page.text == "Tau Bio bought a biologics plant in Incheon from Upsilon Pharma.")
    }

    @Test("hostile pages: no markup, broken markup, deep nesting, binary noise; nothing traps")
    func hostile() {
        #expect(PageReader.read([]).text.isEmpty)
        #expect(
            PageReader.read(Array("just words, not a page, but words enough to count as prose".utf8)).text.isEmpty
                == false)
        let deep =
            String(repeating: "<div>", count: 5_000) + "<p>deep text here, deep text, with commas, and more text</p>"
        _ = PageReader.read(Array(deep.utf8))
        let broken =
            "<html><body><p>Unclosed <b>bold <i>italic text, long enough to be a paragraph</p><table><tr><td>cell</div></span></body>"
        #expect(PageReader.read(Array(broken.utf8)).text.contains("Unclosed"))
        var noise = [UInt8](repeating: 0, count: 10_000)
        for index in noise.indices { noise[index] = UInt8(truncatingIfNeeded: index &* 2_654_435_761 >> 7) }
        _ = PageReader.read(noise)
        // An unterminated script swallows the rest, as in a browser.
        #expect(
            !PageReader.read(Array("<p>before the script, some words</p><script>var x = '<p>hidden</p>".utf8)).text
                .contains("hidden"))
    }

    @Test("the reader scores above 0.95 F1 on the real news pages of ../shared/article-corpus")
    func corpus() throws {
        let corpus = TestPaths.shared + "/article-corpus"
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus + "/html").filter {
            $0.hasSuffix(".html.gz")
        }
        #expect(names.count >= 80)
        var lines: [UInt8] = []
        ArticleCommand.run(names.sorted().map { corpus + "/html/" + $0 }, jobs: 2) { lines += $0 }
        let output = try TestPaths.makeTemporaryDirectory() + "/pred.jsonl"
        var pred: [UInt8] = []
        for line in lines.split(separator: 0x0A) {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            let file = try #require(record["file"] as? String)
            let key = String(file.split(separator: "/").last?.dropLast(".html.gz".count) ?? "")
            let json = try JSONSerialization.data(withJSONObject: ["key": key, "articleBody": record["text"] ?? ""])
            pred += Array(json) + [0x0A]
        }
        try pred.writeFile(output)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", TestPaths.shared + "/tools/score_text.py", "--truth", corpus + "/ground-truth.json", "--pred",
            output, "--json",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = TestPaths.readAll(pipe.fileHandleForReading.fileDescriptor)
        process.waitUntilExit()
        let score = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let f1 = try #require(score["f1"] as? Double)
        #expect(f1 > 0.95, "F1 \(f1)")
    }
}

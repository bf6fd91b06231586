import Foundation
import Logging
import Testing

@testable import Landscape

@Suite("Snapshot reports")
struct ReportTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// What `Tests/Browser/report_in_browser.py` saw of a page in headless Chromium.
    struct Rendering: Decodable {
        struct SVG: Decodable {
            let label: String
            let width: Double
            let height: Double
            let marks: Int
            let drawn: Int
            let texts: Int
        }
        struct Screenshot: Decodable {
            let bytes: Int
            let width: Double
            let height: Double
        }
        let title: String
        let svgs: [SVG]
        let links: Int
        let scripts: Int
        let problems: [String]
        let screenshot: Screenshot
    }

    /// Opens `page` in Chromium and returns what rendered; the screenshot goes to `screenshot`.
    static func render(_ page: String, screenshot: String) throws -> Rendering {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", TestPaths.repositoryRoot + "/Tests/Browser/report_in_browser.py", page, screenshot,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = TestPaths.readAll(output.fileHandleForReading.fileDescriptor)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try JSONDecoder().decode(Rendering.self, from: data)
    }

    @Test("the samples' report opens in headless Chromium: every chart drawn, no console error, a screenshot")
    func rendersInChromium() throws {
        let output = try TestPaths.makeTemporaryDirectory()
        let summary = try Pipeline.run(
            RunOptions(pipelinePath: TestPaths.defaultPipeline, outputDirectory: output, jobs: 2, now: .now),
            logger: Self.logger)
        let screenshot = output + "/report.png"
        let rendering = try Self.render(summary.snapshotPath + "/report.html", screenshot: screenshot)
        #expect(rendering.problems.isEmpty, "\(rendering.problems)")
        #expect(rendering.scripts == 0)
        #expect(rendering.title.contains(summary.snapshotID))
        #expect(
            rendering.svgs.map(\.label) == [
                "Deals by quarter", "Cross-border share", "Deals by type", "Deals by modality", "Deals by month",
                "Most active organisations", "Country-pair matrix", "Deals per flag",
                "Cross-bloc deals, % of the quarter's deals",
            ])
        for svg in rendering.svgs {
            #expect(svg.width > 100 && svg.height > 40, "\(svg.label)")
            #expect(svg.drawn >= 2, "\(svg.label): \(svg.drawn) of \(svg.marks) marks drawn")
            #expect(svg.texts >= 2, "\(svg.label)")
        }
        // The newest deals link to their sources.
        #expect(rendering.links >= 20)
        let png = try TestPaths.bytes(screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(png.count == rendering.screenshot.bytes)
        #expect(png.count > 50_000)
        #expect(rendering.screenshot.height > 2_000)
    }

    @Test("the browser check sees console errors, exceptions and empty charts")
    func browserCheckCanFail() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        let page = folder + "/broken.html"
        try Array(
            """
            <!DOCTYPE html><html><head><title>broken</title><link rel="icon" href="data:,"></head><body>
            <svg aria-label="empty" width="300" height="100"><rect width="0" height="10"/></svg>
            <script>console.error("chart data missing"); undefinedFunction();</script></body></html>
            """.utf8
        ).writeFile(page)
        let rendering = try Self.render(page, screenshot: folder + "/broken.png")
        #expect(rendering.problems.contains { $0.contains("chart data missing") })
        #expect(rendering.problems.contains { $0.hasPrefix("exception") })
        #expect(rendering.svgs.first?.drawn == 0)
    }

    static func deal(
        _ id: String, _ a: (String, String?), _ b: (String, String?), type: DealType, day: String,
        title: String = "Deal news", url: String? = "https://news.example/1", value: Double? = nil
    ) -> Deal {
        let parties = [a, b].map { DealParty(entityID: "e:" + $0.0, name: $0.0, country: $0.1, kind: .company) }
        let source = DealSource(
            articleID: "a" + id, url: url, title: title, published: nil, evidence: "\(a.0) and \(b.0) agreed.")
        var deal = Deal(
            dealID: id, parties: parties, dealType: type, modalities: ["adc"], valueUSD: value, upfrontUSD: nil,
            status: .announced, announced: day, confidence: 0.8, sources: [source])
        deal.refreshGeography()
        return deal
    }

    @Test("feed text cannot inject markup, scripts or links into either report")
    func hostileText() {
        let deals = [
            Self.deal(
                "d1", ("Evil <script>alert(1)</script> | Corp", "KR"), ("Pfizer", "US"), type: .licensing,
                day: "2025-03-01", title: "<img src=x onerror=alert(1)> *bold* [link](http://bad.example)",
                url: "javascript:alert(1)"),
            Self.deal(
                "d2", ("Celltrion", "KR"), ("Pfizer", "US"), type: .mAndA, day: "2025-03-02",
                title: "Fine & dandy &amp; more", url: "https://ok.example/a\"onmouseover=\"x"),
        ]
        let data = ReportData(
            snapshotID: "S", created: Timestamp(secondsSinceEpoch: 0), deals: deals,
            aggregates: AggregateStage.run(deals), articles: [])
        let html = HTMLReport.render(data)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("onmouseover=\""))
        #expect(html.contains("&lt;script&gt;"))
        let markdown = MarkdownReport.render(data)
        // Every "<" from feed text is escaped; the report's own are "<br>" between sources.
        #expect(
            !markdown.replacingOccurrences(of: "\\<", with: "").replacingOccurrences(of: "<br>", with: "").contains("<")
        )
        #expect(!markdown.contains("](javascript"))
        #expect(markdown.contains("\\<script\\>"))
        #expect(markdown.contains("\\| Corp"))
        #expect(markdown.contains("\\*bold\\*"))
        #expect(markdown.contains("Fine & dandy \\&amp; more"))
        // Neither unsafe URL became a link; the table rows stay whole.
        #expect(!markdown.contains("](<"))
        #expect(markdown.split(separator: "\n").filter { $0.hasPrefix("| 2025-03-0") }.count == 2)
    }

    @Test(
        "HTML escaping: the five markup characters as entities, controls but tab and newline dropped, other text as it is"
    )
    func htmlEscaping() {
        #expect(ReportFormat.html("Fosun Pharma licenses an ADC") == "Fosun Pharma licenses an ADC")
        #expect(
            ReportFormat.html("R&D <b>\"Kyowa\" 'Kirin'</b>")
                == "R&amp;D &lt;b&gt;&quot;Kyowa&quot; &#39;Kirin&#39;&lt;/b&gt;")
        #expect(ReportFormat.html("a\u{0}b\u{7}c\td\ne\r") == "abc\td\ne")
        #expect(ReportFormat.html("第一三共 & アストラゼネカ – Café 🧬") == "第一三共 &amp; アストラゼネカ – Café 🧬")
        #expect(ReportFormat.html("") == "")
        // Each text against one escaped a character at a time.
        let texts = [
            "M&A", "<<>>", "'\"'", "x\u{1F}y", "é&é", "&amp;", "\u{7F}<\u{80}", "a\r\nb",
            String(repeating: "ü<", count: 50),
        ]
        for text in texts {
            let entities: [Unicode.Scalar: String] = [
                "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;",
            ]
            var expected = ""
            for character in text.unicodeScalars {
                if let entity = entities[character] {
                    expected += entity
                } else if character.value >= 0x20 || character == "\t" || character == "\n" {
                    expected.unicodeScalars.append(character)
                }
            }
            #expect(ReportFormat.html(text) == expected, "\(text)")
        }
    }

    @Test("Markdown escaping: text without markup, `&` or controls is given back; the rest escaped as before")
    func markdownEscaping() {
        #expect(ReportFormat.markdown("Daiichi Sankyo and Merck, 2025-Q3") == "Daiichi Sankyo and Merck, 2025-Q3")
        #expect(ReportFormat.markdown("百济神州 – Café 🧬") == "百济神州 – Café 🧬")
        #expect(ReportFormat.markdown("a*b_c|d") == "a\\*b\\_c\\|d")
        #expect(ReportFormat.markdown("M&A and &amp; and &#39;") == "M&A and \\&amp; and \\&\\#39;")
        #expect(ReportFormat.markdown("one\ntwo\tthree\u{1}") == "one two three")
    }

    @Test("the report's figures: totals, months with gaps filled, a symmetric country matrix")
    func figures() {
        let deals = [
            Self.deal("d1", ("Celltrion", "KR"), ("Pfizer", "US"), type: .licensing, day: "2025-01-10", value: 2e8),
            Self.deal("d2", ("Samsung Biologics", "KR"), ("Pfizer", "US"), type: .cdmoManufacturing, day: "2025-04-02"),
            Self.deal("d3", ("Celltrion", "KR"), ("Yuhan", "KR"), type: .licensing, day: "2025-04-20", value: 5e7),
        ]
        let data = ReportData(
            snapshotID: "S", created: Timestamp(secondsSinceEpoch: 0), deals: deals,
            aggregates: AggregateStage.run(deals), articles: [])
        #expect(data.deals == 3)
        #expect(data.organizations == 4)
        #expect(data.countries == 2)
        #expect(abs(data.crossBorderShare - 2.0 / 3.0) < 1e-9)
        #expect(data.disclosedValueUSD == 2.5e8)
        #expect(data.dealsWithValue == 2)
        #expect(data.months.map(\.label) == ["2025-01", "2025-02", "2025-03", "2025-04"])
        #expect(data.months.map(\.deals) == [1, 0, 0, 2])
        #expect(data.dealTypes.first?.label == "licensing")
        #expect(data.deals(between: "KR", and: "US") == 2)
        #expect(data.deals(between: "US", and: "KR") == 2)
        #expect(data.deals(between: "KR", and: "KR") == 1)
        #expect(data.newestDeals.map(\.dealID) == ["d3", "d2", "d1"])
        #expect(data.firstDay == "2025-01-10" && data.lastDay == "2025-04-20")
        #expect(data.quarters.map(\.quarter) == ["2025-Q1", "2025-Q2"])
        #expect(data.quarters.map(\.deals) == [1, 2])
        #expect(data.scopes[.apacWest] == 2 && data.scopes[.domestic] == 1)
        #expect(data.sinceParent == nil)
    }

    @Test("the deals are tallied in halves: the same figures on one core and two, and as counted one by one")
    func figuresOnTwoCores() {
        let countries = ["KR", "US", "SG", "CN", "JP", "DE", "IN", "AU"]
        let types: [DealType] = [.licensing, .mAndA, .cdmoManufacturing, .coDevelopment]
        let deals = (0..<301).map { index in
            var deal = Self.deal(
                "x\(index)", ("Org\(index % 17)", countries[index % 8]), ("Org\(index % 5 + 40)", countries[index % 3]),
                type: types[index % 4],
                day: "202\(4 + index % 2)-\(index % 9 + 1 < 10 ? "0" : "")\(index % 9 + 1)-0\(index % 9 + 1)",
                value: index % 3 == 0 ? nil : Double(index) * 1.1e6)
            deal.status = index % 11 == 0 ? .rumoured : index % 13 == 0 ? .terminated : .announced
            if deal.dealType == .licensing { (deal.parties[0].role, deal.parties[1].role) = (.licensor, .licensee) }
            return deal
        }
        let aggregates = AggregateStage.run(deals)
        func report(jobs: Int) -> ReportData {
            ReportData(
                snapshotID: "S", created: Timestamp(secondsSinceEpoch: 0), deals: deals, aggregates: aggregates,
                articleCount: 0, duplicateArticles: 0, jobs: jobs)
        }
        let (one, two) = (report(jobs: 1), report(jobs: 2))
        let counted = deals.filter(AggregateStage.isCounted)
        #expect(one.deals == counted.count && two.deals == counted.count)
        #expect(one.rumoured == 28 && two.rumoured == 28)
        #expect(one.terminated == deals.count { $0.status == .terminated } && two.terminated == one.terminated)
        #expect(one.organizations == Set(counted.flatMap { $0.parties.map(\.entityID) }).count)
        #expect(one.countries == Set(counted.flatMap(\.countries)).count)
        #expect(one.disclosedValueUSD == two.disclosedValueUSD)
        #expect(abs(one.disclosedValueUSD - counted.compactMap(\.valueUSD).reduce(0, +)) < 1)
        #expect(one.dealsWithValue == counted.count { $0.valueUSD != nil })
        #expect(one.crossBorderShare == two.crossBorderShare && one.apacShare == two.apacShare)
        #expect(one.flowsByQuarter == two.flowsByQuarter && !one.flowsByQuarter.isEmpty)
        #expect(one.quarters == two.quarters && one.scopes == two.scopes)
        #expect(one.quarters.reduce(0) { $0 + $1.deals } == counted.count)
        #expect(one.matrixCountries == two.matrixCountries)
        #expect(one.firstDay == counted.compactMap(\.announced).min())
        #expect(one.lastDay == counted.compactMap(\.announced).max() && two.lastDay == one.lastDay)
    }

    @Test("every deal listed with status, upfront and total; what is new since the parent; quarters and scopes")
    func analystSections() throws {
        var rumour = Self.deal("d4", ("Hengrui", "CN"), ("Merck", "US"), type: .licensing, day: "2025-09-01")
        rumour.status = .rumoured
        let deals =
            (0..<30).map { index in
                Self.deal(
                    "n\(index)", ("Celltrion", "KR"), ("Lion TCR", "SG"), type: .cdmoManufacturing,
                    day: "2024-0\(index % 9 + 1)-10", value: Double(index + 1) * 1e6)
            } + [
                Self.deal("d1", ("Celltrion", "KR"), ("Pfizer", "US"), type: .licensing, day: "2025-01-10", value: 2e8),
                Self.deal("d5", ("Druk Pharma", "BT"), ("Thimphu Labs", "BT"), type: .licensing, day: "2025-01-12"),
                Self.deal("d6", ("Aspen Care", "ZA"), ("Lotus", "CN"), type: .licensing, day: "2025-01-14"),
                rumour,
            ]
        let previous =
            Array(deals.prefix(29)) + [Self.deal("gone", ("A", "JP"), ("B", "US"), type: .licensing, day: "2024-01-01")]
        let data = ReportData(
            snapshotID: "S2", created: Timestamp(secondsSinceEpoch: 0), deals: deals,
            aggregates: AggregateStage.run(deals), articles: [], previousDeals: previous, parentID: "S1",
            ratesDate: "2025-06-30")
        #expect(data.dealCount == 34)
        #expect(data.newestDeals.count == 34, "every deal, fewer than the newest 100")
        #expect(data.newestDeals.first?.dealID == "d4")
        let since = try #require(data.sinceParent)
        #expect(since.parentID == "S1")
        #expect(Set(since.added.map(\.dealID)) == ["n29", "d1", "d5", "d6", "d4"])
        #expect(since.removed.map(\.dealID) == ["gone"])
        #expect(data.scopes[.apacAPAC] == 30 && data.scopes[.apacWest] == 1)
        #expect(data.scopes[.domestic] == 1 && data.scopes[.other] == 1)
        #expect(data.quarters.map(\.quarter).count == 5, "2024-Q1 to 2025-Q1, the empty 2024-Q4 included")
        #expect(data.quarters.first { $0.quarter == "2024-Q4" }?.deals == 0)
        // CN, US, ZA and BT have one counted deal each; the tie goes to those dealing across
        // borders, so Bhutan's domestic deal no longer wins it alphabetically.
        #expect(data.matrixCountries == ["KR", "SG", "CN", "US", "ZA", "BT"])

        let markdown = MarkdownReport.render(data)
        #expect(markdown.contains("## New since the last snapshot"))
        #expect(markdown.contains("Since `S1`: 5 added, 0 updated, 1 removed."))
        #expect(markdown.contains("| added | 2025-09-01 |"))
        #expect(markdown.contains("| rumoured |"))
        #expect(markdown.contains("rates of 2025-06-30"))
        let html = HTMLReport.render(data)
        #expect(html.contains("<h2>Every deal</h2>"))
        #expect(html.contains("<th class=\"number\">Upfront</th><th class=\"number\">Total</th>"))
        #expect(html.components(separatedBy: "<span class=\"status ").count - 1 == 34 + 5 + 1)
        #expect(html.contains("APAC–US/Europe"))
    }
    @Test(
        "a night that changes more deals than the reports list counts them all, lists the first (added ones first) and points to changes.jsonl"
    )
    func changesBeyondTheList() throws {
        let kept = (0..<20).map { index in
            Self.deal("k\(index)", ("Hanmi", "KR"), ("Astellas", "JP"), type: .licensing, day: "2025-03-\(10 + index)")
        }
        let gone = (0..<3).map { index in
            Self.deal("g\(index)", ("Lotus", "CN"), ("Merck", "US"), type: .licensing, day: "2024-05-0\(index + 1)")
        }
        var updated = kept[0]
        updated.valueUSD = 5e8
        let added = (0..<150).map { index in
            Self.deal(
                "a\(index)", ("Celltrion", "KR"), ("Lion TCR", "SG"), type: .coDevelopment,
                day: "2025-0\(index % 9 + 1)-02")
        }
        let deals = [updated] + kept.dropFirst() + added
        let data = ReportData(
            snapshotID: "S2", created: Timestamp(secondsSinceEpoch: 0), deals: deals,
            aggregates: AggregateStage.run(deals), articles: [], previousDeals: kept + gone, parentID: "S1")
        let since = try #require(data.sinceParent)
        #expect((since.addedCount, since.updatedCount, since.removedCount) == (150, 1, 3))
        #expect(
            since.added.count == ReportData.SinceParent.listedAtMost && since.updated.isEmpty && since.removed.isEmpty)
        #expect(Set(since.added.map(\.dealID)).isSubset(of: Set(added.map(\.dealID))))
        #expect(since.unlisted == 54)
        let markdown = MarkdownReport.render(data)
        #expect(markdown.contains("Since `S1`: 150 added, 1 updated, 3 removed."))
        #expect(markdown.components(separatedBy: "\n| added | ").count - 1 == 100)
        #expect(markdown.contains("The first 100 are listed; `changes.jsonl` lists all 154."))
        let html = HTMLReport.render(data)
        #expect(html.contains("150 added, 1 updated, 3 removed."))
        #expect(html.components(separatedBy: "<tr><td>added</td>").count - 1 == 100)
        #expect(html.contains("<code>changes.jsonl</code> lists all 154."))

        // A night of few changes lists every one, with no pointer.
        let few = ReportData(
            snapshotID: "S2", created: Timestamp(secondsSinceEpoch: 0), deals: [updated] + kept.dropFirst(),
            aggregates: [], articles: [], previousDeals: kept + gone, parentID: "S1")
        let fewSince = try #require(few.sinceParent)
        #expect(fewSince.updated.map(\.dealID) == ["k0"] && fewSince.removed.count == 3 && fewSince.unlisted == 0)
        #expect(!MarkdownReport.render(few).contains("changes.jsonl"))
    }

    @Test("every deal is on the page of its quarter; the reports list the newest and link every page")
    func dealPages() throws {
        let deals =
            (0..<130).map { index in
                Self.deal(
                    "q\(index)", ("Celltrion", "KR"), ("Lion <TCR>", "SG"), type: .licensing,
                    day: "2024-\(index % 2 == 0 ? "02" : "11")-\(10 + index % 9)")
            } + [Self.deal("u1", ("Hanmi", "KR"), ("Pfizer", "US"), type: .licensing, day: "")]
        let data = ReportData(
            snapshotID: "S1", created: Timestamp(secondsSinceEpoch: 0), deals: deals,
            aggregates: AggregateStage.run(deals), articles: [], previousDeals: [], ratesDate: "2025-06-30")
        #expect(data.dealPages.map(\.label) == ["2024-Q4", "2024-Q1", "undated"])
        #expect(data.dealPages.map(\.deals) == [65, 65, 1])
        let pages = DealPages.pages(deals.sorted(by: DealMerger.isListedBefore))
        #expect(pages.map(\.label) == data.dealPages.map(\.label))
        #expect(pages.map(\.deals.count) == data.dealPages.map(\.deals))
        #expect(pages.map(\.path) == ["report/deals-2024-Q4", "report/deals-2024-Q1", "report/deals-undated"])
        let newestFirst = try #require(pages.first).deals.compactMap(\.announced)
        #expect(newestFirst == newestFirst.sorted(by: >))

        let html = HTMLReport.render(data)
        #expect(html.contains("<a href=\"report/deals-2024-Q4.html\">2024-Q4</a> (65)"))
        #expect(html.contains("<a href=\"report/deals-undated.html\">undated</a> (1)"))
        #expect(html.components(separatedBy: "<span class=\"status ").count - 1 == DealPages.newestInReport)
        let markdown = MarkdownReport.render(data)
        #expect(markdown.contains("[2024-Q1](report/deals-2024-Q1.md) (65)"))

        // A page names no snapshot, escapes feed text, links back and anchors every row.
        let page = DealPages.html(pages[1], ratesDate: "2025-06-30")
        #expect(!page.contains("S1"))
        #expect(page.contains("Lion &lt;TCR&gt;") && !page.contains("<TCR>"))
        #expect(page.contains("<a href=\"../report.html\">"))
        #expect(page.components(separatedBy: "<tr id=").count - 1 == 65)
        #expect(DealPages.markdown(pages[2], ratesDate: nil).contains("[The landscape](../report.md)"))

        // A page of many deals is written a piece of rows at a time, never whole in memory.
        let quarter = try #require(pages.first)
        let many = DealPages.Page(
            label: quarter.label, deals: Array(repeating: quarter.deals, count: 70).flatMap { $0 }[...])
        var pieces: [[UInt8]] = []
        try DealPages.writeMarkdown(DealPages.Listing(many), ratesDate: nil) { pieces.append($0) }
        #expect(pieces.count == 2 + (many.deals.count - 1) / DealPages.rowsPerPiece)
        #expect(pieces.map(\.count).max() ?? 0 < 2 * DealPages.rowsPerPiece * 200)
        let lines = String(decoding: pieces.joined(), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 4 + many.deals.count && lines.last?.hasPrefix("| ") == true)
        pieces = []
        try DealPages.writeHTML(DealPages.Listing(many), ratesDate: nil) { pieces.append($0) }
        #expect(pieces.count == 3 + (many.deals.count - 1) / DealPages.rowsPerPiece)
        #expect(String(decoding: pieces.joined(), as: UTF8.self).components(separatedBy: "<tr id=").count - 1 == 4550)
    }
}

import Foundation
import Testing

@testable import Landscape

@Suite("Records read back without JSONDecoder")
struct JSONScannerTests {
    /// Text that needs every escape JSON has, and characters beyond the first plane.
    static let awkward = "Quote \" back\\slash / tab\t line\nfeed \u{01} é 한국 🧬 \u{2028} end"

    static let deals: [Deal] = {
        let when = Timestamp(secondsSinceEpoch: 1_750_000_000)
        var full = Deal(
            dealID: "d1",
            parties: [
                DealParty(
                    entityID: "org:a", name: awkward, country: "KR", kind: .company, role: .licensor,
                    parent: "Parent Co"),
                DealParty(entityID: "unknown:b", name: nil, country: nil, kind: .university),
            ],
            dealType: .licensing, modalities: ["adc", "antibody"], valueUSD: 1.25e9, upfrontUSD: 8e7,
            valueOriginal: MoneySum(amount: 1_500_000_000_000, currency: "KRW"), status: .completed,
            announced: "2025-06-15", confidence: 0.87,
            sources: [
                DealSource(
                    articleID: "a1", url: "https://news.example/1?x=1&y=\"2\"", title: awkward, published: when,
                    evidence: awkward),
                DealSource(articleID: "a2", url: nil, title: nil, published: nil, evidence: ""),
            ])
        full.flags = ["watchlist:example"]
        let bare = Deal(
            dealID: "d2", parties: [], dealType: .other, modalities: [], valueUSD: nil, upfrontUSD: nil,
            status: .rumoured, announced: nil, confidence: 0, sources: [])
        return [full, bare]
    }()

    static let articles: [Article] = [
        Article(
            articleID: "a1", url: "https://news.example/1", canonicalURL: "https://news.example/1", sourceID: "feed",
            title: awkward, published: Timestamp(secondsSinceEpoch: 1_700_000_000), summary: awkward,
            content: String(repeating: awkward, count: 50), language: "en", authors: ["Kim", awkward],
            categories: ["Deals"], firstSeen: Timestamp(secondsSinceEpoch: 1_700_000_100),
            lastSeen: Timestamp(secondsSinceEpoch: 1_700_900_000), duplicateOf: "a0", clusterID: "c1"),
        Article(
            articleID: "a2", url: nil, canonicalURL: nil, sourceID: "feed", title: nil, published: nil, summary: nil,
            content: nil, language: nil, authors: [], categories: [], firstSeen: Timestamp(secondsSinceEpoch: 0)),
    ]

    private func scanned<Record: ScannableRecord>(_ type: Record.Type, _ line: String) -> Record? {
        var bytes = Array(line.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            var scanner = JSONScanner(UnsafeBufferPointer(buffer))
            guard let record = try? Record(scanning: &scanner), scanner.isAtEnd() else { return nil }
            return record
        }
    }

    @Test(
        "an integer is read from its digits and sign; a fraction, an exponent, a bare sign or one past Int's range is not an integer"
    )
    func integers() {
        func read(_ text: String) -> Int? {
            Array(text.utf8).withUnsafeBufferPointer { bytes in
                var scanner = JSONScanner(bytes)
                return try? scanner.int()
            }
        }
        #expect(read("0") == 0 && read(" 42,") == 42 && read("-17}") == -17)
        #expect(read("9223372036854775807") == Int.max && read("-9223372036854775808") == Int.min)
        for text in ["2.0", "1e3", "-", "", "x", "9223372036854775808", "-9223372036854775809"] {
            #expect(read(text) == nil, "\(text)")
        }
    }

    @Test("deals and articles as publish writes them read back equal to JSONDecoder's, escapes and nulls included")
    func sameAsJSONDecoder() throws {
        for (deal, line) in zip(
            Self.deals, String(decoding: Self.deals.jsonLines(), as: UTF8.self).split(separator: "\n"))
        {
            let decoded = try JSONDecoder().decode(Deal.self, from: Data(line.utf8))
            #expect(decoded == deal)
            #expect(scanned(Deal.self, String(line)) == decoded)
        }
        let lines = String(decoding: Self.articles.jsonLines(), as: UTF8.self).split(separator: "\n")
        for (article, line) in zip(Self.articles, lines) {
            let decoded = try JSONDecoder().decode(Article.self, from: Data(line.utf8))
            #expect(decoded == article)
            #expect(scanned(Article.self, String(line)) == decoded)
        }
        // Through the reader, on all cores, with a line of its own per record.
        let file = Array(Self.deals.jsonLines()) + Array(Self.deals.jsonLines())
        #expect(try JSONLinesReader.decode(Deal.self, file, path: "deals.jsonl") == Self.deals + Self.deals)
    }

    @Test(
        "a string reads as JSONDecoder reads it, or not at all where JSONDecoder cannot: escapes, controls, unclosed, long",
        arguments: [
            #""plain ascii""#, #""""#, "\"é 한국 🧬\"", #""say \"hi\" now""#, #""tab\there""#, #""ends \\""#,
            #""\u00e9 and \ud83e\udde8""#, "\"raw \u{01} control\"", "\"raw \u{1F}\"", #""unclosed"#, #""unclosed \"#,
            "\"" + String(repeating: "long text 한 ", count: 400) + "\"", "\"" + String(repeating: "x", count: 5000),
        ])
    func strings(json: String) throws {
        var bytes = Array(json.utf8)
        let scanned: String? = bytes.withUnsafeMutableBufferPointer { buffer in
            var scanner = JSONScanner(UnsafeBufferPointer(buffer))
            guard let text = try? scanner.string(), scanner.isAtEnd() else { return nil }
            return text
        }
        let decoded = try? JSONDecoder().decode(String.self, from: Data(json.utf8))
        #expect(scanned == decoded)
        // Each of these is either read or refused by both.
        #expect((decoded == nil) == (json.hasPrefix("\"raw") || json.hasPrefix("\"unclosed") || json.hasSuffix("x")))
    }

    @Test("unknown keys are skipped and an older record's missing fields take their defaults, as JSONDecoder does")
    func unknownAndMissingKeys() throws {
        let line =
            #"{"deal_id":"d9","future":{"a":[1,2.5e3,true,null,"\u00e9"]},"parties":[],"deal_type":"m_and_a","#
            + #""modalities":[],"status":"announced","countries":["JP"],"cross_border":false,"apac":true,"#
            + #""confidence":0.5,"sources":[]}"#
        let decoded = try JSONDecoder().decode(Deal.self, from: Data(line.utf8))
        #expect(decoded.flags.isEmpty)
        #expect(scanned(Deal.self, line) == decoded)
        // A string passed over is checked as one read: other scripts and escapes pass; a raw
        // control character the scanner leaves to JSONDecoder, which reads the same deal.
        let korean = line.replacingOccurrences(of: #""future":{"#, with: #""future":{"b":"한미약품","c":"\"HM\"","#)
        #expect(scanned(Deal.self, korean) == decoded)
        let control = line.replacingOccurrences(of: #""future":{"#, with: "\"future\":{\"b\":\"tab\u{01}here\",")
        #expect(scanned(Deal.self, control) == nil)
        #expect(
            try JSONLinesReader.decode(Deal.self, Array(control.utf8), path: "deals.jsonl")
                == [try JSONDecoder().decode(Deal.self, from: Data(control.utf8))])
        // An outline reads its three fields past everything else.
        for deal in Self.deals {
            let outline = try #require(
                scanned(DealOutline.self, String(decoding: [deal].jsonLines().dropLast(), as: UTF8.self)))
            #expect(outline.partySetHash == DealOutline.partySetHash(deal.partyKey))
            #expect(outline.isStandard == (deal.id.number != nil))
        }
    }

    @Test(
        "what the scanner does not read goes to JSONDecoder, which reads it or names the line",
        arguments: [
            // An escaped key is valid JSON the scanner leaves to JSONDecoder.
            (
                #"{"deal_\u0069d":"d9","parties":[],"deal_type":"other","modalities":[],"status":"announced","countries":[],"cross_border":false,"apac":false,"confidence":0.5,"sources":[]}"#,
                true
            ),
            // A missing required field, an unknown enum value, trailing text, a cut record.
            (#"{"deal_id":"d9","parties":[]}"#, false),
            (
                #"{"deal_id":"d9","parties":[],"deal_type":"merger_of_equals","modalities":[],"status":"announced","countries":[],"cross_border":false,"apac":false,"confidence":0.5,"sources":[]}"#,
                false
            ),
            (
                #"{"deal_id":"d9","parties":[],"deal_type":"other","modalities":[],"status":"announced","countries":[],"cross_border":false,"apac":false,"confidence":0.5,"sources":[]} x"#,
                false
            ),
            (#"{"deal_id":"d9","parties":[{"entity_id":"#, false),
        ])
    func fallback(line: String, decodes: Bool) throws {
        #expect(scanned(Deal.self, line) == nil)
        let file = Array(Self.deals.jsonLines()) + Array((line + "\n").utf8)
        if decodes {
            let records = try JSONLinesReader.decode(Deal.self, file, path: "deals.jsonl")
            #expect(records.count == 3 && records.last?.dealID == "d9")
        } else {
            #expect(throws: ConfigError.self) { try JSONLinesReader.decode(Deal.self, file, path: "deals.jsonl") }
            do {
                _ = try JSONLinesReader.decode(Deal.self, file, path: "deals.jsonl")
            } catch {
                #expect("\(error)".contains("deals.jsonl:3:"), "\(error)")
            }
        }
    }

    @Test("organisations repeated across a file's deals are read into one string each, equal to what was written")
    func sharedStrings() throws {
        let names = ["Samsung Biologics Co", "한국 바이오 주식회사 연구소", "Short Co", "Astellas Pharma Inc."]
        let deals = (0..<3_000).map { index in
            var deal = Self.deals[0]
            deal.dealID = "d\(index)"
            deal.parties = [
                DealParty(
                    entityID: "org:" + names[index % 4].lowercased(), name: names[index % 4], country: "KR",
                    kind: .company, parent: names[(index + 1) % 4])
            ]
            return deal
        }
        let bytes = deals.jsonLines()
        let read = try JSONLinesReader.read(
            Deal.self, from: try JSONLinesReaderTests.file(bytes), blockBytes: 50_000, jobs: 2)
        #expect(read == deals)
        // Where each long name's bytes are: one place for each table of strings (a thread's at
        // most), across blocks, not one for every deal. Short names are held inline anyway.
        func storage(_ text: String?) -> UnsafePointer<UInt8>? {
            text?.utf8.withContiguousStorageIfAvailable { $0.baseAddress } ?? nil
        }
        for name in names where name.utf8.count > 15 {
            let places = Set(read.flatMap(\.parties).filter { $0.name == name }.compactMap { storage($0.name) })
            #expect((1...2).contains(places.count), "\(name): \(places.count)")
        }
        // A string's own bytes are never given to another's.
        #expect(read.allSatisfy { $0.parties[0].parent != $0.parties[0].name })
    }

    @Test(
        "a party repeated across a file's deals is read into one shared box, and a role changed on one deal changes no other"
    )
    func sharedParties() throws {
        let roles: [PartyRole?] = [.licensor, .licensee, nil]
        let deals = (0..<3_000).map { index in
            var deal = Self.deals[0]
            deal.dealID = "d\(index)"
            deal.parties = [
                DealParty(
                    entityID: "org:samsung-biologics", name: "Samsung Biologics", country: "KR", kind: .company,
                    role: roles[index % 3]),
                DealParty(entityID: "org:d\(index)", name: "Company \(index)", country: "JP", kind: .company),
            ]
            return deal
        }
        var read = try JSONLinesReader.read(
            Deal.self, from: try JSONLinesReaderTests.file(deals.jsonLines()), blockBytes: 50_000, jobs: 2)
        #expect(read == deals)
        // One box for each role the company plays, in each thread's table (two at most).
        let first = read.map { $0.parties[0] }
        var boxes: [DealParty] = []
        for party in first where !boxes.contains(where: { $0.sharesFields(with: party) }) { boxes.append(party) }
        #expect((3...6).contains(boxes.count), "\(boxes.count) boxes")
        #expect(!read[0].parties[1].sharesFields(with: read[1].parties[1]))
        // Value semantics: the box is shared, a change is not.
        let before = read
        read[0].parties[0].role = .partner
        read[0].parties[0].parent = "Samsung Group"
        #expect(read[0].parties[0].role == .partner && read[0].parties[0].parent == "Samsung Group")
        #expect(
            read[0].parties[0].entityID == "org:samsung-biologics" && read[0].parties[0].name == "Samsung Biologics")
        #expect(Array(read.dropFirst()) == Array(before.dropFirst()))
        #expect(before[0].parties[0].role == .licensor && before[0].parties[0].parent == nil)
        #expect(read[0] != before[0])
        #expect(Set(first).count == 3)
    }

    @Test(
        "lists repeated across a file's deals (countries, modalities, flags) are read into one array each, equal to what was written"
    )
    func sharedLists() throws {
        let deals = (0..<3_000).map { index in
            var deal = Self.deals[0]
            deal.dealID = "d\(index)"
            deal.modalities = index % 3 == 0 ? ["adc"] : ["adc", "bispecific"]
            // Parties alike but for the role: other bytes, so another list.
            deal.parties = [
                DealParty(entityID: "hanmi", name: "Hanmi", country: "KR", kind: .company, role: .licensor),
                DealParty(
                    entityID: "astellas", name: "Astellas", country: "JP", kind: .company,
                    role: index % 2 == 0 ? .licensee : nil),
            ]
            deal.refreshGeography()
            deal.flags = ["us-china"]
            return deal
        }
        let read = try JSONLinesReader.read(
            Deal.self, from: try JSONLinesReaderTests.file(deals.jsonLines()), blockBytes: 50_000, jobs: 2)
        #expect(read == deals)
        #expect(read.map(\.parties[1].role) == deals.map(\.parties[1].role))
        // Where each list's elements are: one place for each different list and table of
        // values (a thread's at most), not one for every deal.
        func places<Element>(_ lists: [[Element]]) -> Int {
            Set(lists.map { $0.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) } }).count
        }
        #expect((2...4).contains(places(read.map(\.modalities))), "\(places(read.map(\.modalities)))")
        #expect((1...2).contains(places(read.map(\.countries))))
        #expect((1...2).contains(places(read.map(\.flags))))
        // A list changed in one deal is that deal's own: the others keep theirs.
        var changed = read
        changed[0].modalities.append("cell_therapy")
        #expect(changed[3].modalities == ["adc"] && changed[0].modalities == ["adc", "cell_therapy"])
    }

    @Test("records encoded in chunks on several threads give the bytes of one thread's encoding")
    func chunkedEncoding() throws {
        let groups = (0..<10_000).map { index in
            ArticleGroup(
                articleID: "a\(index)", duplicateOf: index % 7 == 0 ? "a\(index - 1)" : nil,
                clusterID: index % 7 == 0 ? "a\(index - 1)" : "a\(index)")
        }
        let single = groups.jsonLines()
        #expect(single.count { $0 == 0x0A } == 10_000)
        let folder = try TestPaths.makeTemporaryDirectory("cache-file")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Encoded as they are written, a piece at a time, the file and its digest are the same.
        for jobs in [1, 2, 3] {
            let file = CacheFile("groups.jsonl", lines: groups, jobs: jobs)
            let path = folder + "/made-\(jobs).jsonl"
            #expect(try file.write(to: path) == SHA256.hex(single), "\(jobs) jobs")
            #expect(try TestPaths.bytes(path) == single && file.rows == 10_000, "\(jobs) jobs")
        }
        let few = CacheFile("groups.jsonl", lines: Array(groups.prefix(10)), jobs: 2)
        #expect(try few.write(to: folder + "/few.jsonl") == SHA256.hex(groups.prefix(10).jsonLines()))
        #expect(few.rows == 10)
        // Held pieces are written one after another; a file already there is not overwritten.
        let held = CacheFile("held.jsonl", pieces: [single[..<100], single[100...]], rows: 10_000)
        #expect(try held.write(to: folder + "/held.jsonl") == SHA256.hex(single))
        #expect(try TestPaths.bytes(folder + "/held.jsonl") == single)
        let error = #expect(throws: FileSystemError.self) { try few.write(to: folder + "/held.jsonl") }
        #expect(error?.description.contains(folder + "/held.jsonl") == true)
        #expect(try TestPaths.bytes(folder + "/held.jsonl") == single)
    }
}

import Foundation
import Testing

@testable import Landscape

/// A merge of every report made a part of the party sets at a time, each part written in
/// listed order and the parts woven into one file, gives the lines of one merge of them all.
@Suite("Dedupe: deals merged in parts and woven")
struct DealRunsTests {
    /// Reports of 800 articles among few companies, so that party sets meet often and some
    /// articles report two deals between the same parties.
    static func reports() -> [Deal] {
        var random = IncrementalMergeTests.SplitMix(state: 7)
        return IncrementalMergeTests.reports(of: 0..<800, version: 0, random: &random)
    }

    /// Merges `reports` in `parts` parts, each written to a file in `folder`, and weaves them.
    static func woven(_ reports: [Deal], parts: Int, folder: String) throws -> (bytes: [UInt8], places: LinePlaces) {
        var runs = DealRuns()
        for part in 0..<parts {
            let mine = reports.filter { DealRuns.part(of: $0.partyKey, parts: parts) == part }
            let merged = DealMerger.merge(mine, windowDays: 90, previous: [], jobs: 2).deals
            let order = DealRuns.order(merged)
            #expect(order != nil)
            let path = FilePaths.join(folder, "part-\(part).jsonl")
            try merged.jsonLines().writeFile(path)
            if let order { runs.add(order, writtenTo: path) }
        }
        var bytes: [UInt8] = []
        let places = try runs.weave { bytes += $0 }
        runs.discard()
        return (bytes, places)
    }

    @Test("woven from one, three or seven parts, the deals are one merge's lines in its order, each line placed")
    func wovenIsOneMerge() throws {
        let folder = try TestPaths.makeTemporaryDirectory("deal-runs")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let reports = Self.reports()
        let whole = DealMerger.merge(reports, windowDays: 90, previous: [], jobs: 1).deals
        let lines = whole.jsonLines()
        #expect(whole.count > 100)
        for parts in [1, 3, 7] {
            let (bytes, places) = try Self.woven(reports, parts: parts, folder: folder)
            #expect(bytes == lines, "\(parts) parts")
            #expect(places.count == whole.count)
            for (place, deal) in zip(places, whole) {
                #expect(Array(bytes[place]) == [deal].jsonLines().dropLast())
            }
            // The parts' files are gone once woven.
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        }
    }

    @Test("every party set goes to one part, the same in every run, and the parts share the reports out")
    func partsOfPartySets() {
        let keys = Set(Self.reports().map(\.partyKey))
        let parts = keys.map { DealRuns.part(of: $0, parts: 4) }
        #expect(parts == keys.map { DealRuns.part(of: $0, parts: 4) })
        #expect(Set(parts) == [0, 1, 2, 3])
        #expect(DealRuns.part(of: "celltrion|pfizer", parts: 1) == 0)
    }

    @Test("a deal whose date is not a day is refused, nothing added; a part's file that ends early is named")
    func refusedAndDamaged() throws {
        let folder = try TestPaths.makeTemporaryDirectory("deal-runs-bad")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var merged = DealMerger.merge(Self.reports(), windowDays: 90, previous: [], jobs: 1).deals
        var runs = DealRuns()
        var odd = merged[0]
        odd.announced = "spring 2026"
        #expect(DealRuns.order([odd] + merged.dropFirst()) == nil)
        #expect(runs.count == 0)
        // A file that holds fewer lines than its deals.
        let path = FilePaths.join(folder, "short.jsonl")
        try merged.prefix(10).jsonLines().writeFile(path)
        merged = Array(merged.prefix(20))
        let order = try #require(DealRuns.order(merged))
        runs.add(order, writtenTo: path)
        #expect(throws: FileSystemError.self) { try runs.weave { _ in } }
        do {
            _ = try runs.weave { _ in }
        } catch {
            #expect(error.path == path)
            #expect(error.message.contains("ends before its 20 deals"))
        }
    }

    @Test(
        "published from the woven file, unflagged deals are its lines copied and flagged ones encoded in their places")
    func publishedFromTheFile() throws {
        let folder = try TestPaths.makeTemporaryDirectory("deal-runs-publish")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (bytes, places) = try Self.woven(Self.reports(), parts: 3, folder: folder)
        let path = FilePaths.join(folder, "deals.jsonl")
        try bytes.writeFile(path)
        let stamp = try #require(FileStamps.stamp(of: path))
        let lines = DealLines(
            RecordLines(path: path, sha256: SHA256.hex(bytes), stamp: stamp, places: places), flaggedUnder: nil)
        var deals = try lines.deals(0..<lines.count, in: try lines.opened(), jobs: 1)
        // The first, two in the middle and the last are flagged.
        let positions = [0, 5, 6, deals.count - 1]
        for position in positions { deals[position].flags = ["watch_list:entity_list"] }
        var written: [UInt8] = []
        let copied = try DealsFile.write(lines, encoding: positions.map { ($0, deals[$0]) }) { written += $0 }
        #expect(written == deals.jsonLines())
        #expect(copied == deals.count - positions.count)
        // None flagged: the file as it is.
        written = []
        try DealsFile.write(lines, encoding: []) { written += $0 }
        #expect(written == bytes)
    }
}

extension DealRunsTests {
    @Test("every report of the stored months is filed once, in its party set's part, in the months' order")
    func reportsFiledByPart() throws {
        let cache = try IncrementalMergeTests.emptyExtractCache()
        var random = IncrementalMergeTests.SplitMix(state: 11)
        var all: [Deal] = []
        for (key, articles) in [("m1", 0..<150), ("m2", 150..<320), ("m3", 320..<330)] {
            let reports = IncrementalMergeTests.reports(of: articles, version: 0, random: &random)
            let list = articles.map { "a\($0) x\n" }.joined()
            try cache.storeMonth(
                key: key, articleList: Array(list.utf8), output: ExtractOutput(extracted: reports), stamps: FileStamps()
            )
            all += reports
        }
        let folder = try TestPaths.makeTemporaryDirectory("reports-filed")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let paths = (0..<3).map { FilePaths.join(folder, "part-\($0).jsonl") }
        let count = try cache.fileReports(months: ["m1", "m2", "m3"], into: paths, stamps: FileStamps(), jobs: 2)
        #expect(count == all.count)
        for (part, path) in paths.enumerated() {
            let filed = try JSONLinesReader.read(Deal.self, from: path, jobs: 1)
            #expect(filed == all.filter { DealRuns.part(of: $0.partyKey, parts: 3) == part }, "part \(part)")
            #expect(!filed.isEmpty)
        }
        // A month without its list of party sets cannot be filed by it.
        try FileManager.default.removeItem(
            atPath: cache.cache.entryPath(shelf: ExtractCache.shelf, key: "m2") + "/report-party-sets.txt")
        #expect(try cache.fileReports(months: ["m1", "m2"], into: paths, stamps: FileStamps(), jobs: 1) == nil)
    }
}

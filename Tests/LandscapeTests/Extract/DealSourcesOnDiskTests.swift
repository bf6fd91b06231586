import Foundation
import Testing

@testable import Landscape

/// Deals read back with their sources left in the file are the deals read whole, read their
/// sources only when asked, and never pass a changed deal off as its line.
@Suite("Extract: a deal's sources left on its line")
struct DealSourcesOnDiskTests {
    /// Merged deals of random reports, some flagged, written as a deals file; the deals read
    /// whole, and read again with their sources left in the file under the policy `p1`.
    static func written(seed: UInt64 = 5, policy: String? = "p1") throws -> (
        path: String, whole: [Deal], left: [Deal], file: DealSourcesFile
    ) {
        var random = IncrementalMergeTests.SplitMix(state: seed)
        var deals = DealMerger.merge(
            IncrementalMergeTests.reports(of: 0..<80, version: 0, random: &random), windowDays: 30, previous: [],
            jobs: 2
        )
        .deals
        for index in deals.indices where index % 3 == 0 { deals[index].flags = ["recorded"] }
        let path = FilePaths.join(try TestPaths.makeTemporaryDirectory(), "deals.jsonl")
        try Data(deals.jsonLines()).write(to: URL(fileURLWithPath: path))
        let whole = try JSONLinesReader.read(Deal.self, from: path, jobs: 2)
        var (records, places) = try JSONLinesReader.readPlaced(DealLeavingSources.self, from: path, jobs: 2)
        let lines = try IncrementalMergeTests.lines(of: path)
        #expect(places == lines.places)
        let file = try #require(DealSourcesFile(lines, flaggedUnder: policy))
        for index in records.indices {
            #expect(records[index].leftSources && records[index].deal.sources.isEmpty)
            records[index].deal.leaveSources(on: try #require(DealSourcesOnDisk(file: file, line: index)))
        }
        return (path, whole, records.map(\.deal), file)
    }

    @Test("deals with their sources on disk equal the deals read whole, their lines read only when asked for")
    func equalToWhole() throws {
        let (_, whole, left, file) = try Self.written()
        #expect(whole.count > 40)
        // Everything but the sources is in memory: nothing is read for it.
        for (a, b) in zip(left, whole) {
            #expect(a.dealID == b.dealID && a.parties == b.parties && a.flags == b.flags && a.announced == b.announced)
            #expect(a.flagsRecordedUnder == "p1" && b.flagsRecordedUnder == nil)
        }
        #expect(file.linesRead == 0)
        #expect(left[3].sources == whole[3].sources && file.linesRead == 1)
        #expect(left[3].sources.first?.evidence == whole[3].sources.first?.evidence && file.linesRead == 1)
        #expect(left == whole)
        #expect(left.jsonLines() == whole.jsonLines())
        #expect(file.linesRead == whole.count)
        try file.check()
    }

    @Test(
        "a deal changed takes its sources into memory and no longer passes for its line; setting what it has changes nothing"
    )
    func changedDeal() throws {
        let (_, whole, left, file) = try Self.written()
        var same = left[0]
        same.flags = left[0].flags
        #expect(same.isIdentical(to: left[0]) && same.flagsRecordedUnder == "p1")
        var changed = left[1]
        changed.confidence = 0.01
        #expect(changed.flagsRecordedUnder == nil && left[1].flagsRecordedUnder == "p1")
        #expect(changed.sources == whole[1].sources && changed.sources.count == whole[1].sources.count)
        changed.valueOriginal = MoneySum(amount: 12.5, currency: "EUR")
        #expect(changed.valueOriginal == MoneySum(amount: 12.5, currency: "EUR"))
        #expect(left[1].valueOriginal == whole[1].valueOriginal && changed != whole[1])
        changed.valueOriginal = whole[1].valueOriginal
        changed.confidence = whole[1].confidence
        #expect(changed == whole[1] && changed.hashValue == whole[1].hashValue)
        var reflagged = left[2]
        reflagged.flags = ["other"]
        #expect(reflagged.flagsRecordedUnder == nil && reflagged.sources == whole[2].sources)
        var resourced = left[4]
        resourced.sources.append(
            DealSource(articleID: "extra", url: nil, title: nil, published: nil, evidence: "One more report."))
        #expect(resourced.sources == whole[4].sources + [resourced.sources.last!])
        #expect(left[4].sources == whole[4].sources)
        #expect(file.linesRead == 3)
    }

    @Test(
        "a policy keeps the flags of deals read unchanged from a file flagged under it, reading no evidence; another policy sets them again"
    )
    func flagsUnderPolicy() throws {
        let (_, whole, left, file) = try Self.written()
        var rule = FlagRule(name: "signed")
        rule.evidenceWords = ["signed"]
        let same = PolicyLens(blocs: .none, watchLists: [], rules: [rule], digest: "p1")
        #expect(same.flagged(left).map(\.flags) == whole.map(\.flags))
        #expect(file.linesRead == 0)
        let other = PolicyLens(blocs: .none, watchLists: [], rules: [rule], digest: "p2")
        let reflagged = other.flagged(left)
        #expect(reflagged.allSatisfy { $0.flags == ["signed"] && $0.flagsRecordedUnder == nil })
        #expect(file.linesRead == left.count)
    }

    @Test("deals of a file not flagged yet are flagged, and changed, with their sources left on their lines")
    func notFlaggedYet() throws {
        let (path, whole, left, file) = try Self.written(policy: nil)
        #expect(left.allSatisfy { $0.flagsRecordedUnder == nil })
        var rule = FlagRule(name: "signed")
        rule.evidenceWords = ["signed"]
        let policy = PolicyLens(blocs: .none, watchLists: [], rules: [rule], digest: "p1")
        // Flagging reads each deal's evidence once; the flagged deals hold none of it.
        let flagged = policy.flagged(left)
        #expect(file.linesRead == left.count)
        #expect(flagged.allSatisfy { $0.flags == ["signed"] && $0.flagsRecordedUnder == nil })
        var expected = whole
        for index in expected.indices { expected[index].flags = ["signed"] }
        #expect(flagged == expected && flagged.jsonLines() == expected.jsonLines())
        // Changed again, a deal still reads its sources from its line, and the deal it was
        // copied from is as it was.
        var changed = flagged[2]
        changed.confidence = 0.01
        #expect(changed.sources == whole[2].sources && flagged[2].confidence == whole[2].confidence)
        // Its sources changed, it holds them.
        changed.sources.removeAll()
        #expect(changed.sources.isEmpty && flagged[2].sources == whole[2].sources)
        try file.check()
        // The flagged deals hold no sources: a line damaged now leaves its deal without them.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data(repeating: UInt8(ascii: "x"), count: 64))
        try handle.close()
        #expect(flagged[0].sources.isEmpty && !whole[0].sources.isEmpty)
        #expect(throws: DamagedDataError.self) { try file.check() }
    }

    @Test("the deals a night merged again, written for dedupe's entry, leave their sources there")
    func stagedMerged() throws {
        let (_, whole, _, _) = try Self.written()
        let output = try TestPaths.makeTemporaryDirectory()
        let cache = DedupeCache(cache: StageCache(outputDirectory: output, pipeline: "staged-merged-test"))
        try cache.cache.prepare()
        let (file, deals, sourcesFile) = try cache.stagedMerged(whole, jobs: 2)
        let staged = try #require(file.staged)
        let onDisk = try #require(sourcesFile)
        #expect(try JSONLinesReader.read(Deal.self, from: staged.path, jobs: 1) == whole)
        #expect(deals.count == whole.count && onDisk.linesRead == 0)
        #expect(deals.allSatisfy { $0.flagsRecordedUnder == nil })
        #expect(deals == whole && deals.jsonLines() == whole.jsonLines())
        #expect(onDisk.linesRead == whole.count)
        try onDisk.check()
        // Written again over the staged file, the lines no longer read as their deals.
        try Data(whole.reversed().jsonLines()).write(to: URL(fileURLWithPath: staged.path))
        #expect(deals[0].sources.isEmpty)
        #expect(throws: DamagedDataError.self) { try onDisk.check() }
        file.discardStaged()
        #expect(!FileManager.default.fileExists(atPath: staged.path))
    }

    @Test("a line that no longer reads as its deal leaves it without sources and is named; a file replaced is not read")
    func damagedLine() throws {
        let (path, whole, left, file) = try Self.written()
        let lines = try IncrementalMergeTests.lines(of: path)
        // Overwritten in place: the file held open is the one read, but its bytes changed.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data(repeating: UInt8(ascii: "x"), count: 64))
        try handle.close()
        #expect(left[0].sources.isEmpty && !whole[0].sources.isEmpty)
        #expect(left[1].sources == whole[1].sources)
        do {
            try file.check()
            Issue.record("a line that no longer reads as its deal was not named")
        } catch {
            #expect(error.path == path && error.problem.contains(whole[0].dealID), "\(error)")
        }
        // Replaced since its lines were read: not opened at all.
        try Data(whole.reversed().jsonLines()).write(to: URL(fileURLWithPath: path + ".new"))
        #expect(rename(path + ".new", path) == 0)
        #expect(DealSourcesFile(lines, flaggedUnder: "p1") == nil)
    }
}

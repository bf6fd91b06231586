import Foundation
import Testing

@testable import Landscape

@Suite("Publish: deals.jsonl copied from the parent's lines where the deals did not change")
struct DealsFileTests {
    private static func deals(_ range: Range<Int>, version: Int) -> [Deal] {
        var random = IncrementalMergeTests.SplitMix(state: 5)
        let reports = IncrementalMergeTests.reports(of: range, version: version, random: &random)
        return DealMerger.merge(reports, windowDays: 30, previous: [], jobs: 2).deals
    }

    /// The parent's deals written to a file (with `gap` between lines) and read back with
    /// their lines.
    private static func parent(_ deals: [Deal], gap: String = "") throws -> ([Deal], RecordLines) {
        let bytes = Array(deals.map { String(decoding: [$0].jsonLines(), as: UTF8.self) }.joined(separator: gap).utf8)
        let path = try JSONLinesReaderTests.file(bytes)
        let stamp = try #require(FileStamps.stamp(of: path))
        let (read, places) = try JSONLinesReader.readPlaced(Deal.self, from: path, sha256: SHA256.hex(bytes))
        let lines = RecordLines(path: path, sha256: SHA256.hex(bytes), stamp: stamp, places: try #require(places))
        return (read, lines)
    }

    private static func written(_ deals: [Deal], parent: [Deal], lines: RecordLines?) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try DealsFile.write(deals, parent: parent, lines: lines, jobs: 2) { bytes += $0 }
        return bytes
    }

    @Test("each record's place holds its line, blank lines and a last line without a newline included")
    func places() throws {
        let deals = Self.deals(0..<40, version: 0)
        let bytes = Array(("\n" + String(decoding: deals.jsonLines(), as: UTF8.self) + "\n").utf8).dropLast(2)
        let path = try JSONLinesReaderTests.file(Array(bytes))
        for blockBytes in [100, 4096, JSONLinesReader.blockBytes] {
            let (read, places) = try JSONLinesReader.readPlaced(Deal.self, from: path, blockBytes: blockBytes)
            let found = try #require(places)
            #expect(read == deals)
            #expect(found.count == deals.count)
            for (deal, place) in zip(deals, found) {
                #expect(Array(bytes[place]) + [0x0A] == [deal].jsonLines(), "blocks of \(blockBytes)")
            }
        }
    }

    @Test("tonight's deals are written as jsonLines writes them, the parent's unchanged ones copied, whatever changed")
    func copiedEqualsEncoded() throws {
        let (parent, lines) = try Self.parent(Self.deals(0..<300, version: 0))
        var tonight = parent
        // Deals changed in place, one gone, and new ones at the top and in between.
        tonight[3].valueUSD = 77e6
        tonight[120].status = .terminated
        tonight.remove(at: 200)
        let added = Self.deals(300..<340, version: 1)
        tonight = (added + tonight).sorted(by: DealMerger.isListedBefore)
        let stretches = DealsFile.stretches(tonight, parent: parent, places: lines.places)
        let copied = stretches.reduce(0) {
            if case .copied(let bytes) = $1 {
                $0 + lines.places.filter { bytes.contains($0.lowerBound) }.count
            } else {
                $0
            }
        }
        #expect(copied == parent.count - 3)
        #expect(try Self.written(tonight, parent: parent, lines: lines) == tonight.jsonLines())
        // Every deal of the parent, or none: one stretch copied, or all encoded.
        #expect(
            DealsFile.stretches(parent, parent: parent, places: lines.places) == [
                .copied(lines.places[0].lowerBound..<lines.places[parent.count - 1].upperBound)
            ])
        #expect(try Self.written(parent, parent: parent, lines: lines) == parent.jsonLines())
        #expect(try Self.written(added, parent: parent, lines: lines) == added.jsonLines())
        #expect(try Self.written([], parent: parent, lines: lines).isEmpty)
        // Deals out of order are encoded more often, never written wrong.
        let shuffled = Array(tonight.reversed())
        #expect(try Self.written(shuffled, parent: parent, lines: lines) == shuffled.jsonLines())
    }

    @Test("lines apart in the parent's file are copied apart, without what lies between them")
    func blankLinesBetween() throws {
        let (parent, lines) = try Self.parent(Self.deals(0..<50, version: 0), gap: "\n")
        let stretches = DealsFile.stretches(parent, parent: parent, places: lines.places)
        #expect(stretches.count == parent.count)
        #expect(try Self.written(parent, parent: parent, lines: lines) == parent.jsonLines())
    }

    @Test("a parent's file changed since it was read is refused, named, not copied from")
    func changedParent() throws {
        let (parent, lines) = try Self.parent(Self.deals(0..<50, version: 0))
        var bytes = try #require(FileBytes.read(lines.path))
        bytes[lines.places[10].lowerBound + 3] = UInt8(ascii: "X")
        try FileManager.default.removeItem(atPath: lines.path)
        try Data(bytes).write(to: URL(fileURLWithPath: lines.path))
        #expect {
            try Self.written(parent, parent: parent, lines: lines)
        } throws: { error in
            (error as? DamagedDataError)?.description.contains(lines.path) == true
        }
    }
}

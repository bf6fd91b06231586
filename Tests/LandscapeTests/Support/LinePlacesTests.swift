import Foundation
import Testing

@testable import Landscape

@Suite("Where a file's lines are, about two bytes a line")
struct LinePlacesTests {
    /// Lines that follow one another, each after the newline ending the one before, from `start`.
    static func following(_ lengths: [Int], from start: Int) -> [Range<Int>] {
        var next = start
        return lengths.map { length in
            defer { next += length + 1 }
            return next..<next + length
        }
    }

    @Test(
        "lines that follow one another, empty, short and of 64 KB and more, read back as they went in, by position and in order, across the kept starts"
    )
    func followingLinesRoundTrip() {
        var random = SplitMix64(seed: 5)
        var lengths = (0..<1000).map { _ in Int(random.next() % 3000) }
        lengths[0] = 0
        lengths[63] = 65_534
        lengths[64] = 65_535
        lengths[65] = 1 << 24
        lengths[130] = 0
        let lines = Self.following(lengths, from: 3)
        var places = LinePlaces()
        places.reserveCapacity(lines.count)
        for line in lines { places.append(line) }
        #expect(Array(places) == lines)
        #expect(places.indices.allSatisfy { places[$0] == lines[$0] })
        #expect(places == LinePlaces(lines))
        #expect(places != LinePlaces(lines.dropLast()))
        #expect(LinePlaces().isEmpty && Array(LinePlaces([7..<9])) == [7..<9])
    }

    @Test("a line that does not follow the one before turns every line into a range, none lost")
    func rangesWhenALineDoesNotFollow() {
        for odd in [2_000_000..<2_000_010, 5..<6, 0..<0] {
            let before = Self.following(Array(repeating: 9, count: 1000), from: 0)
            var places = LinePlaces(before)
            places.append(odd)
            places.append(7..<8)
            #expect(Array(places) == before + [odd, 7..<8], "\(odd)")
            #expect(places.count == 1002 && places[1000] == odd && places[999] == before[999])
        }
    }

    @Test("a file's places, read with its records, find each record's line")
    func readWithRecords() throws {
        let text = "{\"a\":1}\n\n{\"a\":22}\n{\"a\":333}\n"
        let path = try JSONLinesReaderTests.file(Array(text.utf8))
        struct Row: Decodable, Sendable { let a: Int }
        let (rows, places) = try JSONLinesReader.readPlaced(Row.self, from: path, jobs: 1)
        let bytes = Array(text.utf8)
        #expect(rows.map(\.a) == [1, 22, 333])
        #expect(
            try #require(places).map { String(decoding: bytes[$0], as: UTF8.self) } == [
                "{\"a\":1}", "{\"a\":22}", "{\"a\":333}",
            ])
    }
}

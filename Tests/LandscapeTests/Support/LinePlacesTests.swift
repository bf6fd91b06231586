import Foundation
import Testing

@testable import Landscape

@Suite("Where a file's lines are, eight bytes a line")
struct LinePlacesTests {
    @Test("lines that fit a word read back as they went in, and equal the same lines held as ranges")
    func packedRoundTrip() {
        let lines = [0..<0, 0..<17, 18..<18, 19..<(19 + (1 << 24) - 1), (1 << 40) - 5..<(1 << 40) - 1]
        var places = LinePlaces()
        for line in lines { places.append(line) }
        #expect(Array(places) == lines)
        #expect(places == LinePlaces(lines))
        #expect(places != LinePlaces(lines.dropLast()))
    }

    @Test("a line of 16 MB or more, or one starting past a terabyte, turns every line into a range, none lost")
    func widenedWhenALineDoesNotFit() {
        for wide in [100..<(100 + (1 << 24)), (1 << 40)..<(1 << 40) + 3] {
            let before = (0..<1000).map { $0 * 10..<$0 * 10 + 9 }
            var places = LinePlaces(before)
            places.append(wide)
            places.append(5..<6)
            #expect(Array(places) == before + [wide, 5..<6], "\(wide)")
            #expect(places.count == 1002)
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

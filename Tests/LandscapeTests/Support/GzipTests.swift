import Foundation
import Testing

@testable import Landscape

@Suite("gzip round trips")
struct GzipTests {
    /// `count` bytes that count up, every `every`-th one random: compressible, never the same twice.
    static func noisy(count: Int, every: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { index in
            UInt8(truncatingIfNeeded: index % every == 0 ? generator.next() : UInt64(index / 3))
        }
    }

    @Test("what compress writes, decompress reads back, for empty, small and large inputs")
    func roundTrip() throws {
        let large = Self.noisy(count: 3_000_000, every: 251)
        for input in [[], Array("one line\n".utf8), large] {
            let packed = try #require(Gzip.compress(input))
            #expect(packed.prefix(2) == [0x1F, 0x8B])
            #expect(Gzip.decompress(packed) == input)
        }
        // The same bytes compress to the same bytes: unchanged partitions can be shared.
        #expect(Gzip.compress(large) == Gzip.compress(large))
    }

    @Test("members written one after another read as one stream, as gunzip reads them")
    func members() throws {
        let joined =
            try #require(Gzip.compress(Array("first\n".utf8))) + #require(Gzip.compress(Array("second\n".utf8)))
        #expect(Gzip.decompress(joined) == Array("first\nsecond\n".utf8))
    }

    @Test("a cut or damaged stream is refused, not read as fewer records")
    func damaged() throws {
        let packed = try #require(Gzip.compress(Array(String(repeating: "{\"a\": 1}\n", count: 1000).utf8)))
        #expect(Gzip.decompress(Array(packed.dropLast(9))) == nil)
        #expect(Gzip.decompress(Array(packed.prefix(packed.count / 2))) == nil)
        var flipped = packed
        flipped[packed.count / 2] ^= 0xFF
        #expect(Gzip.decompress(flipped) == nil)
        #expect(Gzip.decompress(Array("not gzip at all".utf8)) == nil)
    }
}

@Suite("gzip streams")
struct GzipStreamTests {
    @Test("bytes compressed piece after piece are the bytes compressed at once, whatever the pieces")
    func streamEqualsWhole() throws {
        let input = GzipTests.noisy(count: 2_500_000, every: 97)
        let whole = try #require(Gzip.compress(input))
        for size in [1_000_000, 65_536, 4_099, 100_000_000] {
            let stream = Gzip.Stream()
            var packed: [UInt8] = []
            for start in stride(from: 0, to: input.count, by: size) {
                packed += try #require(stream.add(Array(input[start..<min(start + size, input.count)])))
            }
            packed += try #require(stream.finish())
            #expect(packed == whole, "pieces of \(size)")
            // A finished stream takes nothing more.
            #expect(stream.add([1, 2, 3]) == nil)
        }
        let empty = Gzip.Stream()
        let nothing = try #require(empty.add([])) + #require(empty.finish())
        #expect(nothing == Gzip.compress([]))
        #expect(Gzip.decompress(nothing) == [])
    }
}

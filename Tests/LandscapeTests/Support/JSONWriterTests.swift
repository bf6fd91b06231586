import Foundation
import Testing

@testable import Landscape

@Suite("JSON written straight into bytes")
struct JSONWriterTests {
    /// Bytes that need escaping, bytes next to them in value, and the parts of multibyte
    /// characters, which must pass through untouched.
    static let pieces = ["a", "\"", "\\", "\n", "\u{01}", "\u{1F}", " ", "!", "#", "[", "]", "é", "한", "🧬", "\u{7F}"]

    @Test("a word-at-a-time check agrees with looking at each byte")
    func wordCheckMatchesBytes() {
        var generator = SystemRandomNumberGenerator()
        let special: [UInt8] = [
            0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0x9F, 0xA2, 0xDC, 0xFF,
        ]
        for _ in 0..<200_000 {
            var word: UInt64 = 0
            var expected = false
            for position in 0..<8 {
                let byte =
                    Bool.random(using: &generator)
                    ? special.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
                if byte < 0x20 || byte == 0x22 || byte == 0x5C { expected = true }
                word |= UInt64(byte) << UInt64(position * 8)
            }
            #expect(JSONWriter.mayNeedEscaping(word) == expected, "word \(String(word, radix: 16))")
        }
    }

    @Test("every string reads back as written, whatever falls on the eight-byte steps")
    func stringsRoundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<40 {
            for _ in 0..<50 {
                let text = (0..<length).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
                var writer = JSONWriter()
                writer.beginObject()
                writer.field("text", text)
                writer.endObject()
                let read = try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: String]
                #expect(read == ["text": text])
                // Only what must be escaped is: a string without such bytes is copied as it is.
                if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
                    #expect(writer.bytes == Array("{\"text\":\"\(text)\"}".utf8))
                }
            }
        }
    }

    @Test("keys made at run time are escaped; field names are copied")
    func keys() throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("deals", 3)
        writer.key(text: "odd \"count\"")
        writer.int(2)
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"deals":3,"odd \"count\"":2}"#)
    }
}

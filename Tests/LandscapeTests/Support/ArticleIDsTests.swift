import Testing

@testable import Landscape

@Suite("Article ids held as one run of bytes")
struct ArticleIDsTests {
    /// Ids as the pipeline makes them: 20 lower-case hex digits.
    static let made = (0..<50).map { String(SHA256.hex(Array("article \($0)".utf8)).prefix(20)) }
    /// Ids it might be handed: empty, short, not ASCII, hex of another length or case.
    static let others = [
        "", "a", "ab", "Zürich-1", "zz", "é", "e\u{301}", "0123456789abcdef012", "0123456789ABCDEF0123",
        "0123456789abcdef01234", "0123456789abcdef012g",
    ]
    static let ids = made + others

    /// Each id reads back as given, and compares and hashes as its string.
    func expectHeldAsStrings(_ ids: [String]) {
        let held = ArticleIDs(ids)
        #expect(Array(held) == ids && held.count == ids.count)
        for (row, id) in ids.enumerated() {
            #expect(held.isID(at: row, equalTo: id))
            #expect(!held.isID(at: row, equalTo: id + "0"))
            #expect(!held.isID(at: row, equalTo: String(id.dropLast())) || id.isEmpty)
            #expect(held.utf8(at: row) == Array(id.utf8))
            var appended: [UInt8] = [0x2A]
            held.appendUTF8(at: row, to: &appended)
            #expect(appended == [0x2A] + Array(id.utf8))
            #expect(held.fnv1a(at: row) == ArticleIDs.fnv1a(id.utf8))
            for other in ids.indices {
                #expect(held.precedes(row, other) == (id < ids[other]), "\(id) \(ids[other])")
                // Ids are told apart by their bytes: two spellings of one text are two ids.
                #expect(held.isID(at: row, equalTo: other, in: held) == id.utf8.elementsEqual(ids[other].utf8))
            }
        }
    }

    @Test("ids as the pipeline makes them are held as the bytes their digits spell, and read back as given")
    func packedIDs() {
        #expect(ArticleIDs(Self.made).isPacked)
        expectHeldAsStrings(Self.made)
        // Hex digits that differ in the last one, or in the first, sort and compare as strings.
        expectHeldAsStrings([
            "ffffffffffffffffffff", "00000000000000000000", "0000000000000000000f", "f0000000000000000000",
        ])
    }

    @Test("ids of any other form, first or after made ones, are held as their text, and read back as given")
    func textIDs() {
        for id in Self.others { #expect(!ArticleIDs([id]).isPacked, "\(id)") }
        let mixed = ArticleIDs(Self.ids)
        #expect(!mixed.isPacked)
        expectHeldAsStrings(Self.ids)
        expectHeldAsStrings(Self.others + Self.made)
    }

    @Test("lists joined hold their ids in order, and lists of the same ids are equal however they hold them")
    func concatenation() {
        let (first, second) = (Array(Self.ids[..<20]), Array(Self.ids[20...]))
        let joined = ArticleIDs(concatenating: [ArticleIDs(first), ArticleIDs(), ArticleIDs(second)])
        #expect(joined == ArticleIDs(Self.ids))
        #expect(Array(joined) == Self.ids)
        #expect(ArticleIDs(first) != ArticleIDs(second))
        // The same bytes cut into other ids are other ids.
        #expect(ArticleIDs(["ab", "c"]) != ArticleIDs(["a", "bc"]))
        #expect(ArticleIDs(concatenating: []).isEmpty)

        // Made ids joined stay packed; joined with others they are text, and equal to the same
        // ids held packed, id by id.
        let packed = ArticleIDs(concatenating: [ArticleIDs(Self.made[..<10]), ArticleIDs(Self.made[10...])])
        #expect(packed.isPacked && packed == ArticleIDs(Self.made))
        var asText = ArticleIDs(concatenating: [ArticleIDs(Self.made), ArticleIDs(["x"])])
        #expect(!asText.isPacked && Array(asText) == Self.made + ["x"])
        asText = ArticleIDs(concatenating: [ArticleIDs(["x"]), ArticleIDs(Self.made)])
        let textOnly = ArticleIDs(Array(asText).dropFirst())
        #expect(textOnly.isPacked)
        let madeAsText = ArticleIDs(concatenating: [ArticleIDs(["x"]), ArticleIDs(Self.made)])
        for row in Self.made.indices {
            #expect(madeAsText.isID(at: row + 1, equalTo: row, in: packed))
            #expect(packed.isID(at: row, equalTo: row + 1, in: madeAsText))
        }
        #expect(ArticleIDs(["x"] + Self.made) == madeAsText)
        #expect(ArticleIDs(Self.made + ["x"]) != madeAsText)
    }
}

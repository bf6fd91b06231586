import Testing

@testable import Landscape

@Suite("Article ids held as one run of bytes")
struct ArticleIDsTests {
    /// Ids as the pipeline makes them, and some it might be handed: empty, short, not ASCII.
    static let ids =
        (0..<50).map { String(SHA256.hex(Array("article \($0)".utf8)).prefix(20)) } + [
            "", "a", "ab", "Zürich-1", "zz", "é", "e\u{301}", "0123456789abcdef0123",
        ]

    @Test("each id reads back as it was given, and compares and hashes as its string")
    func idsAsStrings() {
        let held = ArticleIDs(Self.ids)
        #expect(Array(held) == Self.ids && held.count == Self.ids.count)
        for (row, id) in Self.ids.enumerated() {
            #expect(held.isID(at: row, equalTo: id))
            #expect(!held.isID(at: row, equalTo: id + "0"))
            #expect(Array(held.utf8(at: row)) == Array(id.utf8))
            #expect(held.fnv1a(at: row) == ArticleIDs.fnv1a(id.utf8))
            for other in Self.ids.indices {
                #expect(held.precedes(row, other) == (id < Self.ids[other]), "\(id) \(Self.ids[other])")
                // Ids are told apart by their bytes: two spellings of one text are two ids.
                #expect(held.isID(at: row, equalTo: other, in: held) == id.utf8.elementsEqual(Self.ids[other].utf8))
            }
        }
    }

    @Test("lists joined hold their ids in order, and equal lists are equal")
    func concatenation() {
        let (first, second) = (Array(Self.ids[..<20]), Array(Self.ids[20...]))
        let joined = ArticleIDs(concatenating: [ArticleIDs(first), ArticleIDs(), ArticleIDs(second)])
        #expect(joined == ArticleIDs(Self.ids))
        #expect(Array(joined) == Self.ids)
        #expect(ArticleIDs(first) != ArticleIDs(second))
        // The same bytes cut into other ids are other ids.
        #expect(ArticleIDs(["ab", "c"]) != ArticleIDs(["a", "bc"]))
        #expect(ArticleIDs(concatenating: []).isEmpty)
    }
}

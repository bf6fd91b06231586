import Testing

@testable import Landscape

@Suite("A deal's id held as its number")
struct DealIDTests {
    /// Ids in the merge's form and not: upper-case digits, a short one, a long one, a prefix
    /// alone, text that needs escaping, and the lowest and highest numbers.
    static let texts = [
        "dl_0000000000000000", "dl_ffffffffffffffff", "dl_00000000000000ff", "dl_a0b1c2d3e4f56789",
        "dl_A0B1C2D3E4F56789", "dl_0123", "dl_0123456789abcdef0", "dl_", "d1", "", "dl_0123456789abcdeg",
        "deal \"quoted\" \\ \u{01} é", "dl_7fffffffffffffff", "dm_0000000000000000",
    ]

    @Test("reads back as the text it was made from, and holds a number only in the merge's form")
    func textRoundTrip() {
        for text in Self.texts {
            let id = DealID(text)
            #expect(id.description == text)
            let isMergeForm =
                text.count == 19 && text.hasPrefix("dl_")
                && text.dropFirst(3).allSatisfy { "0123456789abcdef".contains($0) }
            #expect((id.number != nil) == isMergeForm, "\(text)")
            id.withUTF8 { #expect(String(decoding: $0, as: UTF8.self) == text) }
        }
        #expect(DealID(number: 0xa0b1_c2d3_e4f5_6789).description == "dl_a0b1c2d3e4f56789")
        #expect(DealID(number: 0xff) == DealID("dl_00000000000000ff"))
    }

    @Test("compares, sorts and hashes as the texts do")
    func orderAndHash() {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<200).map { _ in "dl_" + String(format16: generator.next()) }
        let texts = Self.texts + random + random.prefix(20)
        let ids = texts.map(DealID.init)
        for (a, idA) in zip(texts, ids) {
            for (b, idB) in zip(texts, ids) {
                #expect((idA < idB) == (a < b), "\(a) < \(b)")
                #expect((idA == idB) == (a == b), "\(a) == \(b)")
                if a == b { #expect(idA.hashValue == idB.hashValue) }
            }
        }
        #expect(ids.sorted().map(\.description) == texts.sorted())
        #expect(Set(ids).count == Set(texts).count)
    }

    @Test("writes and scans as the JSON string of its text")
    func json() throws {
        for text in Self.texts {
            var writer = JSONWriter()
            writer.beginObject()
            writer.field("deal_id", DealID(text))
            writer.field("deal_ids", [DealID(text), DealID("dl_0000000000000001")])
            writer.endObject()
            var plain = JSONWriter()
            plain.beginObject()
            plain.field("deal_id", text)
            plain.field("deal_ids", [text, "dl_0000000000000001"])
            plain.endObject()
            #expect(writer.bytes == plain.bytes)
            let scanned = try writer.bytes.withUnsafeBufferPointer { buffer in
                var scanner = JSONScanner(buffer)
                var found: DealID?
                try scanner.object { scanner, key throws(JSONScanner.Failure) in
                    if key == "deal_id" { found = try DealID(scanning: &scanner) } else { try scanner.skipValue() }
                }
                return found
            }
            #expect(scanned == DealID(text))
        }
    }

    @Test("a deal's id is its text, and changing it keeps the deal it was copied from")
    func dealHoldsID() {
        var deal = Deal(
            dealID: "dl_00000000000000aa", parties: [], dealType: .licensing, modalities: [], valueUSD: nil,
            upfrontUSD: nil, status: .announced, announced: "2025-01-02", confidence: 0.5, sources: [])
        let copy = deal
        #expect(deal.id.number == 0xaa)
        deal.id = DealID("custom")
        #expect(deal.dealID == "custom")
        #expect(copy.dealID == "dl_00000000000000aa")
        deal.dealID = "dl_00000000000000bb"
        #expect(deal.id == DealID(number: 0xbb))
        #expect(deal != copy)
    }
}

extension String {
    /// `value` as 16 lower-case hex digits.
    fileprivate init(format16 value: UInt64) {
        let digits = String(value, radix: 16)
        self = String(repeating: "0", count: 16 - digits.count) + digits
    }
}

import Testing

@testable import Landscape

@Suite("SHA-256 digests")
struct SHA256Tests {
    @Test("the FIPS 180-4 example messages give their published digests")
    func knownDigests() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("a digest fed in pieces of any size equals the digest of the whole, and a copied hasher goes its own way")
    func piecesAndCopies() {
        let message = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = SHA256.hex(message)
        for piece in [1, 63, 64, 65, 1000] {
            var hasher = SHA256()
            var start = 0
            while start < message.count {
                hasher.update(Array(message[start..<min(start + piece, message.count)]))
                start += piece
            }
            #expect(hexString(hasher.finalize()) == whole)
        }
        var first = SHA256()
        first.update(Array("shared ".utf8))
        var second = first
        first.update(Array("left".utf8))
        second.update(Array("right".utf8))
        #expect(hexString(first.finalize()) == SHA256.hex("shared left"))
        #expect(hexString(second.finalize()) == SHA256.hex("shared right"))
    }

    @Test("a digest held as bytes writes and reads the hex digest of the same bytes")
    func contentDigest() {
        let messages = ["", "abc", String(repeating: "landscape ", count: 1000)].map { Array($0.utf8) }
        let digests = messages.map { ContentDigest(of: $0) }
        for (message, digest) in zip(messages, digests) {
            #expect(digest.description == SHA256.hex(message))
            #expect(ContentDigest(hex: Array(digest.description.utf8)[...]) == digest)
        }
        #expect(Set(digests).count == 3)
        #expect(ContentDigest(hex: Array(String(repeating: "0", count: 63).utf8)[...]) == nil)
        #expect(ContentDigest(hex: Array(String(repeating: "g", count: 64).utf8)[...]) == nil)
        #expect(ContentDigest(hex: Array(SHA256.hex("abc").uppercased().utf8)[...]) == nil)
    }
}

/// MinHash signatures of a text's word shingles: the share of positions where two signatures
/// agree estimates the Jaccard similarity of the two texts' shingle sets.
///
/// Words are runs of ASCII letters and digits (folded to lower case) or of non-ASCII bytes, so
/// punctuation, markup left-overs and spacing do not count. Each shingle of `shingleWords`
/// words is hashed once to 64 bits; the permutations are then `a·x + b` (mod 2^64) with odd
/// `a`, keeping the high 32 bits. Built once per run and shared read-only across threads.
public struct MinHasher: Sendable {
    public let permutations: Int
    public let shingleWords: Int
    private let multipliers: [UInt64]
    private let addends: [UInt64]

    public init(permutations: Int, shingleWords: Int) {
        self.permutations = permutations
        self.shingleWords = max(1, shingleWords)
        // Fixed seeds: signatures must compare across runs and machines.
        var state: UInt64 = 0x4C61_6E64_7363_6170
        var multipliers: [UInt64] = []
        var addends: [UInt64] = []
        for _ in 0..<permutations {
            multipliers.append(splitMix(&state) | 1)
            addends.append(splitMix(&state))
        }
        self.multipliers = multipliers
        self.addends = addends
    }

    /// Writes the signature of `text` into `signature` (`permutations` values).
    ///
    /// A text with fewer words than a shingle is one shingle of all its words.
    ///
    /// - Returns: whether the text has any word; the signature of one without is meaningless.
    @discardableResult
    public func sign(_ text: [UInt8], into signature: UnsafeMutableBufferPointer<UInt32>) -> Bool {
        precondition(signature.count == permutations)
        var window = [UInt64](repeating: 0, count: shingleWords)  // the last words' hashes, as a ring
        var words = 0
        var mins = [UInt64](repeating: .max, count: permutations)
        mins.withUnsafeMutableBufferPointer { mins in
            multipliers.withUnsafeBufferPointer { multipliers in
                addends.withUnsafeBufferPointer { addends in
                    func add(_ shingle: UInt64) {
                        for index in 0..<mins.count {
                            let value = multipliers[index] &* shingle &+ addends[index]
                            mins[index] = Swift.min(mins[index], value)
                        }
                    }
                    func shingleHash(count: Int) -> UInt64 {
                        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
                        for offset in 0..<count {
                            let word = window[(words - count + offset) % shingleWords]
                            hash = mix64(hash ^ word) &* 0xBF58_476D_1CE4_E5B9
                        }
                        return mix64(hash)
                    }
                    text.withUnsafeBufferPointer { bytes in
                        var index = 0
                        while index < bytes.count {
                            guard isShingleByte(bytes[index]) else {
                                index += 1
                                continue
                            }
                            // FNV-1a over the folded word.
                            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
                            while index < bytes.count, isShingleByte(bytes[index]) {
                                hash = (hash ^ UInt64(foldASCII(bytes[index]))) &* 0x0000_0100_0000_01B3
                                index += 1
                            }
                            window[words % shingleWords] = hash
                            words += 1
                            if words >= shingleWords { add(shingleHash(count: shingleWords)) }
                        }
                    }
                    if words > 0, words < shingleWords { add(shingleHash(count: words)) }
                }
            }
        }
        for index in 0..<permutations { signature[index] = UInt32(truncatingIfNeeded: mins[index] >> 32) }
        return words > 0
    }

    /// The signature of `text` as an array.
    public func signature(of text: [UInt8]) -> [UInt32] {
        var signature = [UInt32](repeating: 0, count: permutations)
        // Callers of this form do not ask whether the text had words; the signature says as much.
        _ = signature.withUnsafeMutableBufferPointer { sign(text, into: $0) }
        return signature
    }

    private func isShingleByte(_ byte: UInt8) -> Bool {
        isWordByte(byte) || byte >= 0x80
    }
}

/// SplitMix64: a fixed, well-spread sequence from a seed.
func splitMix(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return mix64(state)
}

/// The SplitMix64 finaliser: every input bit reaches every output bit.
@inline(__always)
func mix64(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

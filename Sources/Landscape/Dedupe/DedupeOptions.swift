/// Settings of the dedupe stage (`dedupe:`).
public struct DedupeOptions: Sendable, Hashable, Codable {
    /// Reports of one party set within this many days are one deal.
    public var dealWindowDays = 30
    /// Articles whose word shingles are at least this alike (estimated Jaccard) are one story.
    public var nearDuplicateThreshold = 0.65
    /// Words per shingle.
    public var shingleWords = 3
    /// MinHash permutations per signature: more estimate similarity closer, at more cost.
    public var minhashPermutations = 128

    public init() {}
}

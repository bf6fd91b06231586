/// The bands each record shares a bucket in, grouped by the record's position in order of
/// precedence and in band order within it: what linking walks, one record after another.
struct BandVisits {
    /// Per visit: the band and the bucket, numbered over every band.
    private(set) var bands: [UInt8]
    private(set) var buckets: [Int32]
    /// Where each position's visits start; the last is the number of visits.
    private let starts: [Int32]
    /// How many buckets the visits are in, over every band.
    let bucketCount: Int

    /// The visits of `members` (per band, the records in a bucket and how many buckets there
    /// are), placed by `order`.
    init(_ members: [(members: [DuplicateGroups.BandMember], buckets: Int)], order: PrecedenceOrder) {
        precondition(members.count <= Int(UInt8.max) + 1, "too many bands")
        var starts = [Int32](repeating: 0, count: order.count + 1)
        for member in members.lazy.map(\.members).joined() { starts[Int(order[Int(member.index)]) + 1] += 1 }
        for position in 0..<order.count { starts[position + 1] += starts[position] }
        let total = Int(starts[order.count])
        var fill = starts
        bands = [UInt8](repeating: 0, count: total)
        buckets = [Int32](repeating: 0, count: total)
        // Bands are taken in order, so each position's visits are in band order.
        var firstBucket = 0
        for (band, bandMembers) in members.enumerated() {
            for member in bandMembers.members {
                let position = Int(order[Int(member.index)])
                let visit = Int(fill[position])
                fill[position] += 1
                (bands[visit], buckets[visit]) = (UInt8(band), Int32(firstBucket) + member.bucket)
            }
            firstBucket += bandMembers.buckets
        }
        precondition(firstBucket <= Int(Int32.max), "too many buckets")
        self.starts = starts
        bucketCount = firstBucket
    }

    var count: Int { buckets.count }

    /// The visits of the record at `position`.
    func of(_ position: Int) -> Range<Int> { Int(starts[position])..<Int(starts[position + 1]) }
}

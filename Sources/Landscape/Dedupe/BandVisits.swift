/// The bands each record shares a bucket in, grouped by the record's position in order of
/// precedence and in band order within it: what linking walks, one record after another.
struct BandVisits {
    /// Per visit: the record's position, the band and the bucket's key.
    private(set) var positions: [Int32]
    private(set) var bands: [UInt8]
    private(set) var keys: [UInt64]
    /// Where each position's visits start; the last is the number of visits.
    private let starts: [Int32]
    /// At most how many buckets the visits are in: half the visits when each bucket has two
    /// members or more.
    let bucketsAtMost: Int

    /// The visits of `members` (per band, the records in a bucket), placed by `order`.
    /// `everyBucketShared`: whether each bucket has two members or more.
    init(_ members: [[DuplicateGroups.BandMember]], order: [Int], everyBucketShared: Bool) {
        precondition(members.count <= Int(UInt8.max) + 1, "too many bands")
        var starts = [Int32](repeating: 0, count: order.count + 1)
        for member in members.joined() { starts[order[Int(member.index)] + 1] += 1 }
        for position in 0..<order.count { starts[position + 1] += starts[position] }
        let total = Int(starts[order.count])
        var fill = starts
        positions = [Int32](repeating: 0, count: total)
        bands = [UInt8](repeating: 0, count: total)
        keys = [UInt64](repeating: 0, count: total)
        // Bands are taken in order, so each position's visits are in band order.
        for (band, bandMembers) in members.enumerated() {
            for member in bandMembers {
                let position = order[Int(member.index)]
                let visit = Int(fill[position])
                fill[position] += 1
                (positions[visit], bands[visit], keys[visit]) = (Int32(position), UInt8(band), member.key)
            }
        }
        self.starts = starts
        bucketsAtMost = everyBucketShared ? total / 2 : total
    }

    var count: Int { keys.count }

    /// The visits of the record at `position`.
    func of(_ position: Int) -> Range<Int> { Int(starts[position])..<Int(starts[position + 1]) }
}

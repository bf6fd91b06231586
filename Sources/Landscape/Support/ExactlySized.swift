extension Array {
    /// A copy in a buffer of exactly its count: for an array grown by doubling while read and
    /// then kept, which holds up to twice what it needs until it is let go.
    func exactlySized() -> [Element] {
        withUnsafeBufferPointer { Array($0) }
    }
}

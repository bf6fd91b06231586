extension Array {
    /// The elements of `self`'s arrays one after another, in an array allocated once at its
    /// exact size: `flatMap` grows its result by doubling, and a million articles' dates or
    /// records joined so held up to twice what they need beside the parts.
    func joinedExactly<Part>() -> [Part] where Element == [Part] {
        var joined: [Part] = []
        joined.reserveCapacity(reduce(0) { $0 + $1.count })
        for part in self { joined += part }
        return joined
    }
}

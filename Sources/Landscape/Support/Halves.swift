extension Array where Element: Sendable {
    /// `part` of the first half of the elements and of the second, side by side when `jobs`
    /// allows. The split is at the middle whatever `jobs` is, so what is built from the two parts
    /// (a sum of floating-point values, say) comes out the same on one core or two.
    func halves<Part: Sendable>(jobs: Int, _ part: @Sendable (ArraySlice<Element>) -> Part) -> (
        first: Part, second: Part
    ) {
        let middle = count / 2
        let parts = parallelMap([0..<middle, middle..<count], jobs: jobs) { part(self[$0]) }
        return (parts[0], parts[1])
    }
}

/// The stages of a run, in the order they execute.
public enum Stage: String, CaseIterable, Sendable, Comparable {
    case fetch, parse, pages, extract, dedupe, aggregate, publish

    public static func < (lhs: Stage, rhs: Stage) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

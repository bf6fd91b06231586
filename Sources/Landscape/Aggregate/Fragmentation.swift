/// The quarterly trend that shows whether the partnership network is closing in: of a quarter's
/// deals, how many cross a border, how many cross a bloc line, and how many join the bloc pairs
/// each of the blocs file's trends follows (China with the US or Europe).
///
/// Rows of the `fragmentation` dimension are keyed `QUARTER MEASURE` ("2025-Q3 cross_bloc"), with
/// `QUARTER all` counting the quarter's deals, which every share of the quarter is of.
enum Fragmentation {
    static let all = "all"
    static let crossBorder = "cross_border"
    static let crossBloc = "cross_bloc"

    /// The measures one deal counts in.
    static func measures(isCrossBorder: Bool, blocs: [String], pairs: [BlocPair], trends: [Blocs.Trend]) -> [String] {
        var measures = [all]
        if isCrossBorder { measures.append(crossBorder) }
        if blocs.count > 1 { measures.append(crossBloc) }
        for trend in trends where pairs.contains(where: trend.pairs.contains) { measures.append(trend.name) }
        return measures
    }
}

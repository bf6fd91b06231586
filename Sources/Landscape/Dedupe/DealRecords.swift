/// A set of deals with their count known before they are read.
struct DealRecords: Sendable {
    let count: Int
    let records: Deferred<Read>

    /// The deals, and the lines they were read from, if they were read from one file.
    struct Read: Sendable {
        let deals: [Deal]
        let lines: RecordLines?
    }

    init(_ deals: [Deal]) {
        count = deals.count
        records = Deferred(Read(deals: deals, lines: nil))
    }

    init(count: Int, read: @escaping @Sendable () throws -> [Deal]) {
        self.count = count
        records = Deferred { Read(deals: try read(), lines: nil) }
    }

    init(count: Int, readWithLines read: @escaping @Sendable () throws -> Read) {
        self.count = count
        records = Deferred(read)
    }

    /// Deals read from a file whose outlines can be read without the deals
    /// (``PreviousDeals``): `outlines` gives each deal's outline and where its line is, or nil
    /// when the file cannot give them.
    init(
        count: Int, readWithLines read: @escaping @Sendable () throws -> Read,
        outlines: @escaping @Sendable () throws -> (outlines: [DealOutline], lines: RecordLines)?
    ) {
        self.init(count: count, readWithLines: read)
        self.outlines = outlines
    }

    private var outlines: (@Sendable () throws -> (outlines: [DealOutline], lines: RecordLines)?)?

    /// The deals as a merge that replaces the party sets `remerged` needs them, known by their
    /// outlines and only those party sets' deals decoded; nil when they are decoded already
    /// (nothing to spare), or cannot be known so.
    func outlined(replacing remerged: Set<String>, jobs: Int) throws -> PreviousDeals? {
        guard let outlines, !records.isDone, let (read, lines) = try outlines() else { return nil }
        return try PreviousDeals.read(outlines: read, lines: lines, remerged: remerged, jobs: jobs)
    }

    func all() throws -> [Deal] { try records.value().deals }

    /// The lines the deals were read from, if they were read from one plain file.
    func lines() throws -> RecordLines? { try records.value().lines }
}

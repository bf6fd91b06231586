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

    func all() throws -> [Deal] { try records.value().deals }

    /// The lines the deals were read from, if they were read from one plain file.
    func lines() throws -> RecordLines? { try records.value().lines }
}

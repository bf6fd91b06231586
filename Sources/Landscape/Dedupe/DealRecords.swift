/// A set of deals with their count known before they are read.
struct DealRecords: Sendable {
    let count: Int
    let records: Deferred<[Deal]>

    init(_ deals: [Deal]) {
        count = deals.count
        records = Deferred(deals)
    }

    init(count: Int, read: @escaping @Sendable () throws -> [Deal]) {
        self.count = count
        records = Deferred(read)
    }

    func all() throws -> [Deal] { try records.value() }
}

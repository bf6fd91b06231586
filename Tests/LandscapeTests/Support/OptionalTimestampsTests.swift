import Testing

@testable import Landscape

@Suite("Instants some of which are missing, eight bytes each")
struct OptionalTimestampsTests {
    @Test(
        "instants and missing ones come back as given, joined columns are the columns one after another, and the instant that stands for none is held a second later"
    )
    func roundTrip() {
        let given: [Timestamp?] = [
            nil, Timestamp(secondsSinceEpoch: 0), Timestamp(secondsSinceEpoch: -62_135_596_800), nil,
            Timestamp(secondsSinceEpoch: 253_402_300_799),
        ]
        let column = OptionalTimestamps(given)
        #expect(Array(column) == given)
        var appended = OptionalTimestamps()
        appended.reserveCapacity(given.count)
        for instant in given { appended.append(instant) }
        #expect(appended == column)
        let joined = OptionalTimestamps(concatenating: [column, OptionalTimestamps(), OptionalTimestamps([nil])])
        #expect(Array(joined) == given + [nil])
        // Not taken for a missing one.
        let edge = OptionalTimestamps([Timestamp(secondsSinceEpoch: Int64.min)])
        #expect(edge[0] == Timestamp(secondsSinceEpoch: Int64.min + 1))
    }
}

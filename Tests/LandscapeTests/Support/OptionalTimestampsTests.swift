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

    @Test(
        "instants from 1970 to 2106 are held in four bytes; one outside has every instant held in eight, and each comes back as given"
    )
    func narrowAndWide() {
        let news: [Timestamp?] = [
            Timestamp(secondsSinceEpoch: 1_750_000_000), nil, Timestamp(secondsSinceEpoch: 0),
            Timestamp(secondsSinceEpoch: Int64(UInt32.max) - 1),
        ]
        let narrow = OptionalTimestamps(news)
        #expect(narrow.isNarrow && Array(narrow) == news)
        for outside in [Int64(UInt32.max), -1, -62_135_596_800, 253_402_300_799] {
            let given = news + [Timestamp(secondsSinceEpoch: outside), nil]
            let wide = OptionalTimestamps(given)
            #expect(!wide.isNarrow && Array(wide) == given, "\(outside)")
            // Joined with a narrow column, in either order, the same instants in order.
            #expect(Array(OptionalTimestamps(concatenating: [narrow, wide])) == news + given)
            #expect(Array(OptionalTimestamps(concatenating: [wide, narrow])) == given + news)
            // Equal however they are held.
            var grown = OptionalTimestamps(news)
            grown.append(Timestamp(secondsSinceEpoch: outside))
            #expect(OptionalTimestamps(concatenating: [OptionalTimestamps(news)]) == narrow)
            #expect(
                OptionalTimestamps(concatenating: [narrow, OptionalTimestamps([Timestamp(secondsSinceEpoch: outside)])])
                    == grown)
        }
        #expect(OptionalTimestamps(concatenating: [narrow, narrow]).isNarrow)

        let seen = [Timestamp(secondsSinceEpoch: 1_700_000_000), Timestamp(secondsSinceEpoch: 0)]
        #expect(Timestamps(seen).isNarrow && Array(Timestamps(seen)) == seen)
        let early = seen + [Timestamp(secondsSinceEpoch: -5), Timestamp(secondsSinceEpoch: Int64.min)]
        #expect(!Timestamps(early).isNarrow && Array(Timestamps(early)) == early)
        #expect(Array(Timestamps(concatenating: [Timestamps(seen), Timestamps(early)])) == seen + early)
        #expect(Timestamps(concatenating: [Timestamps(seen), Timestamps(early)]) == Timestamps(seen + early))
        #expect(Timestamps(seen) != Timestamps(early))
    }
}

import Synchronization
import Testing

@testable import Landscape

@Suite("Deals read once or kept")
struct DealRecordsTests {
    /// A list of deals made by `make`, which counts how many times it was made.
    final class Maker: Sendable {
        let made = Atomic<Int>(0)
        func deals() -> [Deal] {
            made.add(1, ordering: .relaxed)
            return [DealPartiesTests.deal([DealPartiesTests.party("maker", "KR")])]
        }
    }

    @Test("deals made for one reader are let go once taken, and made again if read after; other deals stay")
    func takenOnce() throws {
        let once = Maker()
        let forOne = DealRecords(count: 1, readOnce: { once.deals() })
        #expect(try forOne.take().count == 1)
        #expect(try forOne.all().count == 1)
        #expect(once.made.load(ordering: .relaxed) == 2, "let go once taken, so made again")

        let kept = Maker()
        let forAll = DealRecords(count: 1, read: { kept.deals() })
        #expect(try forAll.take() == forAll.all())
        #expect(try forAll.take().count == 1)
        #expect(kept.made.load(ordering: .relaxed) == 1, "kept for every reader")
    }
}

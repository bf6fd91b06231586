import Dispatch
import Synchronization
import Testing

@testable import Landscape

@Suite("Values made one ahead of their use")
struct MadeAheadTests {
    @Test("every value comes, in order, on one core or two; the values end at the first nil", arguments: [1, 2])
    func inOrder(cores: Int) {
        let made = MadeAhead<Int, Never>(count: 200, cores: cores) { index in
            // Early values take longer: values made out of order would show it.
            if index < 3 { usleep(2000) }
            return index * 3
        }
        var values: [Int] = []
        while let value = made.next() { values.append(value) }
        #expect(values == (0..<200).map { $0 * 3 })
        #expect(made.next() == nil)

        let counted = Mutex(0)
        let untilNil = MadeAhead<Int, Never>(cores: cores) {
            counted.withLock { count in
                count += 1
                return count <= 5 ? count : nil
            }
        }
        var taken: [Int] = []
        while let value = untilNil.next() { taken.append(value) }
        #expect(taken == [1, 2, 3, 4, 5])
        #expect(untilNil.next() == nil)
        #expect(counted.withLock { $0 } == 6, "make is not called again once it gave nil")
    }

    @Test("on two cores the next value is made while the caller works on this one; on one, only when asked")
    func ahead() {
        let started = DispatchSemaphore(value: 0)
        let calls = Atomic<Int>(0)
        let twoCores = MadeAhead<Int, Never>(count: 3, cores: 2) { index in
            calls.add(1, ordering: .sequentiallyConsistent)
            started.signal()
            return index
        }
        #expect(twoCores.next() == 0)
        // The caller does nothing more: the second value is made all the same.
        #expect(started.wait(timeout: .now() + 20) == .success)
        #expect(started.wait(timeout: .now() + 20) == .success)
        let callCount = calls.load(ordering: .sequentiallyConsistent)
        #expect(callCount == 2)
        twoCores.finish()

        let oneCore = Atomic<Int>(0)
        let asked = MadeAhead<Int, Never>(count: 3, cores: 1) { index in
            oneCore.add(1, ordering: .sequentiallyConsistent)
            return index
        }
        #expect(asked.next() == 0)
        usleep(20_000)
        let asOne = oneCore.load(ordering: .sequentiallyConsistent)
        #expect(asOne == 1)
    }

    @Test("an error of make is thrown once and ends the values, on one core or two", arguments: [1, 2])
    func failure(cores: Int) throws {
        struct Broken: Error, Equatable {}
        let made = MadeAhead<Int, Broken>(count: 10, cores: cores) { index throws(Broken) in
            if index == 2 { throw Broken() }
            return index
        }
        #expect(try made.next() == 0)
        #expect(try made.next() == 1)
        #expect(throws: Broken.self) { try made.next() }
        #expect(try made.next() == nil)
    }

    @Test("finish waits for the value being made, so that what make reads can then be let go")
    func finishWaits() {
        let finished = Atomic<Bool>(false)
        let made = MadeAhead<Int, Never>(count: 2, cores: 2) { index in
            if index == 1 {
                usleep(50_000)
                finished.store(true, ordering: .sequentiallyConsistent)
            }
            return index
        }
        #expect(made.next() == 0)
        made.finish()
        let isFinished = finished.load(ordering: .sequentiallyConsistent)
        #expect(isFinished)
        #expect(made.next() == nil)
    }
}

import Synchronization
import Testing

@testable import Landscape

@Suite("Items mapped on several threads")
struct ParallelMapTests {
    @Test("largest first: the items are handed out by size, ties in order, and the results keep the items' order")
    func largestFirst() {
        let sizes = [3, 9, 1, 9, 4, 0, 7]
        let handed = Mutex<[Int]>([])
        // One thread: the items are handed out in the order a worker takes them.
        let results = parallelMap(Array(sizes.indices), jobs: 1, largestFirst: { sizes[$0] }) { index in
            handed.withLock { $0.append(index) }
            return sizes[index] * 10
        }
        #expect(handed.withLock { $0 } == [1, 3, 6, 4, 0, 2, 5])
        #expect(results == sizes.map { $0 * 10 })
        let onThree = parallelMap(Array(0..<500), jobs: 3, largestFirst: { $0 % 17 }) { $0 * 2 }
        #expect(onThree == (0..<500).map { $0 * 2 })
    }
}

import Dispatch
import Synchronization
import Testing

@testable import Landscape

@Suite("A value folded on a thread of its own")
struct FoldBehindTests {
    @Test("blocks are folded in the order given, on one core or two, and the fold ends with the last")
    func inOrder() {
        for cores in [1, 2] {
            let fold = FoldBehind([Int](), cores: cores)
            for block in 0..<500 {
                // Early blocks take longer: a fold that ran them out of order would show it.
                fold.add { folded in
                    if block < 3 { usleep(2000) }
                    folded.append(block)
                }
            }
            #expect(fold.finish() == Array(0..<500), "cores \(cores)")
        }
    }

    @Test("no more than two blocks wait for a fold that falls behind")
    func boundedWaiting() {
        let fold = FoldBehind(0, cores: 2)
        let given = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let most = Atomic<Int>(0)
        for _ in 0..<40 {
            given.add(1, ordering: .sequentiallyConsistent)
            let waiting = given.load(ordering: .sequentiallyConsistent) - done.load(ordering: .sequentiallyConsistent)
            most.store(max(most.load(ordering: .relaxed), waiting), ordering: .relaxed)
            fold.add { folded in
                usleep(500)
                folded += 1
                done.add(1, ordering: .sequentiallyConsistent)
            }
        }
        #expect(fold.finish() == 40)
        // The one being folded, two waiting, and the one being given.
        #expect(most.load(ordering: .relaxed) <= 4)
    }
}

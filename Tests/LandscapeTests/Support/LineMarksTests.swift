import Testing

@testable import Landscape

@Suite("A mark for each line, a bit each")
struct LineMarksTests {
    @Test("marks read back as the flags they were made of, or as marked one by one, across words, and count once each")
    func asFlags() {
        var random = IncrementalMergeTests.SplitMix(state: 8)
        for count in [0, 1, 63, 64, 65, 1_000, 4_097] {
            let flags = (0..<count).map { _ in random.next(7) == 0 }
            let made = LineMarks(flags)
            #expect(Array(made) == flags && made.count == count, "\(count) lines")
            #expect(made.markedCount == flags.count { $0 }, "\(count) lines")
            var marked = LineMarks(count: count)
            for line in flags.indices.reversed() where flags[line] {
                let isNew = marked.mark(line)
                #expect(isNew)
            }
            // A line marked again is not counted again.
            if let first = flags.firstIndex(of: true) {
                let isNew = marked.mark(first)
                #expect(!isNew)
            }
            #expect(marked == made, "\(count) lines")
        }
    }
}

extension LineMarks {
    /// The lines of `flags`, those true marked.
    init(_ flags: [Bool]) {
        self.init(count: flags.count)
        for (line, flag) in flags.enumerated() where flag { mark(line) }
    }
}

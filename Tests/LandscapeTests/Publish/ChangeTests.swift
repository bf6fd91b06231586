import Testing

@testable import Landscape

@Suite("Publish: the changes between two snapshots' deals")
struct ChangeTests {
    static func deal(_ id: Int, day: Int, value: Double?, sources: [String]) -> Deal {
        let parties = ["hanmi", "astellas"].map {
            DealParty(entityID: $0, name: $0.capitalized, country: "KR", kind: .company)
        }
        return Deal(
            dealID: "dl_\(id)", parties: parties, dealType: .licensing, modalities: ["adc"], valueUSD: value,
            upfrontUSD: nil, status: .announced, announced: day < 0 ? nil : "2026-0\(1 + day / 28)-1\(day % 9)",
            confidence: 0.7,
            sources: sources.map { DealSource(articleID: $0, url: nil, title: nil, published: nil, evidence: "") })
    }

    /// What the changes are, said plainly: every deal looked up by id.
    static func expected(old: [Deal], new: [Deal]) -> [Change] {
        let before = Dictionary(old.map { ($0.dealID, $0) }, uniquingKeysWith: { first, _ in first })
        let ids = Set(new.map(\.dealID))
        var changes: [Change] = []
        for deal in new {
            guard let was = before[deal.dealID] else {
                changes.append(Change(dealID: deal.dealID, change: .added, fields: []))
                continue
            }
            var fields: [String] = []
            if was.valueUSD != deal.valueUSD { fields.append("value_usd") }
            if was.announced != deal.announced { fields.append("announced") }
            if was.sources.map(\.articleID) != deal.sources.map(\.articleID) { fields.append("sources") }
            if !fields.isEmpty { changes.append(Change(dealID: deal.dealID, change: .updated, fields: fields)) }
        }
        for deal in old where !ids.contains(deal.dealID) {
            changes.append(Change(dealID: deal.dealID, change: .removed, fields: []))
        }
        return changes
    }

    @Test("deals added, removed, given a new day, value or source are found, in lists newest first or in any order")
    func changes() {
        var state: UInt64 = 5
        func next(_ bound: Int) -> Int { Int(splitMix(&state) % UInt64(bound)) }
        for round in 0..<20 {
            let old = (0..<300).map {
                Self.deal($0, day: next(10) == 0 ? -1 : next(200), value: next(2) == 0 ? nil : 1e6, sources: ["a\($0)"])
            }
            var new: [Deal] = []
            for deal in old {
                var deal = deal
                switch next(12) {
                case 0: continue
                case 1: deal.announced = "2026-02-0\(1 + next(9))"
                case 2: deal.valueUSD = 5e6
                case 3:
                    deal.sources.append(DealSource(articleID: "b", url: nil, title: nil, published: nil, evidence: ""))
                case 4: deal.flags = ["watch-list"]
                default: break
                }
                new.append(deal)
            }
            new += (0..<20).map { Self.deal(1000 + $0, day: next(200), value: nil, sources: ["n\($0)"]) }
            let sorted = (old.sorted(by: DealMerger.isListedBefore), new.sorted(by: DealMerger.isListedBefore))
            // Every seventh deal first, in a fixed order that is not newest first.
            let mixed = new.indices.sorted { ($0 * 7) % new.count < ($1 * 7) % new.count }.map { new[$0] }
            for (a, b) in [sorted, (old, new), (sorted.0, mixed), (Array(old.reversed()), sorted.1)] {
                let found = Change.between(old: a, new: b)
                #expect(found == Self.expected(old: a, new: b), "round \(round)")
                #expect(found.contains { $0.change == .removed } && found.contains { $0.change == .updated })
            }
        }
    }

    @Test(
        "the changes of new deals handed over a block at a time are those of the lists held, and the reports list the same deals, in lists newest first or in any order"
    )
    func walkedChanges() throws {
        var state: UInt64 = 9
        func next(_ bound: Int) -> Int { Int(splitMix(&state) % UInt64(bound)) }
        for round in 0..<10 {
            // More than the reports list of each kind in some rounds, fewer in others.
            let (count, fresh) = round % 2 == 0 ? (300, 20) : (900, 150)
            let old = (0..<count).map {
                Self.deal($0, day: next(10) == 0 ? -1 : next(200), value: next(2) == 0 ? nil : 1e6, sources: ["a\($0)"])
            }.sorted(by: DealMerger.isListedBefore)
            var new: [Deal] = []
            for deal in old {
                var deal = deal
                switch next(8) {
                case 0: continue
                case 1: deal.announced = "2026-02-0\(1 + next(9))"
                case 2: deal.valueUSD = 5e6
                default: break
                }
                new.append(deal)
            }
            new += (0..<fresh).map { Self.deal(5000 + $0, day: next(200), value: nil, sources: ["n\($0)"]) }
            let mixed = new.indices.sorted { ($0 * 7) % new.count < ($1 * 7) % new.count }.map { new[$0] }
            for (a, b) in [(old, new.sorted(by: DealMerger.isListedBefore)), (Array(old.reversed()), mixed)] {
                // Said plainly, not by `between`, which walks too.
                let changes = Self.expected(old: a, new: b)
                #expect(Change.between(old: a, new: b) == changes)
                let since = ReportData.since(parentID: "p", changes: changes, now: b, before: a, jobs: 2)
                for blockSize in [1, 7, 1000] {
                    // The old deals held, or read in runs of another size.
                    var walk =
                        blockSize == 7
                        ? ChangeWalk(old: a)
                        : ChangeWalk(oldCount: a.count, runDeals: blockSize == 1 ? 64 : 5) { places in
                            #expect(places.count <= (blockSize == 1 ? 64 : 5))
                            return Array(a[places])
                        }
                    for start in stride(from: 0, to: b.count, by: blockSize) {
                        try walk.add(b[start..<min(start + blockSize, b.count)])
                    }
                    let walked = try walk.finish(parentID: "p")
                    #expect(walked.changes == changes, "round \(round), block \(blockSize)")
                    #expect(walked.since.added == since.added && walked.since.updated == since.updated)
                    #expect(walked.since.removed == since.removed && walked.since.parentID == "p")
                    #expect(
                        [walked.since.addedCount, walked.since.updatedCount, walked.since.removedCount] == [
                            since.addedCount, since.updatedCount, since.removedCount,
                        ])
                }
                #expect(since.unlisted > 0 || round % 2 == 0)
            }
        }
    }
}

import Foundation
import Testing

@testable import Landscape

/// A night that writes the months it changes as it makes them, a block at a time, makes the
/// landscape a night in memory makes and then writes out.
extension SnapshotLineageTests {
    /// The samples' landscape after a night of `parsed`, made both ways: in memory and written
    /// out after, and written as it is made (nil when that way declines the night).
    func bothNights(_ parsed: [Article], parent: ParentArticles, seenAt: Timestamp) throws -> (
        inMemory: ArticleLandscape, written: ArticleLandscape?, tallies: (RowTally, RowTally)
    ) {
        let (memoryFolder, writtenFolder) = (
            try TestPaths.makeTemporaryDirectory("in-memory"), try TestPaths.makeTemporaryDirectory("written")
        )
        let tallies = (RowTally(), RowTally())
        let inMemory = try ArticleLandscape.night(parsed: parsed, parent: parent, seenAt: seenAt, jobs: 2)
            .spilled(into: memoryFolder, stamps: FileStamps(), tally: tallies.0, jobs: 2)
        let written = try ArticleLandscape.night(
            parsed: parsed, parent: parent, seenAt: seenAt, writingTo: writtenFolder, stamps: FileStamps(),
            tally: tallies.1, jobs: 2)
        return (inMemory, written, tallies)
    }

    /// An article of the samples' landscape, new tonight, published at `published`.
    static func newArticle(_ id: String, published: Timestamp?, seenAt: Timestamp) -> Article {
        Article(
            articleID: id, url: "https://example.org/\(id)", canonicalURL: "https://example.org/\(id)",
            sourceID: "feed0", title: "Report \(id)", published: published, summary: "A report, \(id).", content: nil,
            language: "en", authors: [], categories: [], firstSeen: seenAt)
    }

    @Test(
        "a night written as it is made files, orders, digests and groups every article as a night in memory written out after"
    )
    func writtenNightIsTheNightInMemory() throws {
        let (snapshot, _, parent) = try samplesAsParent(jobs: 2)
        #expect(parent.months.count >= 3)
        let later = Self.at(night: 2)
        let source = try #require(parent.months.max { $0.count < $1.count })
        let middle = try #require(parent.months.first { $0.month != source.month })
        let oldArticles = try source.articles()
        #expect(oldArticles.count >= 2)
        // Seen again with a corrected summary; then a teaser of it without text or date.
        var corrected = oldArticles[0]
        corrected.summary = (corrected.summary ?? "") + " The terms were confirmed."
        var teaser = corrected
        teaser.content = nil
        teaser.published = nil
        teaser.firstSeen = later
        // Seen again with a date of another month: it moves there.
        var moved = oldArticles[1]
        let target = try #require(try middle.articles().first)
        moved.published = target.published ?? target.firstSeen
        #expect(RecordSet.month(of: moved) == middle.month)
        // New: one about the oldest month, one in a month no article was in, one seen twice.
        let late = Self.newArticle("new-in-an-old-month", published: oldArticles[0].published, seenAt: later)
        let future = Self.newArticle(
            "new-in-a-new-month", published: Timestamp(secondsSinceEpoch: 1_924_992_000), seenAt: later)
        var twice = Self.newArticle("new-seen-twice", published: oldArticles[0].published, seenAt: later)
        let parsed = [corrected, late, twice, future, teaser, moved]
        twice.summary = "A fuller report."
        // Every month touched (a backfill of the landscape's years): nothing is at rest, and
        // every month is written as it is made, none held whole.
        let everyMonth = try parent.months.map { try #require(try $0.articles().first) } + [late, future]
        let scenarios = [[corrected], [late], [moved], [future], parsed + [twice], [teaser, corrected], everyMonth]
        for (number, scenario) in scenarios.enumerated() {
            let (inMemory, maybeWritten, tallies) = try bothNights(scenario, parent: parent, seenAt: later)
            let written = try #require(maybeWritten, "scenario \(number)")
            #expect(written.newCount == inMemory.newCount && written.count == inMemory.count, "scenario \(number)")
            #expect(written.identity == inMemory.identity, "scenario \(number)")
            #expect(written.months.map(\.month) == inMemory.months.map(\.month), "scenario \(number)")
            #expect(tallies.0.totals.written == tallies.1.totals.written, "scenario \(number)")
            for (month, expected) in zip(written.months, inMemory.months) {
                #expect(month.index == expected.index && month.parentGroups == expected.parentGroups, "\(month.month)")
                #expect(try month.articles() == expected.articles(), "\(month.month)")
                switch (month.storage, expected.storage) {
                case (.spilled(let file), .spilled(let other)):
                    #expect(try TestPaths.bytes(file.path) == TestPaths.bytes(other.path), "\(month.month)")
                    #expect(file.sha256 == other.sha256 && file.groups == other.groups, "\(month.month)")
                case (.atRest, .atRest): break
                default: Issue.record("scenario \(number): \(month.month) is not kept as the night in memory keeps it")
                }
            }
            if number == scenarios.count - 1 {
                #expect(written.months.allSatisfy { $0.isSpilled } && written.newCount == 2)
            }
        }
        // A first night is made in memory: it holds every article from parse anyway.
        #expect(
            try ArticleLandscape.night(
                parsed: parsed, parent: ParentArticles(), seenAt: later,
                writingTo: try TestPaths.makeTemporaryDirectory("first"), stamps: FileStamps(), tally: RowTally(),
                jobs: 2) == nil)
        // An article seen again with its dates as they were is merged as its month is written:
        // the month is read once. One with a new date is read from its month before.
        let readBefore = snapshot.tally.totals.read
        let sameDates = try ArticleLandscape.night(
            parsed: [corrected], parent: parent, seenAt: later,
            writingTo: try TestPaths.makeTemporaryDirectory("read-once"), stamps: FileStamps(), tally: RowTally(),
            jobs: 2)
        #expect(sameDates != nil && snapshot.tally.totals.read - readBefore == source.count)
        let readMoved = snapshot.tally.totals.read
        let movedNight = try ArticleLandscape.night(
            parsed: [moved], parent: parent, seenAt: later,
            writingTo: try TestPaths.makeTemporaryDirectory("read-twice"), stamps: FileStamps(), tally: RowTally(),
            jobs: 2)
        #expect(
            movedNight != nil && snapshot.tally.totals.read - readMoved == 2 * source.count + middle.count,
            "\(parent.months.map(\.count)) \(source.month) \(middle.month)")
    }
}

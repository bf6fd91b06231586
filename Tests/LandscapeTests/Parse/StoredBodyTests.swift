import Foundation
import Testing

@testable import Landscape

@Suite("Bodies let go after fetch are read back from the store when parsed")
struct StoredBodyTests {
    static let seen = Timestamp(secondsSinceEpoch: 1_780_000_000)

    static func result(_ id: String, _ body: [UInt8]) -> FetchResult {
        FetchResult(
            source: FeedSource(id: id, url: "https://\(id).example/feed"), status: .fetched, body: body,
            bodySHA256: SHA256.hex(body), contentType: "application/rss+xml")
    }

    @Test("a body let go keeps its size, and parses from the store to the articles it gave in memory")
    func letGoBodyParsesTheSame() throws {
        let names = ["korea-bio-digest.rdf", "asia-biotech-wire.xml", "japan-pharma-brief.xml"]
        let bodies = try names.map { try TestPaths.bytes(TestPaths.samplesFeeds + "/" + $0) }
        let held = zip(names, bodies).map { Self.result($0, $1) }
        var letGo = held
        for index in letGo.indices { letGo[index].letGoOfBody() }
        #expect(letGo.allSatisfy { $0.body.isEmpty && $0.isBodyLetGo })
        #expect(letGo.map(\.bytes) == bodies.map(\.count))
        let store = Dictionary(uniqueKeysWithValues: bodies.map { (SHA256.hex($0), $0) })
        let fromMemory = ParseStage.run(held, jobs: 2, seenAt: Self.seen)
        let fromStore = ParseStage.run(letGo, jobs: 2, seenAt: Self.seen, storedBody: { store[$0] })
        #expect(fromStore.articles.count > 20)
        #expect(fromStore.articles.jsonLines() == fromMemory.articles.jsonLines())
        #expect(fromStore.outcomes.map(\.items) == fromMemory.outcomes.map(\.items))
        // An empty body is no body let go: it is parsed as it is.
        let empty = Self.result("empty", [])
        #expect(!empty.isBodyLetGo && empty.bytes == 0)
    }

    @Test("a body gone from the store fails its feed alone, naming it; the others parse")
    func goneBodyFailsOnlyItsFeed() throws {
        let body = try TestPaths.bytes(TestPaths.samplesFeeds + "/asia-biotech-wire.xml")
        var gone = Self.result("gone", Array("<rss><channel><item><title>x</title></item></channel></rss>".utf8))
        gone.letGoOfBody()
        var kept = Self.result("kept", body)
        kept.letGoOfBody()
        let parsed = ParseStage.run(
            [gone, kept], jobs: 2, seenAt: Self.seen, storedBody: { $0 == SHA256.hex(body) ? body : nil })
        let error = try #require(parsed.outcomes[0].error)
        #expect(error.code == .bodyGone && error.description.contains("https://gone.example/feed"))
        #expect(parsed.outcomes[1].error == nil && parsed.outcomes[1].items > 0)
        #expect(!parsed.articles.isEmpty && parsed.articles.allSatisfy { $0.sourceID == "kept" })
    }
}

import Foundation
import Testing

@testable import Landscape

@Suite("A month's fingerprints merged from the parent's as they are read")
struct FingerprintMergeTests {
    /// Five articles of the parent's month and two new ones, each text its own.
    static let earlierArticles = (0..<5).map { number in
        Fixtures.article(
            "Harbour Bio and Tidewater Labs set out licence terms, round \(number), with payments in stages.",
            title: "Licence round \(number)", id: "old\(number)", url: "https://one.example/\(number)",
            published: "2025-05-2\(number)")
    }
    static let newArticles = (0..<2).map { number in
        Fixtures.article(
            "Quayside Therapeutics will make the antibody for Northwind Pharma under a supply deal \(number).",
            title: "Supply deal \(number)", id: "new\(number)", url: nil, published: "2025-05-1\(number)")
    }

    let options = DedupeOptions()
    var hasher: MinHasher { ArticleDeduper.hasher(options) }

    /// The fingerprints `rows` ask for, one article after another, as a month in memory takes them.
    func appended(_ rows: [Int32], earlier: ArticleFingerprints, fresh: ArticleFingerprints) -> ArticleFingerprints {
        var made = ArticleFingerprints(hasher: hasher)
        var next = 0
        for row in rows {
            if row >= 0 {
                made.append(article: Int(row), of: earlier)
            } else {
                made.append(article: next, of: fresh)
                next += 1
            }
        }
        return made
    }

    /// `fingerprints` handed over `rowsPerPart` articles at a time, as a stored month is read.
    func inParts(_ fingerprints: ArticleFingerprints, rowsPerPart: Int, upTo limit: Int? = nil)
        -> ((Int, ArticleFingerprints) -> Void) -> Void
    {
        { body in
            for first in stride(from: 0, to: limit ?? fingerprints.count, by: rowsPerPart) {
                var part = ArticleFingerprints(hasher: fingerprints.hasher)
                for row in first..<min(first + rowsPerPart, limit ?? fingerprints.count) {
                    part.append(article: row, of: fingerprints)
                }
                body(first, part)
            }
        }
    }

    @Test("kept rows out of order, or beyond the earlier month, are signed again; the rest are kept")
    func rowsKeptInOrder() {
        #expect(ArticleFingerprints.mergeRows([0, 1, -1, 3, 2, 4, 9], earlierCount: 5) == [0, 1, -1, 3, -1, 4, -1])
        #expect(ArticleFingerprints.mergeRows([2, 2, -1], earlierCount: 5) == [2, -1, -1])
        #expect(ArticleFingerprints.mergeRows([], earlierCount: 0) == [])
    }

    @Test("a month merged a part at a time is written byte for byte as the month made in memory, whatever the parts")
    func mergedAsAppended() throws {
        let earlier = ArticleDeduper.fingerprints(Self.earlierArticles, options: options, jobs: 1)
        let fresh = ArticleDeduper.fingerprints(Self.newArticles, options: options, jobs: 1)
        for rows: [Int32] in [[-1, 0, 1, 2, 3, 4, -1], [0, -1, 2, -1, 4], [-1, -1], [0, 1, 2, 3, 4, -1, -1]] {
            let freshCount = rows.count { $0 < 0 }
            let freshPart = appended(Array(repeating: -1, count: freshCount), earlier: earlier, fresh: fresh)
            let expected = appended(rows, earlier: earlier, fresh: freshPart).encoded()
            for rowsPerPart in [1, 2, 5] {
                var written: [UInt8] = []
                let isWhole = ArticleFingerprints.write(
                    merging: rows, fresh: freshPart, earlier: inParts(earlier, rowsPerPart: rowsPerPart)
                ) { written += $0 }
                #expect(isWhole, "\(rows), \(rowsPerPart) a part")
                #expect(written == expected, "\(rows), \(rowsPerPart) a part")
            }
        }
    }

    @Test("an earlier month that stops before a kept row, or fresh fingerprints of another count, make no month")
    func shortInputsRefused() {
        let earlier = ArticleDeduper.fingerprints(Self.earlierArticles, options: options, jobs: 1)
        let fresh = ArticleDeduper.fingerprints(Self.newArticles, options: options, jobs: 1)
        let rows: [Int32] = [0, -1, 3, -1, 4]
        for limit in [0, 2, 4] {
            let isWhole = ArticleFingerprints.write(
                merging: rows, fresh: fresh, earlier: inParts(earlier, rowsPerPart: 2, upTo: limit)
            ) { _ in }
            #expect(!isWhole, "earlier cut at \(limit)")
        }
        let tooFew = ArticleFingerprints.write(
            merging: [0, -1, -1, -1], fresh: fresh, earlier: inParts(earlier, rowsPerPart: 2)
        ) { _ in }
        #expect(!tooFew)
        let tooMany = ArticleFingerprints.write(
            merging: [0, -1], fresh: fresh, earlier: inParts(earlier, rowsPerPart: 2)
        ) { _ in }
        #expect(!tooMany)
    }

    @Test(
        "a month stored merged with the parent's stored month reads back as the month made in memory; without the parent's, with another count or with its bytes changed, nothing is stored"
    )
    func storedMerged() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cache = StageCache(outputDirectory: folder, pipeline: "merge-test")
        try cache.prepare()
        let store = FingerprintCache(cache: cache)
        let earlier = ArticleDeduper.fingerprints(Self.earlierArticles, options: options, jobs: 1)
        let fresh = ArticleDeduper.fingerprints(Self.newArticles, options: options, jobs: 1)
        let rows: [Int32] = [-1, 0, 2, -1, 4]
        #expect(
            !(try store.store(key: "tonight", merging: rows, fresh: fresh, earlier: ("parent", 5), stamps: FileStamps()))
        )
        #expect(!store.has(key: "tonight"))
        try store.store(key: "parent", earlier)
        #expect(
            !(try store.store(key: "tonight", merging: rows, fresh: fresh, earlier: ("parent", 4), stamps: FileStamps()))
        )
        #expect(!store.has(key: "tonight"))
        // The parent's bytes changed since they were stored: refused before a part is taken.
        let path = cache.entryPath(shelf: FingerprintCache.shelf, key: "parent") + "/fingerprints.bin"
        let bytes = try TestPaths.bytes(path)
        var spoiled = bytes
        spoiled[spoiled.count - 1] ^= 0xFF
        try spoiled.writeFile(path)
        let merged = {
            try store.store(key: "tonight", merging: rows, fresh: fresh, earlier: ("parent", 5), stamps: FileStamps())
        }
        #expect(!(try merged()))
        #expect(!store.has(key: "tonight"))
        try bytes.writeFile(path)
        #expect(try merged())
        let read = try #require(store.month(key: "tonight", stamps: FileStamps(), hasher: hasher))
        #expect(read.encoded() == appended(rows, earlier: earlier, fresh: fresh).encoded())
    }
}

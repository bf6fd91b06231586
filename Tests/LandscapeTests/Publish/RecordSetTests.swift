import Foundation
import Testing

@testable import Landscape

@Suite("Record sets")
struct RecordSetTests {
    @Test("Schemas/record-sets.json, which the Python checks read, says what RecordSet says")
    func schemaFileMatches() throws {
        let path = TestPaths.repositoryRoot + "/Schemas/record-sets.json"
        let object = try JSONSerialization.jsonObject(with: Data(TestPaths.bytes(path)))
        let sets = try #require(object as? [String: [String: Any]])
        #expect(Set(sets.keys) == Set(RecordSet.allCases.map(\.rawValue)))
        for set in RecordSet.allCases {
            let entry = try #require(sets[set.rawValue])
            #expect(entry["schema"] as? String == set.schema)
            #expect(
                FileManager.default.fileExists(atPath: TestPaths.repositoryRoot + "/Schemas/\(set.schema).schema.json"))
            #expect((entry["partitioned_by"] as? String == "month") == set.isPartitionedByMonth, "\(set)")
        }
    }

    @Test("a file's path names its record set, partitioned, gzipped or not; reports have none")
    func pathsNameTheirSet() {
        for set in RecordSet.allCases {
            for compression in OutputOptions.Compression.allCases {
                #expect(RecordSet(path: set.path(compression: compression)) == set)
                if set.isPartitionedByMonth {
                    #expect(RecordSet(path: set.path(month: "2025-05", compression: compression)) == set)
                }
            }
        }
        #expect(RecordSet(path: "network/edges.jsonl.gz") == .edges)
        #expect(RecordSet(path: "network/partnerships.graphml") == nil)
        #expect(RecordSet(path: "deals/2025-05.jsonl") == nil)
        #expect(RecordSet.articles.path(month: "2025-05", compression: .gzip) == "articles/2025-05.jsonl.gz")
        #expect(RecordSet.deals.path(compression: .none) == "deals.jsonl")
        #expect(RecordSet(path: "report.html") == nil)
        #expect(RecordSet(path: "manifest.json") == nil)
        #expect(RecordSet(path: "unknown.jsonl") == nil)
    }
}

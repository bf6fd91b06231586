import Foundation
import Testing

@Suite("Damaged data on the command line")
struct DamagedDataCLITests {
    @Test("snapshots verify names a damaged file and exits 5; a run on a damaged parent exits 5 and publishes nothing")
    func verifyAndRun() throws {
        let output = CLI.scratch + "damaged-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(try CLI.run(["run", "--output", output]).status == 0)
        let whole = try CLI.run(["snapshots", "verify", "--all", "--output", output])
        #expect(whole.status == 0 && whole.output.hasSuffix(": whole\n"))
        let id = try FileManager.default.destinationOfSymbolicLink(atPath: output + "/snapshots/latest")
        try FileManager.default.removeItem(atPath: output + "/snapshots/\(id)/deals.jsonl")

        let verify = try CLI.run(["snapshots", "verify", "--output", output])
        #expect(verify.status == 5)
        #expect(verify.output.contains("\(id): deals.jsonl: missing"))
        let run = try CLI.run(["run", "--output", output])
        #expect(run.status == 5, "\(run.error)")
        #expect(run.error.contains("damaged data: \(output)/snapshots/\(id)/deals.jsonl: missing or unreadable"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: output + "/snapshots/latest") == id)
    }
}

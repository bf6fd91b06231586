import Foundation
import Logging
import Testing

@testable import Landscape

/// What a stage's manifest record counts as its time.
@Suite("Stage records: time between stages")
struct StageTimeTests {
    /// A stage that does nothing: its record's time is what came before it.
    struct InstantStep: StageStep {
        static let stage = Stage.extract
        func count(_ input: Int) -> Int { input }
        func key(_ input: Int) -> String? { nil }
        func run(_ input: Int, key: String?, isCached: Bool) throws -> StepOutput<Int> {
            StepOutput(value: input, outputs: input)
        }
        func load(_ input: Int, key: String?) throws -> StepOutput<Int> { StepOutput(value: input, outputs: input) }
        func published(_ input: Int, by snapshot: PublishedSnapshot) throws -> StepOutput<Int> {
            StepOutput(value: input, outputs: input)
        }
    }

    @Test("the work between two stages counts in the later one, as its rows and memory do")
    func workBetweenStagesCountsInTheLater() throws {
        let folder = try TestPaths.makeTemporaryDirectory()
        let options = RunOptions(pipelinePath: TestPaths.defaultPipeline, outputDirectory: folder, jobs: 1)
        let config = try PipelineConfig.load(path: options.pipelinePath)
        var run = PipelineRun(
            options: options, config: config, plan: try RunPlan(from: .fetch, only: [], snapshot: nil),
            cache: StageCache(outputDirectory: folder, pipeline: config.name), parent: nil, jobs: 1,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        _ = try run.perform(InstantStep(), 1)
        // What a night does between two stages, such as making the landscape before extract.
        Thread.sleep(forTimeInterval: 0.3)
        _ = try run.perform(InstantStep(), 2)
        let (first, second) = (run.records[0], run.records[1])
        #expect(second.seconds >= 0.3)
        // It starts where the one before it ended.
        #expect(second.started.secondsSinceEpoch - first.started.secondsSinceEpoch <= 1)
    }
}

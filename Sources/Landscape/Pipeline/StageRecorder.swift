import Logging

/// Times each stage, logs it, and keeps its manifest record.
struct StageRecorder {
    let logger: Logger
    var records: [StageRecord] = []

    /// Runs `body`, which returns the stage's result, its output count and extra counts.
    mutating func run<Result>(
        _ stage: Stage, inputs: Int, _ body: () throws -> (Result, Int, [String: Int])
    ) rethrows -> Result {
        let started = Timestamp.now
        let clock = ContinuousClock.now
        let (result, outputs, counts) = try body()
        let elapsed = seconds(since: clock)
        records.append(
            StageRecord(
                name: stage, status: .ran, cacheKey: "", started: started, seconds: elapsed, inputs: inputs,
                outputs: outputs, counts: counts))
        logger.info("\(stage.rawValue): \(inputs) in, \(outputs) out, \(format3(elapsed)) s")
        return result
    }

    mutating func cached(_ stage: Stage, outputs: Int) {
        records.append(
            StageRecord(
                name: stage, status: .cached, cacheKey: "", started: .now, seconds: 0, inputs: 0, outputs: outputs,
                counts: [:]))
        logger.info("\(stage.rawValue): reused cached output (\(outputs) records)")
    }
}

func format3(_ value: Double) -> String {
    let rounded = (value * 1000).rounded() / 1000
    return String(rounded)
}

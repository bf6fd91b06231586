import Logging

/// Times each stage, logs it, and keeps its manifest record.
struct StageRecorder {
    let logger: Logger
    var records: [StageRecord] = []

    /// Runs `body`, which returns the stage's result, its output count and extra counts.
    mutating func run<Result>(
        _ stage: Stage, key: String = "", inputs: Int, _ body: () throws -> (Result, Int, [String: Int])
    ) rethrows -> Result {
        let started = Timestamp.now
        let clock = ContinuousClock.now
        let (result, outputs, counts) = try body()
        let elapsed = seconds(since: clock)
        records.append(
            StageRecord(
                name: stage, status: .ran, cacheKey: key, started: started, seconds: elapsed, inputs: inputs,
                outputs: outputs, counts: counts))
        logger.info("\(stage.rawValue): \(inputs) in, \(outputs) out, \(format3(elapsed)) s")
        return result
    }

    /// Sets the cache key of a stage already recorded, for a stage whose key is known only
    /// once it ran (fetch's stands for the bodies it got).
    mutating func setKey(_ key: String, of stage: Stage) {
        guard let index = records.lastIndex(where: { $0.name == stage }) else { return }
        let old = records[index]
        records[index] = StageRecord(
            name: old.name, status: old.status, cacheKey: key, started: old.started, seconds: old.seconds,
            inputs: old.inputs, outputs: old.outputs, counts: old.counts)
    }

    /// Records a stage whose output came from the cache under `key`; `body` loads it and
    /// returns it with its output count.
    mutating func cached<Result>(
        _ stage: Stage, key: String, from origin: String, _ body: () throws -> (Result, Int)
    ) rethrows -> Result {
        let started = Timestamp.now
        let clock = ContinuousClock.now
        let (result, outputs) = try body()
        let elapsed = seconds(since: clock)
        records.append(
            StageRecord(
                name: stage, status: .cached, cacheKey: key, started: started, seconds: elapsed, inputs: 0,
                outputs: outputs, counts: [:]))
        logger.info("\(stage.rawValue): \(outputs) records from \(origin) (\(key.isEmpty ? "no key" : key))")
        return result
    }
}

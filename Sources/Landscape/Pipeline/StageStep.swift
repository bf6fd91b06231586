/// One stage as a run drives it. A stage says what it reads, the key its output is cached
/// under, how it makes that output, and how it reads it back from the stage cache or from a
/// published snapshot; ``PipelineRun/perform(_:_:)`` decides which of these a run calls (from
/// `--from`, `--only` and the cache), times it and writes its manifest record. Adding a stage is
/// a type conforming to this, in `Pipeline/Steps/`, and one line in ``Pipeline``.
protocol StageStep {
    associatedtype Input
    associatedtype Output

    static var stage: Stage { get }

    /// What ``count(_:)`` counts, for the progress line: "feeds", "articles".
    static var unit: String { get }

    /// Records in, for the manifest and the log.
    func count(_ input: Input) -> Int

    /// The key of the output made from `input`: ``StageKey`` over the options, the files they
    /// name and the inputs' keys. Nil for a stage whose key stands for what it got (fetch's,
    /// for the bodies); its ``StepOutput/key`` says it after the stage ran.
    func key(_ input: Input) -> String?

    /// Makes the output and stores it in the cache under `key`. `isCached` says the cache holds
    /// `key` already; only a stage that ``runsWhenCached`` is called then.
    func run(_ input: Input, key: String?, isCached: Bool) throws -> StepOutput<Output>

    /// The output stored under `key` in the cache (nil for a stage not keyed before it runs).
    func load(_ input: Input, key: String?) throws -> StepOutput<Output>

    /// The output the published snapshot that `--only` reruns on was made with.
    func published(_ input: Input, by snapshot: PublishedSnapshot) throws -> StepOutput<Output>

    /// Whether the stage runs even when the cache holds its key: parse does, reusing the
    /// articles of every feed body it parsed before, and says so with ``StepOutput/isUnchanged``.
    var runsWhenCached: Bool { get }
}

extension StageStep {
    var runsWhenCached: Bool { false }
    static var unit: String { "records" }
}

/// What a stage produced, with what its manifest record says of it.
struct StepOutput<Value> {
    var value: Value
    var outputs: Int
    var counts: [String: Int] = [:]
    /// What the run should hear about: logged as warnings when the stage ends.
    var warnings: [String] = []
    /// The key, for a stage that knows it only once it ran.
    var key: String? = nil
    /// The stage ran but found its whole output already cached: it is recorded as cached.
    var isUnchanged = false
}

/// A stage's output with the key standing for it, which later stages' keys are made from.
struct Keyed<Value> {
    var value: Value
    var key: String
}

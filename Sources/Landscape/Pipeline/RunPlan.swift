/// Where each stage of a run gets its output, from `--from`, `--only` and `--snapshot`.
///
/// - A plain run (or `--from fetch`) runs fetch, and every later stage whose cache key is
///   already in the cache is taken from there instead of run.
/// - `--from STAGE` takes the stages before STAGE from their latest cached output (no network,
///   no reparse) and runs STAGE and everything after it.
/// - `--only STAGE,...` reruns those stages on the inputs of a published snapshot (`--snapshot`,
///   by default the latest), which becomes the new snapshot's parent; the stages before them
///   are that snapshot's. Publish always runs: every run ends in a snapshot.
public struct RunPlan: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// Run, unless the cache holds the stage's key.
        case runUnlessCached
        /// Run, whatever the cache holds.
        case run
        /// The stage's latest cached output.
        case latest
        /// The output the base snapshot was made from.
        case snapshot
    }

    public let sources: [Stage: Source]
    /// The snapshot `--only` reruns on (an id, `latest` or a path); nil for other runs.
    public let base: String?

    public subscript(stage: Stage) -> Source { sources[stage] ?? .run }

    /// - Throws: ``RunPlanError`` for flags that do not go together.
    public init(from: Stage, only: [Stage], snapshot: String?) throws(RunPlanError) {
        var sources: [Stage: Source] = [:]
        guard !only.isEmpty else {
            guard snapshot == nil else {
                throw RunPlanError("--snapshot names the snapshot that --only reruns on; give --only too")
            }
            for stage in Stage.allCases {
                switch stage {
                case .fetch, .publish: sources[stage] = stage < from ? .latest : .run
                default: sources[stage] = stage < from ? .latest : (from == .fetch ? .runUnlessCached : .run)
                }
            }
            self.sources = sources
            self.base = nil
            return
        }
        guard from == .fetch else { throw RunPlanError("--from and --only do not go together; give one") }
        let named = Set(only)
        if let early = only.filter({ $0 < .extract }).min() {
            throw RunPlanError(
                "--only \(early.rawValue): fetch, parse and pages cannot rerun on a snapshot's inputs; use --from \(early.rawValue)"
            )
        }
        let first = named.min() ?? .publish
        // Every stage after the first named one reads its output, so it must rerun too.
        let missing = Stage.allCases.filter { $0 > first && $0 < .publish && !named.contains($0) }
        if !missing.isEmpty {
            let all = Stage.allCases.filter { $0 >= first && $0 < .publish }.map(\.rawValue).joined(separator: ",")
            throw RunPlanError(
                "--only: \(missing.map(\.rawValue).joined(separator: ", ")) read\(missing.count == 1 ? "s" : "") the output of \(first.rawValue), so \(missing.count == 1 ? "it" : "they") must rerun too: --only \(all)"
            )
        }
        for stage in Stage.allCases { sources[stage] = stage < first ? .snapshot : .run }
        self.sources = sources
        self.base = snapshot ?? "latest"
    }

    /// `--only`'s list, written `extract,dedupe`.
    public static func stages(_ text: String) throws(RunPlanError) -> [Stage] {
        var stages: [Stage] = []
        for name in text.split(separator: ",") {
            let trimmed = String(name.filter { $0 != " " })
            guard let stage = Stage(rawValue: trimmed) else {
                throw RunPlanError(
                    "--only: unknown stage `\(trimmed)` (stages: \(Stage.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            stages.append(stage)
        }
        guard !stages.isEmpty else { throw RunPlanError("--only needs at least one stage") }
        return stages
    }
}

/// Flags of `landscape run` that do not go together (exit code 2).
public struct RunPlanError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Aggregate: the deals rolled up by country, pair, type, modality, month and organisation.
struct AggregateStep: StageStep {
    static let stage = Stage.aggregate
    static let unit = "deals"
    let cache: StageCache

    func count(_ deduped: Keyed<DedupeStep.Deduped>) -> Int { deduped.value.deals.count }

    func key(_ deduped: Keyed<DedupeStep.Deduped>) -> String? {
        StageKey.make(.aggregate, inputs: ["dedupe \(deduped.key)"])
    }

    func run(_ deduped: Keyed<DedupeStep.Deduped>, key: String?, isCached: Bool) throws -> StepOutput<[AggregateRow]> {
        let rows = AggregateStage.run(deduped.value.deals)
        try cache.store(.aggregate, key: key ?? "", files: [(Self.file, rows.jsonLines())])
        return StepOutput(value: rows, outputs: rows.count)
    }

    func load(_ deduped: Keyed<DedupeStep.Deduped>, key: String?) throws -> StepOutput<[AggregateRow]> {
        let rows = try cache.load(AggregateRow.self, .aggregate, key: key ?? "", file: Self.file)
        return StepOutput(value: rows, outputs: rows.count)
    }

    func published(_ deduped: Keyed<DedupeStep.Deduped>, by snapshot: PublishedSnapshot) throws -> StepOutput<
        [AggregateRow]
    > {
        let rows = try snapshot.records(AggregateRow.self, .aggregates)
        return StepOutput(value: rows, outputs: rows.count)
    }

    private static let file = "aggregates.jsonl"
}

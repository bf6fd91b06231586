/// Aggregate: the deals flagged by the pipeline's policy rules, and rolled up by country, pair,
/// type, modality, month, organisation, flag, bloc and the fragmentation trend.
struct AggregateStep: StageStep {
    static let stage = Stage.aggregate
    static let unit = "deals"
    let cache: StageCache
    let policy: PolicyLens

    /// The deals with their flags, the rows, and the partnership network.
    struct Aggregated {
        var deals: [Deal]
        var rows: [AggregateRow]
        var network: PartnershipNetwork
    }

    /// The network costs little to build again, so it is built on every path, never cached.
    private func aggregated(_ deals: [Deal], _ rows: [AggregateRow]) -> Aggregated {
        Aggregated(deals: deals, rows: rows, network: PartnershipNetwork(deals: deals, blocs: policy.blocs))
    }

    func count(_ deduped: Keyed<DedupeStep.Deduped>) -> Int { deduped.value.deals.count }

    func key(_ deduped: Keyed<DedupeStep.Deduped>) -> String? {
        StageKey.make(.aggregate, inputs: ["dedupe \(deduped.key)", "policy \(policy.digest)"])
    }

    func run(_ deduped: Keyed<DedupeStep.Deduped>, key: String?, isCached: Bool) throws -> StepOutput<Aggregated> {
        let deals = policy.flagged(deduped.value.deals)
        let rows = AggregateStage.run(deals, blocs: policy.blocs)
        try cache.store(.aggregate, key: key ?? "", files: [(Self.file, rows.jsonLines())])
        return StepOutput(
            value: aggregated(deals, rows), outputs: rows.count,
            counts: ["flagged_deals": deals.count { !$0.flags.isEmpty }])
    }

    /// Flags cost little to set again, so the cache keeps only the rows.
    func load(_ deduped: Keyed<DedupeStep.Deduped>, key: String?) throws -> StepOutput<Aggregated> {
        let rows = try cache.load(AggregateRow.self, .aggregate, key: key ?? "", file: Self.file)
        return StepOutput(
            value: aggregated(policy.flagged(deduped.value.deals), rows), outputs: rows.count)
    }

    func published(_ deduped: Keyed<DedupeStep.Deduped>, by snapshot: PublishedSnapshot) throws -> StepOutput<
        Aggregated
    > {
        let rows = try snapshot.records(AggregateRow.self, .aggregates)
        return StepOutput(value: aggregated(deduped.value.deals, rows), outputs: rows.count)
    }

    private static let file = "aggregates.jsonl"
}

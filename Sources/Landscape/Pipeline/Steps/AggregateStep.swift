/// Aggregate: the deals flagged by the pipeline's policy rules, and rolled up by country, pair,
/// type, modality, month, organisation, flag, bloc and the fragmentation trend.
struct AggregateStep: StageStep {
    static let stage = Stage.aggregate
    static let unit = "deals"
    let cache: StageCache
    let policy: PolicyLens
    /// The parent's edges, when they can stand for those of the pairs a night's patched deals
    /// leave alone (``ParentNetwork``).
    var parentEdges: PartnershipNetwork.ParentEdgesFile? = nil
    let jobs: Int

    /// The deals with their flags, the rows, and the partnership network. Taken from the cache,
    /// the deals and network are made only if publish needs them: a night whose deals are the
    /// parent's links their files unread.
    struct Aggregated {
        var deals: DealRecords
        var rows: [AggregateRow]
        var network: Deferred<PartnershipNetwork>
        /// What publish reads of the deals, when they were streamed: read in the same pass.
        var patchReading: PatchReading? = nil
    }

    /// Flags and the network cost little to make again, so they are made on every path, never
    /// cached, but only when asked for.
    private func aggregated(_ deduped: DealRecords, _ rows: [AggregateRow], flagging: Bool = true) -> Aggregated {
        let (policy, jobs) = (policy, jobs)
        let deals =
            flagging
            ? DealRecords(count: deduped.count, read: { policy.flagged(try deduped.all(), jobs: jobs) }) : deduped
        return Aggregated(
            deals: deals, rows: rows,
            network: Deferred { PartnershipNetwork(deals: try deals.all(), blocs: policy.blocs) })
    }

    func count(_ deduped: Keyed<DedupeStep.Deduped>) -> Int { deduped.value.deals.count }

    func key(_ deduped: Keyed<DedupeStep.Deduped>) -> String? {
        Self.key(dedupe: deduped.key, policy: policy)
    }

    /// The key of aggregating the output of dedupe's key `dedupe` under `policy`.
    static func key(dedupe: String, policy: PolicyLens) -> String {
        StageKey.make(.aggregate, inputs: ["dedupe \(dedupe)", "policy \(policy.digest)"])
    }

    func run(_ deduped: Keyed<DedupeStep.Deduped>, key: String?, isCached: Bool) throws -> StepOutput<Aggregated> {
        if let stream = deduped.value.deals.stream {
            return try run(streaming: stream, of: deduped.value.deals, key: key)
        }
        let deals = policy.flagged(try deduped.value.deals.take(), jobs: jobs)
        // The network is made on one core while the rows are rolled up on all.
        let blocs = policy.blocs
        let network = Deferred { PartnershipNetwork(deals: deals, blocs: blocs) }
        network.prefetch(cores: jobs)
        let rows = AggregateStage.run(deals, blocs: blocs, jobs: jobs)
        try cache.store(.aggregate, key: key ?? "", files: [(Self.file, rows.jsonLines())])
        return StepOutput(
            value: Aggregated(deals: DealRecords(deals), rows: rows, network: network), outputs: rows.count,
            counts: ["flagged_deals": deals.count { !$0.flags.isEmpty }, "deals_streamed": 0])
    }

    /// The rows and the network folded over the deals a block at a time, each block flagged as
    /// it is read: a night's deals, the parent's file patched, are never all decoded here, and
    /// publish reads them as the same stream.
    private func run(streaming stream: DealStream, of deduped: DealRecords, key: String?) throws -> StepOutput<
        Aggregated
    > {
        let (policy, jobs) = (policy, jobs)
        let flagged = stream.map { policy.flagged($0) }
        // The rows and what publish reads are tallied each on a thread of its own while the
        // network is made here and the next block decoded: a tally of a million deals' rows
        // takes some three seconds of a core, what publish reads as much again.
        let rollup = FoldBehind(
            DealHalves(count: stream.count, AggregateStage.Tallies(blocs: policy.blocs)), cores: jobs)
        let reading = FoldBehind(
            flagged.patch.map { PatchReading.Folding($0, count: stream.count, blocs: policy.blocs) }, cores: jobs)
        // On a night that patched the parent's deals, only the edges of the pairs their merge
        // touched are held; the rest are the parent's.
        let patching = flagged.patch.flatMap { patch in
            parentEdges.map { (file: $0, touched: PartnershipNetwork.pairs(of: patch.replaced + patch.merged)) }
        }
        var network =
            patching.map { PartnershipNetwork.Builder(blocs: policy.blocs, keepingOnly: $0.touched) }
            ?? PartnershipNetwork.Builder(blocs: policy.blocs)
        var flaggedDeals = 0
        // The blocks are decoded here, on one core, while the tallies fold behind on threads
        // of their own: the stream still keeps two cores busy. Decoded on every core, each
        // block's deals were made in the arenas of threads the tallies grew in too, which kept
        // the pages the two shared: a million articles' night went into publish holding 5 MB
        // more, and peaked 6 MB higher, for a second less of aggregate's seven.
        // Tonight's own deals (a build's, woven) are decoded on every core: nothing else is
        // held beside them, and a million took seven seconds of one.
        let decodingJobs = flagged.patch?.isParents == false ? jobs : 1
        try flagged.forEachBlock(jobs: decodingJobs) { start, block in
            rollup.add { $0.add(block, start: start) }
            reading.add { $0?.add(block, start: start) }
            for deal in block {
                network.add(deal)
                if !deal.flags.isEmpty { flaggedDeals += 1 }
            }
        }
        let rows = AggregateStage.rows(of: rollup.finish())
        try cache.store(.aggregate, key: key ?? "", files: [(Self.file, rows.jsonLines())])
        // A publish that needs the deals whole reads them once more, flagged alike.
        let deals = DealRecords(stream: flagged, read: { policy.flagged(try deduped.take(), jobs: jobs) })
        var warnings: [String] = []
        let made: PartnershipNetwork?
        if let patching {
            do {
                made = try network.network(patching: patching.file)
            } catch {
                // The parent's edges are not those of its deals: every edge is made again.
                warnings.append("the parent's network could not be patched, made whole: \(error)")
                made = nil
            }
        } else {
            made = network.network()
        }
        let blocs = policy.blocs
        return StepOutput(
            value: Aggregated(
                deals: deals, rows: rows,
                network: made.map { Deferred($0) }
                    ?? Deferred { PartnershipNetwork(deals: try deals.all(), blocs: blocs) },
                patchReading: reading.finish()?.reading),
            outputs: rows.count,
            counts: [
                "flagged_deals": flaggedDeals, "deals_streamed": stream.count,
                "network_edges_held": made?.edges.count ?? 0,
            ], warnings: warnings)
    }

    /// Flags cost little to set again, so the cache keeps only the rows.
    func load(_ deduped: Keyed<DedupeStep.Deduped>, key: String?) throws -> StepOutput<Aggregated> {
        let rows = try cache.load(AggregateRow.self, .aggregate, key: key ?? "", file: Self.file)
        return StepOutput(
            value: aggregated(deduped.value.deals, rows), outputs: rows.count)
    }

    func published(_ deduped: Keyed<DedupeStep.Deduped>, by snapshot: PublishedSnapshot) throws -> StepOutput<
        Aggregated
    > {
        let rows = try snapshot.records(AggregateRow.self, .aggregates)
        return StepOutput(value: aggregated(deduped.value.deals, rows, flagging: false), outputs: rows.count)
    }

    private static let file = "aggregates.jsonl"
}
